import { Injectable } from '@nestjs/common';
import { Clock } from '@lib/domain';
import { AuditInputError } from '../domain/audit.errors';
import {
  DailyDigest,
  dayBounds,
  DayHasher,
  dayOf,
  digestOf,
  DIGEST_TIME_ZONE,
  GENESIS_DIGEST,
  isDay,
  isDayClosed,
  nextDay,
} from '../domain/daily-digest';
import { AuditDb, cursorBatches } from '../infrastructure/audit-db';
import { WriterRole } from '../infrastructure/writer-role';

export interface ComputeDigestsCommand {
  /** Digest closed days up to and including this one (default: every closed day). */
  until?: string;
}

/** Digest every closed day not digested yet, oldest first, each chained to the day before. */
@Injectable()
export class ComputeDigestsUseCase {
  constructor(
    private readonly db: AuditDb,
    private readonly clock: Clock,
    private readonly writerRole: WriterRole,
  ) {}

  async execute(cmd: ComputeDigestsCommand = {}): Promise<DailyDigest[]> {
    if (cmd.until !== undefined && !isDay(cmd.until))
      throw new AuditInputError(`--until must be YYYY-MM-DD, got "${cmd.until}"`);
    const now = this.clock.now();
    return this.db.withClient(async (c) => {
      const q = (sql: string, params?: unknown[]) => c.query(sql, params).then((r) => r.rows);
      // Replicas and the CLI may run at once: one digester at a time, the others skip.
      const lockKey = `audit:digests:${this.db.schema}`;
      const [{ locked }] = await q(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [lockKey]);
      if (!locked) return [];
      try {
        const written: DailyDigest[] = [];
        const [last] = await q(
          `SELECT day::text AS day, digest FROM daily_digests ORDER BY day DESC LIMIT 1`,
        );
        let day: string;
        let prevDigest: string;
        if (last) {
          day = nextDay(last.day);
          prevDigest = last.digest;
        } else {
          const [{ first }] = await q(`SELECT min(stored_at) AS first FROM event_store`);
          if (!first) return written;
          day = dayOf(first);
          prevDigest = GENESIS_DIGEST;
        }
        while (isDayClosed(day, now) && (cmd.until === undefined || day <= cmd.until)) {
          const d = await this.digestDay(c, q, day, prevDigest, now);
          written.push(d);
          prevDigest = d.digest;
          day = nextDay(day);
        }
        return written;
      } finally {
        await q(`SELECT pg_advisory_unlock(hashtext($1))`, [lockKey]);
      }
    });
  }

  private async digestDay(
    c: Parameters<typeof cursorBatches>[0],
    q: (sql: string, params?: unknown[]) => Promise<any[]>,
    day: string,
    prevDigest: string,
    now: Date,
  ): Promise<DailyDigest> {
    const { start, end } = dayBounds(day);
    await q('BEGIN');
    try {
      await this.writerRole.enter(q);
      const hasher = new DayHasher();
      for await (const rows of cursorBatches<[string, string]>(
        c,
        `SELECT e.seq::text, e.hash FROM event_store e WHERE e.stored_at >= $1 AND e.stored_at < $2 ORDER BY e.seq`,
        [start, end],
        10_000,
        true,
      ))
        for (const [seq, hash] of rows) hasher.add(seq, hash);
      const base = {
        day,
        eventCount: hasher.count,
        firstSeq: hasher.firstSeq,
        lastSeq: hasher.lastSeq,
        dayHash: hasher.digest(),
        prevDigest,
      };
      const d: DailyDigest = { ...base, digest: digestOf(base) };
      await q(
        `INSERT INTO daily_digests (day, time_zone, event_count, first_seq, last_seq, day_hash, prev_digest, digest,
           computed_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
        [
          d.day,
          DIGEST_TIME_ZONE,
          d.eventCount,
          d.firstSeq,
          d.lastSeq,
          d.dayHash,
          d.prevDigest,
          d.digest,
          now,
        ],
      );
      await q('COMMIT');
      return d;
    } catch (err) {
      await q('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }
}
