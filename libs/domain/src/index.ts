export * from './clock';
export * from './domain-error';
export * from './tracking-code';
export * from './working-calendar';
export * from './lunar-calendar';
export * from './holidays';
export * from './seeded-random';
