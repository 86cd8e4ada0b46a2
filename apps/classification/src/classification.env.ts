import { Transform } from 'class-transformer';
import { IsNumber, Max, Min } from 'class-validator';
import { BaseServiceEnv } from '@lib/platform';

export class ClassificationEnv extends BaseServiceEnv {
  override PORT = 3002;
  override DB_SCHEMA = 'classification';

  /** Below this confidence on kind or domain a human classifies the case (case.triage). */
  @Transform(({ value }) => Number(value))
  @IsNumber()
  @Min(0)
  @Max(1)
  TRIAGE_THRESHOLD = 0.35;
}
