export * from './data-source-options';
export * from './entities';
export * from './migrate';
export * from './snake-naming.strategy';
export * from './database.module';
