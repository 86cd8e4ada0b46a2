import { Body, Controller, Headers, HttpCode, Post, Query, Req, UseFilters } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { Request } from 'express';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IntakeValidationError } from '../domain/intake.errors';
import { ImportFileTooLargeFilter } from './file-too-large.filter';
import { ConferenceFile, ImportConferenceUseCase } from './import-conference.use-case';
import { XLSX_MEDIA_TYPE } from './xlsx';

class ImportQuery {
  @IsString() @MaxLength(10) heldOn: string;
  @IsString() @MaxLength(300) place: string;
  @IsString() @MaxLength(200) chair: string;
  @IsOptional() @IsString() @MaxLength(255) fileName?: string;
  /** XLSX only: the sheet to read, by name; the first visible sheet when absent. */
  @IsOptional() @IsString() @MaxLength(100) sheet?: string;
}

@Controller('conferences')
@UseFilters(ImportFileTooLargeFilter)
export class ConferencesController {
  constructor(private readonly importConference: ImportConferenceUseCase) {}

  /** Upload a conference's opinions as CSV or XLSX (the raw file as the body): a per-row report comes back. */
  @Post('import')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Import the opinions raised at a dialogue conference',
    description:
      'Body: the raw file, as text/csv (UTF-8) or as an XLSX workbook (first visible sheet, or ?sheet=). A header ' +
      'row names the columns ho_ten|name, phuong|ward, noi_dung|content. Each valid row becomes a ' +
      'dialogue_conference case; the answer reports each row as accepted (tracking code) or rejected (reasons). ' +
      'Importing the same sheet again, in either format, creates nothing new.',
  })
  @ApiConsumes('text/csv', XLSX_MEDIA_TYPE)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiResponse({
    status: 200,
    description: '{ conferenceId, reimported, rows, accepted, rejected, created, report }',
  })
  @ApiResponse({
    status: 400,
    description: 'bad conference details, no content column, or an unreadable file',
  })
  @ApiResponse({
    status: 413,
    description: 'the file, what it unpacks to, or its row count is over the limit',
  })
  @ApiResponse({ status: 415, description: 'neither text/csv nor XLSX' })
  import(
    @Query() q: ImportQuery,
    @Body() body: unknown,
    @Req() req: Request,
    @Headers('x-actor-id') actorId?: string,
  ) {
    const isXlsx = Boolean(req.is(XLSX_MEDIA_TYPE));
    if (!isXlsx && q.sheet !== undefined) {
      throw new IntakeValidationError([{ field: 'sheet', reason: 'sheet applies to XLSX workbooks only' }]);
    }
    const file: ConferenceFile = isXlsx
      ? { format: 'xlsx', bytes: Buffer.isBuffer(body) ? body : Buffer.alloc(0), sheet: q.sheet }
      : { format: 'csv', text: typeof body === 'string' ? body : '' };
    return this.importConference.execute(
      {
        heldOn: q.heldOn,
        place: q.place,
        chair: q.chair,
        fileName: q.fileName ?? (isXlsx ? 'upload.xlsx' : 'upload.csv'),
      },
      file,
      actorId ?? 'intake-desk',
    );
  }
}
