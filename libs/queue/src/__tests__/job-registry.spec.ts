import { Injectable } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';

import { JobProcessor } from '../job-processor.decorator';
import { JobRegistry } from '../job-registry';
import { JobHandler, JobName } from '../jobs';

@Injectable()
@JobProcessor(JobName.ProcessDomainEvent)
class FirstHandler implements JobHandler {
  async handle(): Promise<void> {}
}

@Injectable()
@JobProcessor(JobName.ProcessDomainEvent)
class SecondHandler implements JobHandler {
  async handle(): Promise<void> {}
}

/** Stand-ins for every other job, so that each test is about the one job it names. */
const others = Object.values(JobName)
  .filter((name) => name !== JobName.ProcessDomainEvent)
  .map((name) => {
    @Injectable()
    @JobProcessor(name)
    class Stub implements JobHandler {
      async handle(): Promise<void> {}
    }
    return Stub;
  });

async function boot(providers: Array<new () => unknown>) {
  const moduleRef = await Test.createTestingModule({
    imports: [DiscoveryModule],
    providers: [JobRegistry, ...others, ...providers],
  }).compile();
  return moduleRef.init();
}

describe('JobRegistry', () => {
  it('maps each job name to its one handler', async () => {
    const app = await boot([FirstHandler]);
    expect(app.get(JobRegistry).get(JobName.ProcessDomainEvent)).toBeInstanceOf(FirstHandler);
    await app.close();
  });

  it('refuses to start when a job has two handlers', async () => {
    await expect(boot([FirstHandler, SecondHandler])).rejects.toThrow(/has 2 handlers: FirstHandler, SecondHandler/);
  });

  it('refuses to start when a job has no handler', async () => {
    await expect(boot([])).rejects.toThrow(/"domain-event.process" has no handler/);
  });
});
