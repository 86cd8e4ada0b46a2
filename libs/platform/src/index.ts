export * from './env';
export * from './tokens';
export * from './platform.module';
export * from './runtime';
export * from './health.controller';
export * from './domain-error.filter';
export * from './openapi';
