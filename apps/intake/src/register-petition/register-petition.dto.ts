import { Transform, Type } from 'class-transformer';
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
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import {
  CHANNELS,
  Channel,
  PETITIONER_TYPES,
  PetitionerType,
  SUBMISSION_LEVELS,
  SubmissionLevel,
} from '@lib/contracts';
import { IsCccd, IsPersonName, IsVietnamesePhone } from '../domain/vietnamese-validators';

const nfc = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.normalize('NFC').trim() : value;

export class ChannelDetailsDto {
  /** In-person reception: the reception session and the officer who received the citizen. */
  @IsOptional() @IsString() @MaxLength(100) receptionSessionId?: string;
  @IsOptional() @Transform(nfc) @IsString() @MaxLength(200) receivingOfficer?: string;
  /** Transferred from another agency: its name, reference number and date. */
  @IsOptional() @Transform(nfc) @IsString() @MaxLength(300) sourceAgency?: string;
  @IsOptional() @IsString() @MaxLength(100) sourceReference?: string;
  @IsOptional() @IsISO8601({ strict: true }) sourceDate?: string;
  /** Dialogue conference or press: which conference or publication. */
  @IsOptional() @Transform(nfc) @IsString() @MaxLength(300) sourceName?: string;
}

export class PetitionerDto {
  @IsIn(PETITIONER_TYPES)
  type: PetitionerType;

  @ValidateIf((o: PetitionerDto) => o.type === 'individual' || o.fullName !== undefined)
  @Transform(nfc)
  @IsPersonName()
  fullName?: string;

  @IsOptional()
  @IsCccd()
  nationalId?: string;

  @IsOptional()
  @Transform(nfc)
  @IsString()
  @MaxLength(500)
  address?: string;

  @IsOptional()
  @IsVietnamesePhone()
  phone?: string;

  /** Collective petition (đơn tập thể): the representative and how many signed. */
  @ValidateIf((o: PetitionerDto) => o.type === 'collective')
  @Transform(nfc)
  @IsPersonName()
  representativeName?: string;

  @ValidateIf((o: PetitionerDto) => o.type === 'collective')
  @IsInt()
  @Min(2)
  signatoryCount?: number;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5000)
  @Transform(({ value }) =>
    Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.normalize('NFC').trim() : v)) : value,
  )
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  signatories?: string[];

  @ValidateIf((o: PetitionerDto) => o.type === 'organisation')
  @Transform(nfc)
  @IsString()
  @MinLength(2)
  @MaxLength(300)
  organisationName?: string;

  /** A pen name used by a pseudonymous petitioner. */
  @IsOptional()
  @Transform(nfc)
  @IsString()
  @MaxLength(200)
  pseudonym?: string;
}

/**
 * An attachment of the petition. A file is uploaded first (POST /attachments) and listed here with the metadata
 * that upload answered; the petition is refused when no file with that sha256 was stored or when the size or
 * type disagree with the stored file. A document whose original stays on paper at the desk (not digitised) is
 * listed with isPaperOnly and no file fields.
 */
export class AttachmentDto {
  @JSONSchema({
    description: 'File name, or for a paper-only document what it is (e.g. "Bản sao sổ đỏ, 3 trang")',
  })
  @Transform(nfc)
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name: string;

  @JSONSchema({ description: 'Media type; must fit the stored bytes (required unless isPaperOnly)' })
  @ValidateIf((o: AttachmentDto) => !o.isPaperOnly)
  @IsString()
  @Matches(/^[\w.+-]+\/[\w.+-]+$/)
  mediaType?: string;

  @JSONSchema({
    description: 'Size in bytes; must equal the stored file’s size (required unless isPaperOnly)',
  })
  @ValidateIf((o: AttachmentDto) => !o.isPaperOnly)
  @IsInt()
  @Min(0)
  sizeBytes?: number;

  @JSONSchema({
    description: 'SHA-256 of the stored file, as POST /attachments answered it (required unless isPaperOnly)',
  })
  @ValidateIf((o: AttachmentDto) => !o.isPaperOnly)
  @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 must be 64 lower-case hex characters' })
  sha256?: string;

  @JSONSchema({
    description:
      'true when the original is on paper, kept at the reception desk, and was not digitised: no file is ' +
      'stored, so mediaType, sizeBytes and sha256 are left out',
  })
  @IsOptional()
  @IsBoolean()
  isPaperOnly?: boolean;
}

/** What an intake clerk (or an import) submits for one petition. */
export class RegisterPetitionDto {
  @IsIn(CHANNELS)
  channel: Channel;

  @IsOptional()
  @IsISO8601({ strict: true })
  receivedAt?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => ChannelDetailsDto)
  channelDetails?: ChannelDetailsDto;

  @ValidateNested()
  @Type(() => PetitionerDto)
  @IsNotEmpty()
  petitioner: PetitionerDto;

  @Transform(nfc)
  @IsString()
  @MinLength(10)
  @MaxLength(20000)
  content: string;

  @IsOptional()
  @Matches(/^[0-9]{5}$/, { message: 'wardCode must be a 5-digit ward/commune code' })
  wardCode?: string;

  @IsOptional()
  @Transform(nfc)
  @IsString()
  @MaxLength(500)
  locationText?: string;

  @JSONSchema({
    description:
      'Attachments: files uploaded first through POST /attachments (each must be stored, with the same size and a ' +
      'fitting type), or paper-only documents kept at the desk (isPaperOnly)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AttachmentDto)
  attachments?: AttachmentDto[];

  /** The level the petition was addressed to (commune, district, city or central), when known. */
  @IsOptional()
  @IsIn(SUBMISSION_LEVELS)
  submittedToLevel?: SubmissionLevel;

  @IsOptional()
  @Matches(/^HN-\d{8}-[0-9A-Z]{6}$/, { message: 'relatedTrackingCode must look like HN-20260301-ABC234' })
  relatedTrackingCode?: string;
}
