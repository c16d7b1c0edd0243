import { Logger } from '@nestjs/common';

import { InProcessJobQueue } from '../in-process-job-queue';
import { JobRegistry } from '../job-registry';
import { JOB_DEFAULTS, JobHandler, JobName, QueueName } from '../jobs';

/** Embedded mode keeps the same bounded failed-jobs list as BullMQ, in memory. */
describe('InProcessJobQueue failed jobs', () => {
  let failing = true;
  let runs = 0;
  const handler: JobHandler = {
    async handle() {
      runs++;
      if (failing) throw new Error('Meilisearch 不可用');
    },
  };
  const registry = { get: () => handler } as unknown as JobRegistry;

  beforeEach(() => {
    jest.useFakeTimers();
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    failing = true;
    runs = 0;
  });
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  async function failOnce(queue: InProcessJobQueue, id: string): Promise<void> {
    await queue.enqueue(JobName.SyncSearchDocument, { kind: 'achievements', id }, { jobId: `search-${id}` });
    await jest.advanceTimersByTimeAsync(120000);
    await queue.idle(1000);
  }

  it('lists a job once it used up its attempts, and forgets it when a retry succeeds', async () => {
    const queue = new InProcessJobQueue(registry);
    await failOnce(queue, 'a1');
    expect(runs).toBe(JOB_DEFAULTS.attempts);
    const [failed] = await queue.failed();
    expect(failed).toMatchObject({
      queue: QueueName.SearchIndex,
      id: 'search-a1',
      name: JobName.SyncSearchDocument,
      data: { kind: 'achievements', id: 'a1' },
      failedReason: 'Meilisearch 不可用',
      attemptsMade: JOB_DEFAULTS.attempts,
    });
    expect(await queue.failed(QueueName.Matching)).toEqual([]);

    failing = false;
    expect(await queue.retryFailed(QueueName.SearchIndex)).toBe(1);
    await jest.advanceTimersByTimeAsync(10);
    await queue.idle(1000);
    expect(await queue.failed()).toEqual([]);
  });

  it('removes failures whose work is done, and lists the newest first', async () => {
    const queue = new InProcessJobQueue(registry);
    await failOnce(queue, 'b1');
    await failOnce(queue, 'b2');
    expect((await queue.failed()).map((f) => f.id)).toEqual(['search-b2', 'search-b1']);
    expect(await queue.removeFailed(QueueName.Matching, ['search-b1'])).toBe(0);
    expect(await queue.removeFailed(QueueName.SearchIndex, ['search-b1'])).toBe(1);
    expect((await queue.failed()).map((f) => f.id)).toEqual(['search-b2']);
  });
});
