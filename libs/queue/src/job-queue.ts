import { EnqueueOptions, FailedJobView, JobName, JobPayloads, QueueName, ScheduleOptions } from './jobs';

export interface QueueHealth {
  status: 'up' | 'down';
  mode: 'external' | 'in-process';
  detail?: string;
}

/** The only way producers enqueue work. BullMQ on Redis in production; in-process on embedded defaults. */
export abstract class JobQueue {
  abstract enqueue<N extends JobName>(name: N, data: JobPayloads[N], options: EnqueueOptions): Promise<void>;
  /** Declares (or replaces) a repeating job; idempotent, so every process may declare it at boot. */
  abstract schedule<N extends JobName>(name: N, data: JobPayloads[N], options: ScheduleOptions): Promise<void>;
  abstract health(): Promise<QueueHealth>;
  /** Resolves when nothing is queued or running (in-process), or when the queues are drained (tests). */
  abstract idle(timeoutMs?: number): Promise<void>;
  /** Jobs that used up their attempts (kept bounded, see FAILED_JOBS_KEPT), newest first. */
  abstract failed(queue?: QueueName, limit?: number): Promise<FailedJobView[]>;
  /** Runs failed jobs again (all of `queue`, or those `ids`); returns how many were re-queued. */
  abstract retryFailed(queue?: QueueName, ids?: string[]): Promise<number>;
  /** Forgets failed jobs whose work was done since (by a later job or a reconciler); returns how many. */
  abstract removeFailed(queue: QueueName, ids: string[]): Promise<number>;
}

/** Whether this process consumes jobs: only such a process runs the reconcilers (they feed its own workers). */
export class QueueRole {
  constructor(readonly consumes: boolean) {}
}
