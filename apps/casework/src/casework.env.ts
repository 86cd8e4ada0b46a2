import { BaseServiceEnv } from '@lib/platform';

export class CaseworkEnv extends BaseServiceEnv {
  override PORT = 3000;
  override DB_SCHEMA = 'casework';
}
