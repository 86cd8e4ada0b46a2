import { BaseServiceEnv } from '@lib/platform';

export class EscalationEnv extends BaseServiceEnv {
  override PORT = 3004;
  override DB_SCHEMA = 'escalation';
}
