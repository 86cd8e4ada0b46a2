import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiConsumes, ApiHeader, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { IntakeValidationError } from '../domain/intake.errors';
import { mediaTypeFits, sniffMediaType } from '../domain/media-type';
import { AttachmentStore } from '../infrastructure/attachment-store';

/**
 * Store an attachment's bytes on local disk under their SHA-256 (the same file twice is stored once) and answer
 * with the metadata a petition then carries in `attachments`.
 */
@Controller('attachments')
export class AttachmentsController {
  constructor(private readonly files: AttachmentStore) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Store an attachment file; the answer is the metadata to put in a petition’s attachments',
    description:
      'Body: the raw file bytes (application/octet-stream). The declared x-media-type must fit the bytes (a PDF ' +
      'declared as image/png is refused); without it the type is detected from the bytes.',
  })
  @ApiConsumes('application/octet-stream')
  @ApiHeader({ name: 'x-file-name', required: true, description: 'the file name, URI-encoded, no path' })
  @ApiHeader({ name: 'x-media-type', required: false, description: 'the media type, e.g. application/pdf' })
  @ApiResponse({ status: 201, description: '{ name, mediaType, sizeBytes, sha256 }' })
  @ApiResponse({ status: 400, description: 'no file name, an empty file, or a media type that does not fit' })
  @ApiResponse({ status: 413, description: 'the file is larger than 20 MB' })
  async store(
    @Body() body: Buffer,
    @Headers('x-file-name') fileName: string | undefined,
    @Headers('x-media-type') mediaType: string | undefined,
  ) {
    const problems: { field: string; reason: string }[] = [];
    let name = '';
    try {
      name = fileName ? decodeURIComponent(fileName).normalize('NFC').trim() : '';
    } catch {
      problems.push({ field: 'x-file-name', reason: 'the file name must be URI-encoded UTF-8' });
    }
    if (!name || name.length > 255 || /[/\\]/.test(name))
      problems.push({ field: 'x-file-name', reason: 'a file name (no path) is required' });
    const isFile = Buffer.isBuffer(body) && body.length > 0;
    if (!isFile) problems.push({ field: 'body', reason: 'the file is empty' });
    const detected = isFile ? sniffMediaType(body) : undefined;
    const type = (mediaType ?? detected?.type ?? 'application/octet-stream').toLowerCase();
    if (!/^[\w.+-]+\/[\w.+-]+$/.test(type)) {
      problems.push({ field: 'x-media-type', reason: 'must be a media type like application/pdf' });
    } else if (isFile) {
      const fit = mediaTypeFits(type, body);
      if (!fit.fits)
        problems.push({
          field: 'x-media-type',
          reason: `the file is ${fit.detected ?? 'not recognisable as that type'}, not ${type}`,
        });
    }
    if (problems.length) throw new IntakeValidationError(problems);
    const sha256 = await this.files.put(body);
    return { name, mediaType: type, sizeBytes: body.length, sha256 };
  }
}
