import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  CASE_DOMAINS,
  CASE_KINDS,
  CaseDomain,
  CaseKind,
  COMPETENT_LEVELS,
  CompetentLevel,
} from '@lib/contracts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = { message: 'must be a date YYYY-MM-DD' };

export class UnitValueDto {
  @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @IsIn(['city', 'district', 'commune', 'department', 'board', 'police']) type: string;
  @IsIn(COMPETENT_LEVELS) level: CompetentLevel;
  @IsOptional() @IsString() parentId?: string | null;
  @IsOptional() @IsString() headStaffId?: string | null;
  @IsOptional() @Matches(/^[0-9]{5}$/, { message: 'wardCode must be 5 digits' }) wardCode?: string | null;
  @IsOptional() @IsArray() @IsIn(CASE_DOMAINS, { each: true }) domains?: CaseDomain[];
  @IsOptional() @IsString() @MaxLength(100) areaName?: string | null;
  @IsOptional() @IsIn(['thanh_pho', 'quan', 'huyen', 'thi_xa', 'phuong', 'xa', 'thi_tran']) areaType?:
    string | null;
  @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) aliases?: string[];
  @IsOptional() @IsBoolean() isRemote?: boolean;
}

export class StaffValueDto {
  @IsString() @IsNotEmpty() unitId: string;
  @IsString() @IsNotEmpty() @MaxLength(200) fullName: string;
  @IsIn(['handler', 'unit_head']) role: 'handler' | 'unit_head';
  @IsArray() @IsIn([...CASE_DOMAINS, 'general'], { each: true }) skills: string[];
  @IsBoolean() isActive: boolean;
}

export class RuleValueDto {
  @IsInt() @Min(0) @Max(100000) priority: number;
  @IsOptional() @IsIn(['route', 'annotate']) effect?: 'route' | 'annotate';
  @IsOptional() @IsIn(CASE_KINDS) kind?: CaseKind | null;
  @IsOptional() @IsIn(CASE_DOMAINS) domain?: CaseDomain | null;
  @IsOptional() @IsIn(COMPETENT_LEVELS) level?: CompetentLevel | null;
  @IsArray() @IsString({ each: true }) requiredFlags: string[];
  @IsOptional() @IsArray() @IsString({ each: true }) excludedFlags?: string[];
  @IsIn(['area', 'area_parent', 'domain_department', 'unit', 'ward_unit', 'ward_ancestor']) target: string;
  @IsOptional() @IsIn(COMPETENT_LEVELS) targetLevel?: CompetentLevel | null;
  @IsOptional() @IsString() targetUnitId?: string | null;
  @IsOptional() @IsIn(['city', 'district', 'commune', 'department', 'board', 'police']) targetUnitType?:
    string | null;
  @IsArray() @IsString({ each: true }) coordinatingUnitIds: string[];
  @IsArray() @IsString({ each: true }) flagsToAdd: string[];
  @IsString() @IsNotEmpty() @MaxLength(600) reason: string;
}

export class PolicyValueDto {
  @IsOptional() @IsIn(CASE_KINDS) kind?: CaseKind | null;
  @IsIn(['processing', 'acceptance', 'resolution']) stage: 'processing' | 'acceptance' | 'resolution';
  @IsInt() @Min(0) @Max(365) amount: number;
  @IsIn(['working_days', 'days']) unit: 'working_days' | 'days';
  @IsString() @IsNotEmpty() @MaxLength(500) legalBasis: string;
  @IsArray() @IsIn([1, 2], { each: true }) instances: number[];
  @IsArray() @IsIn(['normal', 'complex'], { each: true }) complexities: ('normal' | 'complex')[];
  @IsArray() @IsIn(['normal', 'remote'], { each: true }) areas: ('normal' | 'remote')[];
  @IsBoolean() isStatutory: boolean;
  @IsOptional() @Matches(DATE, DATE_MESSAGE) effectiveTo?: string | null;
}

export class CalendarDayValueDto {
  @IsIn(['holiday', 'working']) type: 'holiday' | 'working';
  @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @IsOptional() @IsBoolean() provisional?: boolean;
}

/** Every change says from when it holds and why. */
class ChangeDto {
  @Matches(DATE, DATE_MESSAGE) effectiveFrom: string;
  @IsString() @IsNotEmpty() @MaxLength(1000) reason: string;
}

export class ChangeUnitDto extends ChangeDto {
  @ValidateNested() @Type(() => UnitValueDto) value: UnitValueDto;
}
export class ChangeStaffDto extends ChangeDto {
  @ValidateNested() @Type(() => StaffValueDto) value: StaffValueDto;
}
export class ChangeRuleDto extends ChangeDto {
  @ValidateNested() @Type(() => RuleValueDto) value: RuleValueDto;
}
export class ChangePolicyDto extends ChangeDto {
  @ValidateNested() @Type(() => PolicyValueDto) value: PolicyValueDto;
}
export class ChangeCalendarDayDto {
  @IsString() @IsNotEmpty() @MaxLength(1000) reason: string;
  @ValidateNested() @Type(() => CalendarDayValueDto) value: CalendarDayValueDto;
}
export class RetireDto extends ChangeDto {}
export class RemoveCalendarDayDto {
  @IsString() @IsNotEmpty() @MaxLength(1000) reason: string;
}
