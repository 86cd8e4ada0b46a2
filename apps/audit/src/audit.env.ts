import { BaseServiceEnv } from '@lib/platform';

export class AuditEnv extends BaseServiceEnv {
  override PORT = 3005;
  override DB_SCHEMA = 'audit';
}
