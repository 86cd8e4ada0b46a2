import { IsArray, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { CASE_DOMAINS, CASE_KINDS, CaseDomain, CaseKind } from '../../enums';

/** Fires when the classifier is not confident enough and a human must classify the case. */
export class CaseTriageV1 {
  static readonly eventType = 'case.triage';
  static readonly schemaVersion = 1;

  @IsString()
  @MaxLength(500)
  reason: string;

  @IsOptional()
  @IsIn(CASE_KINDS)
  suggestedKind?: CaseKind;

  @IsOptional()
  @IsIn(CASE_DOMAINS)
  suggestedDomain?: CaseDomain;

  @IsArray()
  @IsString({ each: true })
  explanation: string[];

  @IsString()
  modelVersion: string;
}
