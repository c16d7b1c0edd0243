import { SetMetadata } from '@nestjs/common';

import { JobName } from './jobs';

export const JOB_PROCESSOR_METADATA = 'zcz:job-processor';

/** Marks a provider as the one handler of a job. The registry refuses zero or two handlers for a name. */
export const JobProcessor = (name: JobName): ClassDecorator => SetMetadata(JOB_PROCESSOR_METADATA, name);
