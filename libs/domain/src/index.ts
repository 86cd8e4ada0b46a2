export * from './clock';
export * from './domain-error';
export * from './tracking-code';
export * from './working-calendar';
