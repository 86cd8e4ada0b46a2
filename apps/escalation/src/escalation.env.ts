import { Transform } from 'class-transformer';
import { IsInt, IsNotEmpty, IsString, Max, Min } from 'class-validator';
import { BaseServiceEnv } from '@lib/platform';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);

export class EscalationEnv extends BaseServiceEnv {
  override PORT = 3004;
  override DB_SCHEMA = 'escalation';

  /** Pause between two sweeps for due escalation steps (each sweep runs until nothing is due). */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  ESCALATION_SWEEP_MS: number = 1000;

  /** Timers one sweep transaction claims (FOR UPDATE SKIP LOCKED) and fires. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000)
  ESCALATION_SWEEP_BATCH: number = 500;

  /** Folder of versioned escalation-ladder seed files (ladder-*.json), relative to the repo root. */
  @IsString()
  @IsNotEmpty()
  LADDER_SEED_DIR = 'apps/escalation/seeds';
}
