import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource } from 'typeorm';
import { flattenValidationErrors } from '@lib/contracts';
import { Clock } from '@lib/domain';
import { SERVICE_ENV } from '@lib/platform';
import {
  FieldProblem,
  ImportFileTooLargeError,
  ImportFileUnreadableError,
  IntakeValidationError,
} from '../domain/intake.errors';
import { IntakeEnv } from '../intake.env';
import { RegisterPetitionDto } from '../register-petition/register-petition.dto';
import {
  RegisterPetitionCommand,
  RegisterPetitionUseCase,
} from '../register-petition/register-petition.use-case';
import { parseCsv } from './csv';
import { OpinionRow, readOpinionRows } from './opinion-rows';
import { SheetRow } from './sheet-table';
import { readXlsxSheet, XLSX_MEDIA_TYPE } from './xlsx';

export interface ConferenceMeta {
  heldOn: string;
  place: string;
  chair: string;
  fileName: string;
}

/** The uploaded sheet: CSV text, or an XLSX workbook and optionally which sheet to read. */
export type ConferenceFile =
  { format: 'csv'; text: string } | { format: 'xlsx'; bytes: Buffer; sheet?: string };

export interface RowReport {
  row: number;
  status: 'accepted' | 'rejected';
  trackingCode?: string;
  caseId?: string;
  reasons?: string[];
}

// Most parts an XLSX container may hold; a workbook has a few dozen.
const XLSX_MAX_PARTS = 1000;
const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** A stable id per conference (date, place, chair), so a retried or split import links to one record. */
function conferenceIdFor(heldOn: string, place: string, chair: string): string {
  const h = sha256(JSON.stringify(['conference', heldOn, place, chair]));
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Import the opinions raised at a dialogue conference (hội nghị đối thoại) from a CSV or XLSX sheet: one case per
 * valid row, linked to the conference record; bad rows are reported and skipped. Each row is keyed by the
 * conference and its own cells, not by the file's bytes, so re-importing the same sheet (as CSV or as XLSX, or
 * with the bad rows fixed) creates nothing twice.
 */
@Injectable()
export class ImportConferenceUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registerPetition: RegisterPetitionUseCase,
    private readonly clock: Clock,
    @Inject(SERVICE_ENV) private readonly env: IntakeEnv,
  ) {}

  async execute(rawMeta: ConferenceMeta, file: ConferenceFile, actorId: string) {
    const meta = {
      ...rawMeta,
      place: (rawMeta.place ?? '').normalize('NFC').trim(),
      chair: (rawMeta.chair ?? '').normalize('NFC').trim(),
    };
    const problems: FieldProblem[] = [];
    if (!/^\d{4}-\d{2}-\d{2}$/.test(meta.heldOn) || Number.isNaN(Date.parse(meta.heldOn))) {
      problems.push({ field: 'heldOn', reason: 'heldOn must be a date YYYY-MM-DD' });
    } else if (Date.parse(meta.heldOn) > this.clock.now().getTime()) {
      problems.push({ field: 'heldOn', reason: 'heldOn must not be in the future' });
    }
    if (!meta.place) problems.push({ field: 'place', reason: 'place is required' });
    if (!meta.chair) problems.push({ field: 'chair', reason: 'chair is required' });

    // The CSV text is hashed as before, so files imported before XLSX support still answer from the record; a
    // workbook is identified with the sheet asked for, since each sheet of one workbook is its own import.
    const fileSha =
      file.format === 'csv'
        ? sha256(file.text)
        : sha256(Buffer.concat([file.bytes, Buffer.from(`\0sheet:${file.sheet ?? ''}`)]));
    if (!problems.length) {
      const [done] = await this.dataSource.query(
        `SELECT id, report FROM conferences WHERE file_sha256 = $1`,
        [fileSha],
      );
      if (done) return { conferenceId: done.id, reimported: true, ...done.report, created: 0 };
    }

    const read = readOpinionRows(await this.readSheet(file, problems));
    problems.push(...read.problems);
    if (problems.length) throw new IntakeValidationError(problems);
    if (read.opinions.length > this.env.IMPORT_MAX_ROWS) {
      throw new ImportFileTooLargeError(
        `the file has ${read.opinions.length} opinion rows; at most ${this.env.IMPORT_MAX_ROWS} per import`,
      );
    }

    const conferenceId = conferenceIdFor(meta.heldOn, meta.place, meta.chair);
    // Noon of the conference day (a conference held this morning, imported before noon, was received by now).
    const receivedAt = new Date(
      Math.min(Date.parse(`${meta.heldOn}T12:00:00+07:00`), this.clock.now().getTime()),
    );
    const report: RowReport[] = [];
    const occurrences = new Map<string, number>();
    const commands: RegisterPetitionCommand[] = [];
    const accepted: RowReport[] = [];
    for (const o of read.opinions) {
      const dto = plainToInstance(RegisterPetitionDto, this.petitionFor(meta, receivedAt, o));
      const errors = flattenValidationErrors(
        await validate(dto, { whitelist: true, forbidNonWhitelisted: true }),
      );
      if (errors.length || o.problems.length) {
        report.push({ row: o.rowNumber, status: 'rejected', reasons: [...o.problems, ...errors] });
        continue;
      }
      // The row's key: the conference and the row's own cells (the n-th identical row gets its own), so a CSV
      // and an XLSX of one sheet, or the sheet re-sent with its bad rows fixed, meet the same keys.
      const rowKey = sha256(JSON.stringify([meta.heldOn, meta.place, meta.chair, o.name, o.ward, o.content]));
      const n = (occurrences.get(rowKey) ?? 0) + 1;
      occurrences.set(rowKey, n);
      commands.push({
        petition: dto,
        idempotencyKey: `conference:${rowKey.slice(0, 40)}:${n}`,
        actorId,
        conferenceId,
      });
      const row: RowReport = { row: o.rowNumber, status: 'accepted' };
      accepted.push(row);
      report.push(row);
    }
    // All accepted rows at once, a few statements for hundreds of rows. The keys come from the rows' own cells,
    // so an earlier import's answer stands even if it was received at another time of the conference day.
    const registered = await this.registerPetition.executeMany(commands, { trustKeys: true });
    let created = 0;
    registered.forEach((r, i) => {
      if (!r.replayed) created++;
      accepted[i].trackingCode = r.body.trackingCode;
      accepted[i].caseId = r.body.caseId;
    });
    const summary = {
      rows: report.length,
      accepted: report.filter((r) => r.status === 'accepted').length,
      rejected: report.filter((r) => r.status === 'rejected').length,
      report,
    };
    // The first file of a conference keeps the record; a later file of the same conference (the sheet fixed, or
    // sent in the other format) conflicts on the id and is answered from the row keys instead.
    await this.dataSource.query(
      `INSERT INTO conferences (id, file_sha256, file_name, held_on, place, chair, report, imported_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT DO NOTHING`,
      [
        conferenceId,
        fileSha,
        meta.fileName,
        meta.heldOn,
        meta.place,
        meta.chair,
        { ...summary, created },
        this.clock.now(),
      ],
    );
    return { conferenceId, reimported: created === 0 && summary.accepted > 0, ...summary, created };
  }

  private async readSheet(file: ConferenceFile, problems: FieldProblem[]): Promise<SheetRow[]> {
    if (file.format === 'csv') {
      if (file.text.startsWith('PK\u0003\u0004')) {
        problems.push({
          field: 'file',
          reason: `this is an XLSX workbook: send it with Content-Type ${XLSX_MEDIA_TYPE}`,
        });
        return [];
      }
      return parseCsv(file.text);
    }
    try {
      const sheet = await readXlsxSheet(file.bytes, {
        sheetName: file.sheet,
        limits: { maxEntries: XLSX_MAX_PARTS, maxUnzippedBytes: this.env.IMPORT_XLSX_MAX_UNZIPPED_BYTES },
      });
      return sheet.rows;
    } catch (err) {
      // Name the bad conference details too, so one answer lists everything to fix.
      if (err instanceof ImportFileUnreadableError) (err.details.fields as FieldProblem[]).push(...problems);
      throw err;
    }
  }

  private petitionFor(meta: ConferenceMeta, receivedAt: Date, o: OpinionRow) {
    return {
      channel: 'dialogue_conference',
      receivedAt: receivedAt.toISOString(),
      channelDetails: { sourceName: `${meta.place} (${meta.heldOn}), chủ trì: ${meta.chair}` },
      petitioner: o.name ? { type: 'individual', fullName: o.name } : { type: 'anonymous' },
      content: o.content,
      ...(/^\d{5}$/.test(o.ward) ? { wardCode: o.ward } : o.ward ? { locationText: o.ward } : {}),
    };
  }
}
