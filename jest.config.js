// Three jest projects: unit (pure logic, no I/O), integration (real Postgres + Kafka), e2e (all services started).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];
const moduleNameMapper = {
  '^@lib/(contracts|messaging|persistence|domain|observability|testing|platform|projection|auth)$':
    '<rootDir>/libs/$1/src',
};
const common = {
  rootDir: __dirname,
  setupFiles: ['reflect-metadata'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper,
  testEnvironment: 'node',
};

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,test,bench}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,test}/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/long-timeout.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/long-timeout.ts'],
    },
  ],
};
