import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import {
  CASE_DOMAINS,
  CASE_KINDS,
  CaseDomain,
  CaseKind,
  COMPETENT_LEVELS,
  CompetentLevel,
} from '@lib/contracts';
import { SUBMISSION_LEVELS, SubmissionLevel } from '../domain/route-case';

/** A case described by a person at a desk: where would it go? */
export class PreviewRoutingDto {
  @IsIn(CASE_KINDS)
  kind: CaseKind;

  @IsIn(CASE_DOMAINS)
  domain: CaseDomain;

  @IsIn(COMPETENT_LEVELS)
  level: CompetentLevel;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  district?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  ward?: string;

  @IsOptional()
  @Matches(/^[0-9]{5}$/, { message: 'wardCode must be a 5-digit ward/commune code' })
  wardCode?: string;

  @IsOptional()
  @IsIn(SUBMISSION_LEVELS)
  submittedToLevel?: SubmissionLevel;
}

/** The same question as the sla CLI. */
export class DueDateQueryDto {
  @IsIn(CASE_KINDS)
  kind: CaseKind;

  @IsIn(['processing', 'acceptance', 'resolution'])
  stage: 'processing' | 'acceptance' | 'resolution';

  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be a date YYYY-MM-DD' })
  from: string;

  @IsOptional()
  @IsIn(['normal', 'complex'])
  complexity?: 'normal' | 'complex';

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsIn([1, 2])
  instance?: number;

  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true' || value === '1' || value === '')
  remote?: boolean;
}
