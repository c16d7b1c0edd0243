export * from './data-source-options';
export * from './database.module';
export * from './database-health';
export * from './migrate';
export * from './snake-naming.strategy';
