import { IsIn, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { ACTIVITY_TYPES, ActivityType } from '../../enums';

/** Fires for every handler action or case-state change decided by people (accept, resolve, transfer, note…). */
export class CaseActivityV1 {
  static readonly eventType = 'case.activity';
  static readonly schemaVersion = 1;

  @IsIn(ACTIVITY_TYPES)
  activity: ActivityType;

  @IsOptional()
  @IsString()
  @MaxLength(5000)
  reason?: string;

  /** Activity-specific fields (e.g. outcome, new deadline, target unit). */
  @IsOptional()
  @IsObject()
  details?: Record<string, unknown>;
}
