import { ArrayMinSize, IsArray, IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** Fires whenever a user is shown a petitioner's protected data (name, ID number, phone, address). */
export class AccessRecordedV1 {
  static readonly eventType = 'access.recorded';
  static readonly schemaVersion = 1;

  @IsString()
  @IsNotEmpty()
  userId: string;

  @IsString()
  role: string;

  @IsArray()
  @ArrayMinSize(1)
  @IsString({ each: true })
  fields: string[];

  @IsString()
  @MaxLength(100)
  purpose: string;
}
