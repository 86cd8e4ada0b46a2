export * from './infra';
export * from './services';
