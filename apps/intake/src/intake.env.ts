import { Transform } from 'class-transformer';
import { IsInt, IsString, Max, Min } from 'class-validator';
import { BaseServiceEnv } from '@lib/platform';

export class IntakeEnv extends BaseServiceEnv {
  override PORT = 3001;
  override DB_SCHEMA = 'intake';

  /** Days within which a near-identical petition from the same petitioner counts as a repeat. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(3650)
  REPEAT_WINDOW_DAYS = 365;

  /** Where attachment files are stored (by SHA-256), relative to the working directory unless absolute. */
  @IsString()
  ATTACHMENTS_DIR = '.infra/attachments';
}
