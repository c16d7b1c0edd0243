export * from './data-source-options';
export * from './database.module';
export * from './database-health.repository';
export * from './migrate';
export * from './scratch-database';
export * from './snake-naming.strategy';
