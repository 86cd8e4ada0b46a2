// Layer rules (STYLE.md): domain code imports no framework or I/O; an app never imports another app.
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'domain/ holds plain TypeScript: no Nest, TypeORM, Kafka or HTTP',
      severity: 'error',
      from: { path: '^(apps/[^/]+/src/domain|libs/domain/src)/' },
      to: { path: 'node_modules/(@nestjs|typeorm|kafkajs|pg|express)/' },
    },
    {
      name: 'no-app-to-app',
      comment: 'share code through libs/, never by importing another app',
      severity: 'error',
      from: { path: '^apps/([^/]+)/src/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'contracts-stand-alone',
      comment: 'libs/contracts carries no Nest and no TypeORM',
      severity: 'error',
      from: { path: '^libs/contracts/' },
      to: { path: 'node_modules/(@nestjs|typeorm)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/|\\.spec\\.ts$|\\.int-spec\\.ts$|\\.e2e-spec\\.ts$)' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
