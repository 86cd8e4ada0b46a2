import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
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
}
