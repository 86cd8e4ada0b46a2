import { createHash } from 'node:crypto';
import { open, mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_ENV } from '@lib/platform';
import { SNIFF_BYTES } from '../domain/media-type';
import { IntakeEnv } from '../intake.env';

const SHA256 = /^[0-9a-f]{64}$/;

/** Attachment files on local disk, one file per SHA-256 of its bytes (ATTACHMENTS_DIR). */
@Injectable()
export class AttachmentStore {
  private readonly dir: string;

  constructor(@Inject(SERVICE_ENV) env: IntakeEnv) {
    this.dir = isAbsolute(env.ATTACHMENTS_DIR)
      ? env.ATTACHMENTS_DIR
      : resolve(process.cwd(), env.ATTACHMENTS_DIR);
  }

  /** Store the bytes (once: the same file twice is one file) and return their SHA-256. */
  async put(bytes: Buffer): Promise<string> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const path = join(this.dir, sha256);
    if (!(await this.stored(sha256))) {
      await mkdir(this.dir, { recursive: true });
      // Write then rename, so a crash never leaves a half-written file under a valid hash.
      const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(tmp, bytes);
      await rename(tmp, path);
    }
    return sha256;
  }

  /** The stored file's size and first bytes, or undefined when no file with that SHA-256 was stored. */
  async describe(sha256: string): Promise<{ sizeBytes: number; head: Buffer } | undefined> {
    const info = await this.stored(sha256);
    if (!info) return undefined;
    const file = await open(join(this.dir, sha256), 'r');
    try {
      const head = Buffer.alloc(Math.min(SNIFF_BYTES, info.size));
      await file.read(head, 0, head.length, 0);
      return { sizeBytes: info.size, head };
    } finally {
      await file.close();
    }
  }

  private async stored(sha256: string): Promise<{ size: number } | undefined> {
    if (!SHA256.test(sha256)) return undefined;
    try {
      const s = await stat(join(this.dir, sha256));
      return s.isFile() ? { size: s.size } : undefined;
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOENT') return undefined;
      throw err;
    }
  }
}
