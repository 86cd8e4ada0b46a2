import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { EXPORT_FORMATS, ExportFormat } from '../export-events/export-events.use-case';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const SCHEMA = /^[a-z_][a-z0-9_]{0,62}$/;
const toBool = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class VerifyQuery {
  /** A case id or tracking code. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  case?: string;

  @IsOptional()
  @Matches(DAY, { message: 'day must be YYYY-MM-DD' })
  day?: string;
}

export class AsOfQuery {
  @IsISO8601({ strict: true })
  at: string;
}

export class ExportQuery {
  @IsISO8601({ strict: true })
  from: string;

  @IsISO8601({ strict: true })
  to: string;

  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format?: ExportFormat;
}

export class DigestsQuery {
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format?: ExportFormat;

  @IsOptional()
  @Matches(DAY, { message: 'from must be YYYY-MM-DD' })
  from?: string;

  @IsOptional()
  @Matches(DAY, { message: 'to must be YYYY-MM-DD' })
  to?: string;
}

export class ComputeDigestsQuery {
  @IsOptional()
  @Matches(DAY, { message: 'until must be YYYY-MM-DD' })
  until?: string;
}

export class ReplayBody {
  @Matches(SCHEMA, { message: 'into must be a lower-case SQL identifier' })
  into: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @IsOptional()
  @Matches(SCHEMA, { message: 'live must be a lower-case SQL identifier' })
  live?: string;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  replace?: boolean;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  diff?: boolean;

  /** Ranges of cases replayed side by side (default 1: the service keeps its other work going). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(16)
  lanes?: number;
}
