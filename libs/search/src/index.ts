export * from './meili-http';
export * from './search.module';
export * from './search.service';
export * from './search-errors';
