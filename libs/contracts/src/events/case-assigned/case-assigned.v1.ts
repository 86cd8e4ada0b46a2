import { Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { DEADLINE_STAGES, DeadlineStage } from '../../enums';

/** One rung of the escalation ladder above the lead unit: the unit and its head. */
export class EscalationRungV1 {
  @IsString()
  @IsNotEmpty()
  unitId: string;

  @IsString()
  unitName: string;

  @IsString()
  level: string;

  @IsOptional()
  @IsString()
  headStaffId?: string;
}

/** Fires when a case gets its one lead unit, handler, responsible person and deadline (again on reassignment). */
export class CaseAssignedV1 {
  static readonly eventType = 'case.assigned';
  static readonly schemaVersion = 1;

  @IsString()
  @IsNotEmpty()
  leadUnitId: string;

  @IsString()
  @IsNotEmpty()
  leadUnitName: string;

  @IsArray()
  @IsString({ each: true })
  coordinatingUnitIds: string[];

  @IsString()
  @IsNotEmpty()
  handlerId: string;

  @IsString()
  handlerName: string;

  /** The unit head (người đứng đầu) who answers for the case. */
  @IsString()
  @IsNotEmpty()
  responsiblePersonId: string;

  @IsString()
  @IsNotEmpty()
  ruleId: string;

  @IsString()
  @MaxLength(1000)
  reason: string;

  @IsIn(DEADLINE_STAGES)
  stage: DeadlineStage;

  @IsISO8601({ strict: true })
  dueAt: string;

  @IsInt()
  @Min(0)
  slaWorkingDays: number;

  @IsString()
  policyId: string;

  @IsInt()
  @Min(0)
  reassignmentCount: number;

  @IsArray()
  @IsString({ each: true })
  flags: string[];

  @IsOptional()
  @IsString()
  previousUnitId?: string;

  /** Legal basis of the deadline policy. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  legalBasis?: string;

  /** The lead unit's ancestors, nearest first (ward → district → city): where overdue reports go. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => EscalationRungV1)
  escalationChain?: EscalationRungV1[];
}
