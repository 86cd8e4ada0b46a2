import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CASE_DOMAINS, CASE_KINDS, COMPETENT_LEVELS } from '@lib/contracts';

const nfc = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.normalize('NFC').trim() : value;

export class SplitPartDto {
  @IsIn(CASE_KINDS) kind: (typeof CASE_KINDS)[number];
  @IsIn(CASE_DOMAINS) domain: (typeof CASE_DOMAINS)[number];
  @IsOptional() @IsIn(COMPETENT_LEVELS) level?: (typeof COMPETENT_LEVELS)[number];
  @Transform(nfc) @IsString() @MinLength(10) @MaxLength(20000) passage: string;
}

/** The body of every action; which fields are required depends on the action (checked by the use case). */
export class CaseActionDto {
  @IsOptional() @Transform(nfc) @IsString() @MaxLength(5000) reason?: string;
  @IsOptional() @Transform(nfc) @IsString() @MaxLength(5000) text?: string;
  @IsOptional() @IsString() @MaxLength(100) targetUnitId?: string;
  @IsOptional() @IsInt() @Min(1) @Max(90) days?: number;
  @IsOptional() @IsString() @MaxLength(50) outcome?: string;
  @IsOptional() @Transform(nfc) @IsString() @MaxLength(20000) decisionText?: string;
  @IsOptional() @IsString() @MaxLength(60) ground?: string;
  @IsOptional() @IsIn(CASE_KINDS) kind?: (typeof CASE_KINDS)[number];
  @IsOptional() @IsIn(CASE_DOMAINS) domain?: (typeof CASE_DOMAINS)[number];
  @IsOptional() @IsIn(COMPETENT_LEVELS) level?: (typeof COMPETENT_LEVELS)[number];
  @IsOptional() @IsString() @MaxLength(100) handlerId?: string;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => SplitPartDto)
  parts?: SplitPartDto[];
}
