import { EnqueueOptions, FailedJobView, JobName, JobPayloads, JobQueue, QueueHealth } from '@app/queue';
import { Logger } from '@nestjs/common';

import { EventsService } from '../events.service';
import { OUTBOX_BATCH, OUTBOX_POLL_MS, OutboxRelay } from '../outbox-relay';
import { OutboxStore } from '../outbox-store';

/** The domain_events table as the relay sees it: ids in order, dispatched or not; a claim holds rows until it ends. */
class MemoryOutboxStore extends OutboxStore {
  readonly dispatched = new Set<string>();
  private readonly held = new Set<string>();
  private next = 1;
  ids: string[] = [];

  add(count: number): string[] {
    const added = Array.from({ length: count }, () => String(this.next++));
    this.ids.push(...added);
    return added;
  }

  async dispatch(limit: number, send: (ids: string[]) => Promise<void>): Promise<number> {
    const claimed = this.ids.filter((id) => !this.dispatched.has(id) && !this.held.has(id)).slice(0, limit);
    if (claimed.length === 0) return 0;
    claimed.forEach((id) => this.held.add(id));
    try {
      await send(claimed);
      claimed.forEach((id) => this.dispatched.add(id)); // commit
      return claimed.length;
    } finally {
      claimed.forEach((id) => this.held.delete(id)); // commit or rollback releases the rows
    }
  }
}

/** A queue that records what it accepts, and refuses everything while `down` (Redis unreachable). */
class MemoryQueue extends JobQueue {
  readonly jobs: Array<{ name: JobName; data: unknown; jobId: string }> = [];
  down = false;

  async enqueue<N extends JobName>(name: N, data: JobPayloads[N], options: EnqueueOptions): Promise<void> {
    if (this.down) throw new Error('Redis 不可用');
    if (this.jobs.some((j) => j.jobId === options.jobId)) return; // same id: a no-op, as in BullMQ
    this.jobs.push({ name, data, jobId: options.jobId });
  }
  async health(): Promise<QueueHealth> {
    return { status: this.down ? 'down' : 'up', mode: 'in-process' };
  }
  async idle(): Promise<void> {}
  async schedule(): Promise<void> {}
  async failed(): Promise<FailedJobView[]> {
    return [];
  }
  async retryFailed(): Promise<number> {
    return 0;
  }
  async removeFailed(): Promise<number> {
    return 0;
  }
}

describe('OutboxRelay', () => {
  let store: MemoryOutboxStore;
  let queue: MemoryQueue;
  let events: EventsService;
  let relay: OutboxRelay;

  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    store = new MemoryOutboxStore();
    queue = new MemoryQueue();
    events = new EventsService(undefined as never); // only its after-commit hooks are used here
    relay = new OutboxRelay(store, queue, events);
  });

  afterEach(async () => {
    await relay.beforeApplicationShutdown();
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('hands each undispatched event to the queue once, oldest first, under a job id derived from the event', async () => {
    store.add(3);
    expect(await relay.dispatchBatch()).toBe(3);
    expect(queue.jobs).toEqual([
      { name: JobName.ProcessDomainEvent, data: { eventId: '1' }, jobId: 'event-1' },
      { name: JobName.ProcessDomainEvent, data: { eventId: '2' }, jobId: 'event-2' },
      { name: JobName.ProcessDomainEvent, data: { eventId: '3' }, jobId: 'event-3' },
    ]);
    expect([...store.dispatched]).toEqual(['1', '2', '3']);
    expect(await relay.dispatchBatch()).toBe(0);
    expect(queue.jobs).toHaveLength(3);
  });

  it('takes at most one batch per call, and drain goes on until nothing is left', async () => {
    store.add(OUTBOX_BATCH * 2 + 5);
    expect(await relay.dispatchBatch()).toBe(OUTBOX_BATCH);
    await relay.drain();
    expect(store.dispatched.size).toBe(OUTBOX_BATCH * 2 + 5);
    expect(new Set(queue.jobs.map((j) => j.jobId)).size).toBe(OUTBOX_BATCH * 2 + 5);
  });

  it('marks nothing dispatched while the queue is down, and delivers everything once it is back', async () => {
    store.add(2);
    queue.down = true;
    await expect(relay.dispatchBatch()).rejects.toThrow('Redis 不可用');
    expect(store.dispatched.size).toBe(0);
    queue.down = false;
    await relay.drain();
    expect(queue.jobs.map((j) => j.jobId)).toEqual(['event-1', 'event-2']);
    expect(store.dispatched.size).toBe(2);
  });

  it('an event enqueued before a failed commit is enqueued again as the same job (a no-op)', async () => {
    let fail = true;
    const flaky = new (class extends MemoryOutboxStore {
      override async dispatch(limit: number, send: (ids: string[]) => Promise<void>): Promise<number> {
        return super.dispatch(limit, async (ids) => {
          await send(ids);
          if (fail) throw new Error('提交失败'); // the queue accepted the job, the transaction did not commit
        });
      }
    })();
    flaky.add(1);
    const relay2 = new OutboxRelay(flaky, queue, events);
    await expect(relay2.dispatchBatch()).rejects.toThrow('提交失败');
    fail = false;
    await relay2.drain();
    expect(queue.jobs.map((j) => j.jobId)).toEqual(['event-1']);
    expect(flaky.dispatched.size).toBe(1);
    await relay2.beforeApplicationShutdown();
  });

  it('runs at boot and after each commit, and backs off while the queue is down', async () => {
    jest.useFakeTimers();
    relay.onApplicationBootstrap();
    store.add(1);
    await jest.advanceTimersByTimeAsync(0);
    expect(queue.jobs.map((j) => j.jobId)).toEqual(['event-1']);

    // a commit nudges the relay: the new event goes out before the next poll
    store.add(1);
    events.notifyCommitted();
    await jest.advanceTimersByTimeAsync(0);
    expect(queue.jobs.map((j) => j.jobId)).toEqual(['event-1', 'event-2']);

    // queue down: the first retry waits twice the poll interval, the second four times
    queue.down = true;
    store.add(1);
    events.notifyCommitted();
    await jest.advanceTimersByTimeAsync(0);
    queue.down = false;
    await jest.advanceTimersByTimeAsync(OUTBOX_POLL_MS * 2 - 1);
    expect(store.dispatched.has('3')).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(store.dispatched.has('3')).toBe(true);
  });

  it('stops at shutdown: nothing is dispatched after it', async () => {
    jest.useFakeTimers();
    relay.onApplicationBootstrap();
    await relay.beforeApplicationShutdown();
    store.add(1);
    events.notifyCommitted();
    await jest.advanceTimersByTimeAsync(OUTBOX_POLL_MS * 10);
    expect(queue.jobs).toHaveLength(0);
  });
});
