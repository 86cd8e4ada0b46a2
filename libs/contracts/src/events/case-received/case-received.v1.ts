import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  CHANNELS,
  Channel,
  PETITIONER_TYPES,
  PetitionerType,
  SUBMISSION_LEVELS,
  SubmissionLevel,
} from '../../enums';

export class PetitionerV1 {
  @IsIn(PETITIONER_TYPES)
  type: PetitionerType;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  fullName?: string;

  /** 12-digit CCCD; protected field, never logged. */
  @IsOptional()
  @Matches(/^\d{12}$/)
  nationalId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  address?: string;

  /** Protected field, never logged. */
  @IsOptional()
  @IsString()
  @MaxLength(20)
  phone?: string;

  /** Collective petitions (đơn tập thể): number of signatories. */
  @IsOptional()
  @IsInt()
  @Min(2)
  signatoryCount?: number;

  @IsOptional()
  @IsString()
  @MaxLength(300)
  organisationName?: string;
}

export class AttachmentV1 {
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name: string;

  @IsString()
  @MaxLength(100)
  mediaType: string;

  @IsInt()
  @Min(0)
  sizeBytes: number;

  @Matches(/^[0-9a-f]{64}$/)
  sha256: string;
}

/** A document the petitioner handed in whose original stays on paper at the reception desk (no stored file). */
export class PaperDocumentV1 {
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name: string;
}

/** Fires when intake has registered a petition as a new case (one per petition, never twice). */
export class CaseReceivedV1 {
  static readonly eventType = 'case.received';
  static readonly schemaVersion = 1;

  @IsString()
  @Matches(/^HN-\d{8}-[0-9A-Z]{6}$/)
  trackingCode: string;

  @IsIn(CHANNELS)
  channel: Channel;

  @IsISO8601({ strict: true })
  receivedAt: string;

  @ValidateNested()
  @Type(() => PetitionerV1)
  petitioner: PetitionerV1;

  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  content: string;

  @IsOptional()
  @IsString()
  @MaxLength(20)
  wardCode?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  locationText?: string;

  @IsBoolean()
  isAnonymous: boolean;

  @IsOptional()
  @IsUUID()
  repeatOfCaseId?: string;

  /** The level the petition was addressed to, when known. */
  @IsOptional()
  @IsIn(SUBMISSION_LEVELS)
  submittedToLevel?: SubmissionLevel;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AttachmentV1)
  attachments?: AttachmentV1[];

  /** Documents kept on paper at the desk (added to v1 as an optional field; absent when there are none). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PaperDocumentV1)
  paperDocuments?: PaperDocumentV1[];
}
