import { IsString } from 'class-validator';
import { BaseServiceEnv } from '@lib/platform';

export class AssignmentEnv extends BaseServiceEnv {
  override PORT = 3003;
  override DB_SCHEMA = 'assignment';

  /** Versioned seed folder (org directory, routing rules, SLA policies, calendar), relative to the repo root. */
  @IsString()
  SEED_DIR = 'apps/assignment/seeds/v1';
}
