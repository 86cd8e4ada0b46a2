import { Injectable } from '@nestjs/common';
import { AuditInputError } from '../domain/audit.errors';
import { BrokenLink, ChainRow, ChainVerifier, checkLink } from '../domain/chain-verifier';
import { dayBounds, DayHasher, digestOf, GENESIS_DIGEST, isDay, previousDay } from '../domain/daily-digest';
import { GENESIS_HASH } from '../domain/hash-chain';
import { AuditDb } from '../infrastructure/audit-db';
import { resolveCaseId } from '../infrastructure/case-ref';
import { copyOut } from '../infrastructure/pg-copy';

export interface VerifyCommand {
  /** A case id or tracking code: that case's chain only. */
  caseRef?: string;
  /** YYYY-MM-DD: the links stored that day and the day's digest. */
  day?: string;
}

export interface DigestBreak {
  day: string;
  problem: 'day_hash' | 'digest' | 'prev_digest' | 'missing_day';
  detail: string;
}

export interface VerifyResult {
  scope: 'store' | 'case' | 'day';
  target: string | null;
  isIntact: boolean;
  checkedEvents: number;
  checkedCases: number;
  brokenCases: number;
  /** The earliest broken link in store order. */
  firstBrokenLink: BrokenLink | null;
  /** The first broken link of each broken case (at most 100). */
  brokenLinks: BrokenLink[];
  checkedDays: number;
  firstBrokenDigest: DigestBreak | null;
  /** Set when the day asked for has no digest yet (it is not closed, or the digester has not run). */
  note?: string;
}

const LINK_COLUMNS = `e.seq::text AS seq, e.case_id::text AS case_id, e.case_seq, e.event_id::text AS event_id,
  e.event_type, e.schema_version, e.occurred_at, e.canonical, e.envelope, e.prev_hash, e.hash`;

function toChainRow(r: any): ChainRow {
  return {
    seq: r.seq,
    caseId: r.case_id,
    caseSeq: r.case_seq,
    eventId: r.event_id,
    eventType: r.event_type,
    schemaVersion: r.schema_version,
    occurredAt: r.occurred_at,
    canonical: r.canonical,
    envelope: r.envelope,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

interface DigestRow {
  day: string;
  event_count: number;
  first_seq: string | null;
  last_seq: string | null;
  day_hash: string;
  prev_digest: string;
  digest: string;
}

/** Recompute hash chains (and daily digests) from the stored rows and name the first link that does not hold. */
@Injectable()
export class VerifyStoreUseCase {
  constructor(private readonly db: AuditDb) {}

  async execute(cmd: VerifyCommand = {}): Promise<VerifyResult> {
    if (cmd.caseRef && cmd.day) throw new AuditInputError('verify takes --case or --day, not both');
    if (cmd.day !== undefined) {
      if (!isDay(cmd.day)) throw new AuditInputError(`--day must be YYYY-MM-DD, got "${cmd.day}"`);
      return this.verifyDay(cmd.day);
    }
    const caseId = cmd.caseRef ? await resolveCaseId(this.db, cmd.caseRef) : null;
    const params = caseId ? [caseId] : [];
    let chains: ChainVerifier;
    try {
      chains = await this.walkChainsFast(caseId);
    } catch (err) {
      // Content that is no longer JSON (or a time that no longer parses) stops the database's checks:
      // walk again checking everything here, which names the link instead of failing.
      if (!String((err as { code?: string }).code ?? '').startsWith('22')) throw err;
      chains = await this.walkChainsSlow(caseId);
    }
    // A head whose case has no links left at all: every link was removed.
    const orphans = await this.db.query<{ case_id: string; last_seq: number }>(
      `SELECT h.case_id::text AS case_id, h.last_seq FROM case_chain_heads h
       WHERE h.last_seq > 0 ${caseId ? 'AND h.case_id = $1' : ''}
         AND NOT EXISTS (SELECT 1 FROM event_store e WHERE e.case_id = h.case_id)`,
      params,
    );
    for (const o of orphans) {
      const b: BrokenLink = {
        caseId: o.case_id,
        caseSeq: o.last_seq,
        seq: '0',
        eventId: '',
        problem: 'head',
        detail: `chain head points at link ${o.last_seq} but the case has no stored links`,
      };
      chains.brokenCases++;
      chains.breaks.push(b);
      chains.firstBreak ??= b;
    }
    const digests = caseId ? { checkedDays: 0, firstBroken: null } : await this.verifyDigests();
    return {
      scope: caseId ? 'case' : 'store',
      target: caseId,
      isIntact: chains.ok && !digests.firstBroken,
      checkedEvents: chains.checkedEvents,
      checkedCases: chains.checkedCases,
      brokenCases: chains.brokenCases,
      firstBrokenLink: chains.firstBreak ?? null,
      brokenLinks: chains.breaks,
      checkedDays: digests.checkedDays,
      firstBrokenDigest: digests.firstBroken,
    };
  }

  /** Chains in (case_id, case_seq) order via COPY, the database comparing the jsonb copy and the columns. */
  private async walkChainsFast(caseId: string | null): Promise<ChainVerifier> {
    const chains = new ChainVerifier();
    // caseId comes from resolveCaseId (a uuid read back from the store); COPY takes no bind parameters.
    const where = caseId ? `WHERE e.case_id = '${caseId.replace(/[^0-9a-f-]/g, '')}'` : '';
    await this.db.transaction(async (c) => {
      await c.query('SET LOCAL jit = off');
      for await (const rows of copyOut(
        c,
        `SELECT e.seq::text, e.case_id::text, e.case_seq::text, e.event_id::text, e.canonical, e.prev_hash::text,
                e.hash::text, (x.j = e.envelope)::text,
                ((x.j ->> 'eventId' = e.event_id::text AND x.j ->> 'caseId' = e.case_id::text
                  AND x.j ->> 'eventType' = e.event_type AND x.j -> 'schemaVersion' = to_jsonb(e.schema_version)
                  AND (x.j ->> 'occurredAt')::timestamptz = e.occurred_at) IS TRUE)::text,
                h.last_seq::text, h.last_hash::text
         FROM "${this.db.schema}".event_store e
           CROSS JOIN LATERAL (SELECT e.canonical::jsonb AS j) x
           LEFT JOIN "${this.db.schema}".case_chain_heads h ON h.case_id = e.case_id
         ${where} ORDER BY e.case_id, e.case_seq`,
        (f) => f.map((b) => (b === null ? null : b.toString('utf8'))),
      ))
        for (const r of rows) {
          const [seq, cid, caseSeq, eventId, canonical, prevHash, hash, envOk, colsOk, lastSeq, lastHash] = r;
          chains.push(
            {
              seq: seq as string,
              caseId: cid as string,
              caseSeq: Number(caseSeq),
              eventId: eventId as string,
              eventType: '',
              schemaVersion: 0,
              occurredAt: new Date(0),
              canonical: canonical as string,
              prevHash: prevHash as string,
              hash: hash as string,
              checked: { isEnvelopeEqual: envOk === 'true', areColumnsEqual: colsOk === 'true' },
            },
            lastSeq === null ? null : { lastSeq: Number(lastSeq), lastHash: lastHash as string },
          );
        }
    }, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    chains.finish();
    return chains;
  }

  /** The same walk with every check made here: slower, but it survives content that is not JSON any more. */
  private async walkChainsSlow(caseId: string | null): Promise<ChainVerifier> {
    const chains = new ChainVerifier();
    for await (const rows of this.db.stream(
      `SELECT ${LINK_COLUMNS}, h.last_seq, h.last_hash
       FROM event_store e LEFT JOIN case_chain_heads h ON h.case_id = e.case_id
       ${caseId ? 'WHERE e.case_id = $1' : ''} ORDER BY e.case_id, e.case_seq`,
      caseId ? [caseId] : [],
    ))
      for (const r of rows)
        chains.push(
          toChainRow(r),
          r.last_seq === null ? null : { lastSeq: r.last_seq, lastHash: r.last_hash },
        );
    chains.finish();
    return chains;
  }

  private async verifyDay(day: string): Promise<VerifyResult> {
    const { start, end } = dayBounds(day);
    const chains = new ChainVerifier();
    const cases = new Set<string>();
    let checkedEvents = 0;
    // Each link of the day is checked against the link before it in its case, whatever day that one was stored.
    for await (const rows of this.db.stream(
      `SELECT ${LINK_COLUMNS}, p.hash AS previous_link_hash
       FROM event_store e LEFT JOIN event_store p ON p.case_id = e.case_id AND p.case_seq = e.case_seq - 1
       WHERE e.stored_at >= $1 AND e.stored_at < $2 ORDER BY e.seq`,
      [start, end],
    )) {
      for (const r of rows) {
        checkedEvents++;
        const row = toChainRow(r);
        if (cases.has(row.caseId)) continue; // first broken link per case
        const expectedPrev =
          row.caseSeq === 1 ? GENESIS_HASH : ((r.previous_link_hash as string | null) ?? '(missing link)');
        const broken =
          row.caseSeq > 1 && r.previous_link_hash === null
            ? {
                caseId: row.caseId,
                caseSeq: row.caseSeq,
                seq: row.seq,
                eventId: row.eventId,
                problem: 'missing_link' as const,
                detail: `link ${row.caseSeq - 1} of the case is missing`,
              }
            : checkLink(row, expectedPrev);
        if (broken) {
          cases.add(row.caseId);
          chains.brokenCases++;
          if (chains.breaks.length < 100) chains.breaks.push(broken);
          chains.firstBreak ??= broken; // rows come in seq order
        }
      }
    }
    const [stored] = await this.db.query<DigestRow>(
      `SELECT day::text AS day, event_count, first_seq::text AS first_seq, last_seq::text AS last_seq, day_hash,
              prev_digest, digest FROM daily_digests WHERE day = $1`,
      [day],
    );
    let firstBroken: DigestBreak | null = null;
    if (stored) {
      const [prev] = await this.db.query<{ digest: string }>(
        `SELECT digest FROM daily_digests WHERE day = $1`,
        [previousDay(day)],
      );
      const [{ n }] = await this.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM daily_digests WHERE day < $1`,
        [day],
      );
      firstBroken =
        !prev && n > 0
          ? { day, problem: 'missing_day', detail: `no digest for ${previousDay(day)}, the day before` }
          : await this.checkDigest(stored, prev ? prev.digest : GENESIS_DIGEST);
    }
    const distinctCases = await this.db.query<{ n: number }>(
      `SELECT count(DISTINCT case_id)::int AS n FROM event_store WHERE stored_at >= $1 AND stored_at < $2`,
      [start, end],
    );
    return {
      scope: 'day',
      target: day,
      isIntact: chains.brokenCases === 0 && !firstBroken,
      checkedEvents,
      checkedCases: distinctCases[0].n,
      brokenCases: chains.brokenCases,
      firstBrokenLink: chains.firstBreak ?? null,
      brokenLinks: chains.breaks,
      checkedDays: stored ? 1 : 0,
      firstBrokenDigest: firstBroken,
      ...(stored ? {} : { note: `no digest stored for ${day} yet` }),
    };
  }

  /** Every stored digest, in day order: recomputed from the day's rows and linked to the day before. */
  private async verifyDigests(): Promise<{ checkedDays: number; firstBroken: DigestBreak | null }> {
    const digests = await this.db.query<DigestRow>(
      `SELECT day::text AS day, event_count, first_seq::text AS first_seq, last_seq::text AS last_seq, day_hash,
              prev_digest, digest FROM daily_digests ORDER BY day`,
    );
    let prev: DigestRow | null = null;
    let checkedDays = 0;
    if (digests.length) {
      const [{ first }] = await this.db.query<{ first: Date | null }>(
        `SELECT min(stored_at) AS first FROM event_store`,
      );
      if (first && first < dayBounds(digests[0].day).start)
        return {
          checkedDays,
          firstBroken: {
            day: digests[0].day,
            problem: 'missing_day',
            detail: `rows stored on ${first.toISOString()} are older than the first digest`,
          },
        };
    }
    for (const d of digests) {
      checkedDays++;
      if (prev && previousDay(d.day) !== prev.day)
        return {
          checkedDays,
          firstBroken: {
            day: d.day,
            problem: 'missing_day',
            detail: `no digest between ${prev.day} and ${d.day}`,
          },
        };
      const broken = await this.checkDigest(d, prev ? prev.digest : GENESIS_DIGEST);
      if (broken) return { checkedDays, firstBroken: broken };
      prev = d;
    }
    return { checkedDays, firstBroken: null };
  }

  private async checkDigest(d: DigestRow, expectedPrev: string): Promise<DigestBreak | null> {
    if (d.prev_digest !== expectedPrev)
      return {
        day: d.day,
        problem: 'prev_digest',
        detail: `prev_digest ${d.prev_digest} but the day before's digest is ${expectedPrev}`,
      };
    const { start, end } = dayBounds(d.day);
    const hasher = new DayHasher();
    for await (const rows of this.db.stream<[string, string]>(
      `SELECT e.seq::text, e.hash FROM event_store e WHERE e.stored_at >= $1 AND e.stored_at < $2 ORDER BY e.seq`,
      [start, end],
      10_000,
      true,
    ))
      for (const [seq, hash] of rows) hasher.add(seq, hash);
    const dayHash = hasher.digest();
    if (
      dayHash !== d.day_hash ||
      hasher.count !== d.event_count ||
      hasher.firstSeq !== d.first_seq ||
      hasher.lastSeq !== d.last_seq
    )
      return {
        day: d.day,
        problem: 'day_hash',
        detail:
          `digest says ${d.event_count} rows (seq ${d.first_seq}…${d.last_seq}, ${d.day_hash}); ` +
          `the store now holds ${hasher.count} (seq ${hasher.firstSeq}…${hasher.lastSeq}, ${dayHash})`,
      };
    const recomputed = digestOf({
      day: d.day,
      eventCount: d.event_count,
      firstSeq: d.first_seq,
      lastSeq: d.last_seq,
      dayHash: d.day_hash,
      prevDigest: d.prev_digest,
    });
    if (recomputed !== d.digest)
      return { day: d.day, problem: 'digest', detail: `stored digest ${d.digest}, recomputed ${recomputed}` };
    return null;
  }
}
