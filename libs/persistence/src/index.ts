export * from './database-url';
export * from './ensure-database';
export * from './data-source';
export * from './query-rows';
