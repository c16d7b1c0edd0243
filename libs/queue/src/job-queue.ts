import { EnqueueOptions, JobName, JobPayloads } from './jobs';

export interface QueueHealth {
  status: 'up' | 'down';
  mode: 'external' | 'in-process';
  detail?: string;
}

/** The only way producers enqueue work. BullMQ on Redis in production; in-process on embedded defaults. */
export abstract class JobQueue {
  abstract enqueue<N extends JobName>(name: N, data: JobPayloads[N], options: EnqueueOptions): Promise<void>;
  abstract health(): Promise<QueueHealth>;
  /** Resolves when nothing is queued or running (in-process), or when the queues are drained (tests). */
  abstract idle(timeoutMs?: number): Promise<void>;
}
