/**
 * Queue and job vocabulary. Values are persisted in Redis: never rename one, add new ones instead.
 */
export enum QueueName {
  DomainEvents = 'domain-events',
  SearchIndex = 'search-index',
  Matching = 'matching',
  Files = 'files',
  Imports = 'imports',
  Notifications = 'notifications',
}

export enum JobName {
  /** Fan a committed domain event out to its consumers (search index, matching, indicators…). */
  ProcessDomainEvent = 'domain-event.process',
  /** Make the search index agree with PostgreSQL for one row (upsert or remove). */
  SyncSearchDocument = 'search.sync',
  /** Compute and store suggestions for one demand. */
  MatchDemand = 'match.demand',
  /** Reverse-match one achievement against open demands. */
  MatchAchievement = 'match.achievement',
  /** Build one requested export (xlsx, csv, pdf) and store it for download. */
  GenerateExport = 'export.generate',
  /** Validate an uploaded import file and compute its dry-run preview. */
  PreviewImport = 'import.preview',
  /** Apply a previewed import batch to the catalogue. */
  CommitImport = 'import.commit',
  /** Send one notification over one channel (e-mail), retried with backoff. */
  DeliverNotification = 'notification.deliver',
  /** Scheduled: the daily digests and reminders whose hour has come (run hourly by a job scheduler). */
  NotificationSchedule = 'notification.schedule',
}

/** Payloads carry ids, never whole records: handlers reload from PostgreSQL. */
export interface JobPayloads {
  [JobName.ProcessDomainEvent]: { eventId: string };
  /**
   * `unmatchedVersion`: that version of the row changed nothing matching reads, so suggestions that reflect the
   * version before it reflect it too and no match job follows the sync. Absent: the sync is followed by matching.
   */
  [JobName.SyncSearchDocument]: {
    kind: 'achievements' | 'demands' | 'challenges';
    id: string;
    unmatchedVersion?: number;
  };
  [JobName.MatchDemand]: { demandId: string };
  [JobName.MatchAchievement]: { achievementId: string };
  [JobName.GenerateExport]: { exportId: string };
  [JobName.PreviewImport]: { batchId: string };
  [JobName.CommitImport]: { batchId: string };
  [JobName.DeliverNotification]: { deliveryId: string };
  /** `at`: the instant to act as of (tests, manual runs); absent: the time the job runs. */
  [JobName.NotificationSchedule]: { at?: string };
}

export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.ProcessDomainEvent]: QueueName.DomainEvents,
  [JobName.SyncSearchDocument]: QueueName.SearchIndex,
  [JobName.MatchDemand]: QueueName.Matching,
  [JobName.MatchAchievement]: QueueName.Matching,
  [JobName.GenerateExport]: QueueName.Files,
  [JobName.PreviewImport]: QueueName.Imports,
  [JobName.CommitImport]: QueueName.Imports,
  [JobName.DeliverNotification]: QueueName.Notifications,
  [JobName.NotificationSchedule]: QueueName.Notifications,
};

/** Jobs a worker runs at once per queue: index syncs are batched together, matching is CPU-bound. */
export const QUEUE_CONCURRENCY: Record<QueueName, number> = {
  [QueueName.DomainEvents]: 4,
  [QueueName.SearchIndex]: 64,
  [QueueName.Matching]: 2,
  [QueueName.Files]: 2,
  /** One file at a time per worker: a preview or commit is long and PostgreSQL-bound. */
  [QueueName.Imports]: 1,
  [QueueName.Notifications]: 4,
};

export type JobOf<N extends JobName> = { name: N; data: JobPayloads[N] };
export type AnyJob = { [N in JobName]: JobOf<N> }[JobName];

export interface EnqueueOptions {
  /** Deterministic id (`<entity>-<id>-<version>-<job>`; BullMQ forbids ':'): enqueuing twice is a no-op. */
  jobId: string;
  delayMs?: number;
  /**
   * Reconcilers (PostgreSQL says the work is not done): run it unless a job with this id is waiting or running.
   * A job that failed for good is retried (and leaves the failed list once it succeeds); a completed one runs again
   * under a derived id; a fragment Redis left of a lost job (no name, no payload) is removed and the job queued
   * afresh. Without it, any existing job with the same id makes the enqueue a no-op.
   */
  rerun?: boolean;
}

/** A repeating job: BullMQ job schedulers live in Redis, so they survive restarts and exist once however many
 * processes declare them (upsert by id). */
export interface ScheduleOptions {
  /** Stable id: declaring it again replaces it (never a second schedule). */
  schedulerId: string;
  /** Cron pattern, e.g. `0 * * * *` (every hour on the hour). */
  pattern: string;
  /** Time zone of the pattern. */
  tz: string;
}

export interface JobContext {
  attempt: number;
  jobId: string;
}

export interface JobHandler<N extends JobName = JobName> {
  handle(data: JobPayloads[N], context: JobContext): Promise<void>;
  /**
   * Optional: called by either queue host when `handle` failed on the job's last attempt, with that attempt's error.
   * The processor records the failure in its own state (a batch or an export marked failed, in Chinese); once the
   * hook has run, the job ends there (it does not enter the failed list). A hook that throws fails the job.
   * Without a hook, a job out of attempts stays in the failed list for reconcilers and admins.
   */
  onFinalFailure?(data: JobPayloads[N], error: Error, context: JobContext): Promise<void>;
}

/** Whether `attempt` (1-based) is the job's last one. */
export function isFinalAttempt(attempt: number): boolean {
  return attempt >= JOB_DEFAULTS.attempts;
}

/**
 * One attempt of a job, as both queue hosts run it: the handler, then — on the last attempt only — the handler's
 * final-failure hook if it declares one.
 */
export async function runJobAttempt<N extends JobName>(
  handler: JobHandler<N>,
  data: JobPayloads[N],
  context: JobContext,
): Promise<void> {
  try {
    await handler.handle(data, context);
  } catch (err) {
    if (!handler.onFinalFailure || !isFinalAttempt(context.attempt)) throw err;
    await handler.onFinalFailure(data, err instanceof Error ? err : new Error(String(err)), context);
  }
}

/** Failed jobs kept for admins to read (`GET /admin/jobs/failed`), per queue: the newest 1000, at most 7 days. */
export const FAILED_JOBS_KEPT = { count: 1000, age: 7 * 24 * 3600 };

/** Attempts, backoff and retention in one place. */
export const JOB_DEFAULTS = {
  attempts: 6,
  backoff: { type: 'exponential' as const, delay: 1000 },
  removeOnComplete: { count: 1000, age: 24 * 3600 },
  removeOnFail: FAILED_JOBS_KEPT,
};

/** A job that used up its attempts, as admins see it: ids from its payload, never whole records. */
export interface FailedJobView {
  queue: QueueName;
  id: string;
  name: string;
  data: Record<string, unknown>;
  failedReason: string;
  attemptsMade: number;
  /** ISO times: enqueued, last attempt started, failed. */
  createdAt: string | null;
  processedAt: string | null;
  failedAt: string | null;
}
