import { IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { DEADLINE_STAGES, DeadlineStage, ESCALATION_STEPS, EscalationStep } from '../../enums';

/** Fires once per escalation-ladder step: a warning before the due date, overdue, or escalation upward. */
export class CaseEscalatedV1 {
  static readonly eventType = 'case.escalated';
  static readonly schemaVersion = 1;

  @IsIn(ESCALATION_STEPS)
  step: EscalationStep;

  @IsString()
  @IsNotEmpty()
  stepId: string;

  @IsIn(DEADLINE_STAGES)
  stage: DeadlineStage;

  /** 0 = the lead unit itself, 1 = its parent, and so on up the tree. */
  @IsInt()
  @Min(0)
  levelReached: number;

  @IsString()
  @IsNotEmpty()
  targetUnitId: string;

  @IsOptional()
  @IsString()
  targetPersonId?: string;

  @IsInt()
  @Min(0)
  daysOverdue: number;

  @IsISO8601({ strict: true })
  dueAt: string;

  @IsString()
  @MaxLength(1000)
  reason: string;
}
