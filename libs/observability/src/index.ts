export * from './logger';
export * from './logger.module';
