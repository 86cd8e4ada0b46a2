import { ServiceDefinition } from '@lib/platform';
import { AuditEnv } from './audit.env';
import { AuditModule } from './audit.module';
import { CreateAuditSchema1763900000000 } from './infrastructure/migrations/1763900000000-create-audit-schema';
import { WriterRoleAndDailyDigests1764100000000 } from './infrastructure/migrations/1764100000000-writer-role-and-daily-digests';
import { TokenRevocations1764900000000 } from './infrastructure/migrations/1764900000000-token-revocations';

export const auditService: ServiceDefinition<AuditEnv> = {
  name: 'audit',
  envClass: AuditEnv,
  entities: [],
  migrations: [
    CreateAuditSchema1763900000000,
    WriterRoleAndDailyDigests1764100000000,
    TokenRevocations1764900000000,
  ],
  consumerGroup: 'audit',
  module: (rt) => AuditModule.forRuntime(rt),
};
