import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  CASE_DOMAINS,
  CASE_KINDS,
  COMPETENT_LEVELS,
  CaseDomain,
  CaseKind,
  CompetentLevel,
  SUBMISSION_LEVELS,
  SubmissionLevel,
} from '../../enums';

export class ClassificationConfidenceV1 {
  @IsNumber()
  @Min(0)
  @Max(1)
  kind: number;

  @IsNumber()
  @Min(0)
  @Max(1)
  domain: number;

  @IsNumber()
  @Min(0)
  @Max(1)
  level: number;
}

/** Fires when a case has a kind, domain and competent level decided with enough confidence to route it. */
export class CaseClassifiedV1 {
  static readonly eventType = 'case.classified';
  static readonly schemaVersion = 1;

  @IsIn(CASE_KINDS)
  kind: CaseKind;

  @IsIn(CASE_DOMAINS)
  domain: CaseDomain;

  @IsIn(COMPETENT_LEVELS)
  level: CompetentLevel;

  @IsBoolean()
  isUrgent: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  urgentReason?: string;

  @IsOptional()
  @IsString()
  @MaxLength(20)
  wardCode?: string;

  @IsOptional()
  @IsArray()
  @IsIn(CASE_KINDS, { each: true })
  secondaryKinds?: CaseKind[];

  @ValidateNested()
  @Type(() => ClassificationConfidenceV1)
  confidence: ClassificationConfidenceV1;

  @IsArray()
  @IsString({ each: true })
  explanation: string[];

  @IsString()
  modelVersion: string;

  /** True when a human decided (reclassification from triage). */
  @IsBoolean()
  isManual: boolean;

  @IsBoolean()
  isAnonymous: boolean;

  /** When the petition was received: the legal clocks start from it. */
  @IsOptional()
  @IsISO8601({ strict: true })
  receivedAt?: string;

  @IsOptional()
  @IsString()
  @MaxLength(20)
  trackingCode?: string;

  /** Carried from case.received: the level the petition was addressed to (for vượt cấp). */
  @IsOptional()
  @IsIn(SUBMISSION_LEVELS)
  submittedToLevel?: SubmissionLevel;
}
