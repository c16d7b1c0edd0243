export * from './actor';
export * from './app-error';
export * from './base.entity';
export * from './diff';
export * from './error-codes';
export * from './http-exception.filter';
export * from './pagination';
export * from './validation';
