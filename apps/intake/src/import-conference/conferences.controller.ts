import { Body, Controller, Headers, HttpCode, Post, Query } from '@nestjs/common';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { ImportConferenceUseCase } from './import-conference.use-case';

class ImportQuery {
  @IsString() @MaxLength(10) heldOn: string;
  @IsString() @MaxLength(300) place: string;
  @IsString() @MaxLength(200) chair: string;
  @IsOptional() @IsString() @MaxLength(255) fileName?: string;
}

@Controller('conferences')
export class ConferencesController {
  constructor(private readonly importConference: ImportConferenceUseCase) {}

  /** Upload a conference's opinions as CSV (Content-Type text/csv): a per-row report comes back. */
  @Post('import')
  @HttpCode(200)
  import(@Query() q: ImportQuery, @Body() csv: string, @Headers('x-actor-id') actorId?: string) {
    return this.importConference.execute(
      { heldOn: q.heldOn, place: q.place, chair: q.chair, fileName: q.fileName ?? 'upload.csv' },
      typeof csv === 'string' ? csv : '',
      actorId ?? 'intake-desk',
    );
  }
}
