import { IsString } from 'class-validator';
import { DEV_INTERNAL_AUTH_SECRET, IsInternalAuthSecret } from '@lib/auth';
import { BaseServiceEnv } from '@lib/platform';
import { DEFAULT_SEED_DIR } from './directory/seed-files';

export class AssignmentEnv extends BaseServiceEnv {
  override PORT = 3003;
  override DB_SCHEMA = 'assignment';

  /** Versioned seed folder (org directory, routing rules, SLA policies, calendar), relative to the repo root. */
  @IsString()
  SEED_DIR = DEFAULT_SEED_DIR;

  /** HS256 secret shared with casework for internal bearer tokens (libs/auth); must be set in production. */
  @IsInternalAuthSecret()
  INTERNAL_AUTH_SECRET: string = DEV_INTERNAL_AUTH_SECRET;
}
