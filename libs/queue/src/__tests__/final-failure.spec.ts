import { Logger } from '@nestjs/common';

import { InProcessJobQueue } from '../in-process-job-queue';
import { JobRegistry } from '../job-registry';
import { JOB_DEFAULTS, JobContext, JobHandler, JobName, runJobAttempt } from '../jobs';

/** "Retry, then record the failure on the last attempt", once for every processor and both queue hosts. */
describe('final-failure hook', () => {
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  function failingHandler() {
    const finals: Array<{ data: unknown; message: string; attempt: number }> = [];
    let runs = 0;
    const handler: JobHandler<JobName.GenerateExport> = {
      async handle() {
        runs++;
        throw new Error(`第 ${runs} 次失败`);
      },
      async onFinalFailure(data, error, context) {
        finals.push({ data, message: error.message, attempt: context.attempt });
      },
    };
    return { handler, finals, runs: () => runs };
  }

  it('is not called before the last attempt: the error goes back to the queue for a retry', async () => {
    const { handler, finals } = failingHandler();
    const context: JobContext = { attempt: JOB_DEFAULTS.attempts - 1, jobId: 'export-1' };
    await expect(runJobAttempt(handler, { exportId: '1' }, context)).rejects.toThrow('第 1 次失败');
    expect(finals).toEqual([]);
  });

  it('is called on the last attempt with its error, and the job then ends', async () => {
    const { handler, finals } = failingHandler();
    const context: JobContext = { attempt: JOB_DEFAULTS.attempts, jobId: 'export-1' };
    await expect(runJobAttempt(handler, { exportId: '1' }, context)).resolves.toBeUndefined();
    expect(finals).toEqual([{ data: { exportId: '1' }, message: '第 1 次失败', attempt: JOB_DEFAULTS.attempts }]);
  });

  it('without a hook, the last attempt fails the job', async () => {
    const handler: JobHandler = {
      async handle() {
        throw new Error('失败');
      },
    };
    await expect(
      runJobAttempt(handler, { exportId: '1' }, { attempt: JOB_DEFAULTS.attempts, jobId: 'x' }),
    ).rejects.toThrow('失败');
  });

  it('the in-process queue retries, then calls the hook once and keeps no failed job', async () => {
    jest.useFakeTimers();
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const { handler, finals, runs } = failingHandler();
    const queue = new InProcessJobQueue({ get: () => handler } as unknown as JobRegistry);
    await queue.enqueue(JobName.GenerateExport, { exportId: 'e1' }, { jobId: 'export-e1' });
    await jest.advanceTimersByTimeAsync(120000);
    await queue.idle(1000);
    expect(runs()).toBe(JOB_DEFAULTS.attempts);
    expect(finals).toEqual([
      { data: { exportId: 'e1' }, message: `第 ${JOB_DEFAULTS.attempts} 次失败`, attempt: JOB_DEFAULTS.attempts },
    ]);
    expect(await queue.failed()).toEqual([]);
  });
});
