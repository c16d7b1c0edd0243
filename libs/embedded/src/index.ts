export * from './embedded-backends';
export * from './embedded-postgres';
export * from './free-port';
export * from './meilisearch-server';
