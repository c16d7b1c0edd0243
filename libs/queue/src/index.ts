export * from './bull-job-queue';
export * from './job-processor.decorator';
export * from './job-queue';
export * from './job-registry';
export * from './jobs';
export * from './queue.module';
export * from './reconciler';
