import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource } from 'typeorm';
import { flattenValidationErrors } from '@lib/contracts';
import { Clock } from '@lib/domain';
import { IntakeValidationError } from '../domain/intake.errors';
import { RegisterPetitionDto } from '../register-petition/register-petition.dto';
import { RegisterPetitionUseCase } from '../register-petition/register-petition.use-case';
import { parseCsv } from './csv';

export interface ConferenceMeta {
  heldOn: string;
  place: string;
  chair: string;
  fileName: string;
}

export interface RowReport {
  row: number;
  status: 'accepted' | 'rejected';
  trackingCode?: string;
  caseId?: string;
  reasons?: string[];
}

// Column names accepted in the header row, in English or Vietnamese without diacritics.
const COLUMNS: Record<string, 'name' | 'ward' | 'content'> = {
  name: 'name',
  ho_ten: 'name',
  'ho ten': 'name',
  ward: 'ward',
  phuong: 'ward',
  'phuong xa': 'ward',
  content: 'content',
  noi_dung: 'content',
  'noi dung': 'content',
};
const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .trim();

/**
 * Import the opinions raised at a dialogue conference (hội nghị đối thoại): one case per valid row, linked to the
 * conference record; bad rows are reported and skipped. Re-importing the same file creates nothing new.
 */
@Injectable()
export class ImportConferenceUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registerPetition: RegisterPetitionUseCase,
    private readonly clock: Clock,
  ) {}

  async execute(meta: ConferenceMeta, csv: string, actorId: string) {
    const problems: { field: string; reason: string }[] = [];
    if (!/^\d{4}-\d{2}-\d{2}$/.test(meta.heldOn) || Number.isNaN(Date.parse(meta.heldOn))) {
      problems.push({ field: 'heldOn', reason: 'heldOn must be a date YYYY-MM-DD' });
    } else if (Date.parse(meta.heldOn) > this.clock.now().getTime()) {
      problems.push({ field: 'heldOn', reason: 'heldOn must not be in the future' });
    }
    if (!meta.place?.trim()) problems.push({ field: 'place', reason: 'place is required' });
    if (!meta.chair?.trim()) problems.push({ field: 'chair', reason: 'chair is required' });
    const rows = parseCsv(csv);
    const header = (rows[0] ?? []).map((h) => COLUMNS[fold(h)]);
    if (!header.includes('content'))
      problems.push({ field: 'file', reason: 'the header row must have a content (noi_dung) column' });
    if (rows.length < 2) problems.push({ field: 'file', reason: 'the file has no opinion rows' });
    if (problems.length) throw new IntakeValidationError(problems);

    const sha = createHash('sha256').update(csv).digest('hex');
    const [done] = await this.dataSource.query(`SELECT id, report FROM conferences WHERE file_sha256 = $1`, [
      sha,
    ]);
    if (done) return { conferenceId: done.id, reimported: true, ...done.report };

    const conferenceId = randomUUID();
    const receivedAt = new Date(`${meta.heldOn}T12:00:00+07:00`);
    const report: RowReport[] = [];
    for (let i = 1; i < rows.length; i++) {
      const cells: Partial<Record<'name' | 'ward' | 'content', string>> = {};
      header.forEach((col, j) => {
        if (col) cells[col] = (rows[i][j] ?? '').trim();
      });
      const ward = cells.ward ?? '';
      const body = {
        channel: 'dialogue_conference',
        receivedAt: receivedAt.toISOString(),
        channelDetails: { sourceName: `${meta.place} (${meta.heldOn}), chủ trì: ${meta.chair}` },
        petitioner: cells.name ? { type: 'individual', fullName: cells.name } : { type: 'anonymous' },
        content: cells.content ?? '',
        ...(/^\d{5}$/.test(ward) ? { wardCode: ward } : ward ? { locationText: ward } : {}),
      };
      const dto = plainToInstance(RegisterPetitionDto, body);
      const errors = flattenValidationErrors(
        await validate(dto, { whitelist: true, forbidNonWhitelisted: true }),
      );
      if (errors.length) {
        report.push({ row: i + 1, status: 'rejected', reasons: errors });
        continue;
      }
      // One idempotency key per row of this file: a retry after a crash mid-import creates nothing twice.
      const r = await this.registerPetition.execute({
        petition: dto,
        idempotencyKey: `conference:${sha.slice(0, 32)}:${i}`,
        actorId,
        conferenceId,
      });
      report.push({
        row: i + 1,
        status: 'accepted',
        trackingCode: r.body.trackingCode,
        caseId: r.body.caseId,
      });
    }
    const summary = {
      rows: report.length,
      accepted: report.filter((r) => r.status === 'accepted').length,
      rejected: report.filter((r) => r.status === 'rejected').length,
      report,
    };
    await this.dataSource.query(
      `INSERT INTO conferences (id, file_sha256, file_name, held_on, place, chair, report, imported_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT (file_sha256) DO NOTHING`,
      [
        conferenceId,
        sha,
        meta.fileName,
        meta.heldOn,
        meta.place.trim(),
        meta.chair.trim(),
        summary,
        this.clock.now(),
      ],
    );
    return { conferenceId, reimported: false, ...summary };
  }
}
