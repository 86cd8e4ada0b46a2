import { IsString } from 'class-validator';
import { BaseServiceEnv } from '@lib/platform';
import { DEFAULT_SEED_DIR } from './directory/seed-files';

export class AssignmentEnv extends BaseServiceEnv {
  override PORT = 3003;
  override DB_SCHEMA = 'assignment';

  /** Versioned seed folder (org directory, routing rules, SLA policies, calendar), relative to the repo root. */
  @IsString()
  SEED_DIR = DEFAULT_SEED_DIR;
}
