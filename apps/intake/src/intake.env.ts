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

  /** Largest XLSX body a conference import accepts, in bytes; a bigger upload is refused with 413. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1024)
  IMPORT_XLSX_MAX_BYTES = 10 * 1024 * 1024;

  /** Most bytes the parts of an XLSX upload may unpack to, together (the zip-bomb guard); beyond it, 413. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1024)
  IMPORT_XLSX_MAX_UNZIPPED_BYTES = 30 * 1024 * 1024;

  /** Most opinion rows one conference import (CSV or XLSX) may carry; more is refused with 413. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  IMPORT_MAX_ROWS = 5000;
}
