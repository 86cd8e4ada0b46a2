import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { Body, Controller, Headers, HttpCode, Inject, Post } from '@nestjs/common';
import { SERVICE_ENV } from '@lib/platform';
import { IntakeValidationError } from '../domain/intake.errors';
import { IntakeEnv } from '../intake.env';

/**
 * Store an attachment's bytes on local disk under their SHA-256 (the same file twice is stored once) and answer
 * with the metadata a petition then carries in `attachments`.
 */
@Controller('attachments')
export class AttachmentsController {
  constructor(@Inject(SERVICE_ENV) private readonly env: IntakeEnv) {}

  @Post()
  @HttpCode(201)
  async store(
    @Body() body: Buffer,
    @Headers('x-file-name') fileName: string | undefined,
    @Headers('x-media-type') mediaType: string | undefined,
  ) {
    const problems: { field: string; reason: string }[] = [];
    const name = fileName ? decodeURIComponent(fileName).normalize('NFC').trim() : '';
    if (!name || name.length > 255 || /[/\\]/.test(name))
      problems.push({ field: 'x-file-name', reason: 'a file name (no path) is required' });
    if (!Buffer.isBuffer(body) || body.length === 0)
      problems.push({ field: 'body', reason: 'the file is empty' });
    const type = mediaType ?? 'application/octet-stream';
    if (!/^[\w.+-]+\/[\w.+-]+$/.test(type))
      problems.push({ field: 'x-media-type', reason: 'must be a media type like application/pdf' });
    if (problems.length) throw new IntakeValidationError(problems);
    const sha256 = createHash('sha256').update(body).digest('hex');
    const dir = isAbsolute(this.env.ATTACHMENTS_DIR)
      ? this.env.ATTACHMENTS_DIR
      : resolve(process.cwd(), this.env.ATTACHMENTS_DIR);
    const path = join(dir, sha256);
    if (!existsSync(path)) {
      await mkdir(dir, { recursive: true });
      // Write then rename, so a crash never leaves a half-written file under a valid hash.
      const tmp = `${path}.${process.pid}.tmp`;
      await writeFile(tmp, body);
      await rename(tmp, path);
    }
    return { name, mediaType: type, sizeBytes: body.length, sha256 };
  }
}
