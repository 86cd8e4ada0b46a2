import { canonicalJson, chainHash, GENESIS_HASH } from './hash-chain';

/** One stored link as verify reads it back. */
export interface ChainRow {
  seq: string;
  caseId: string;
  caseSeq: number;
  eventId: string;
  eventType: string;
  schemaVersion: number;
  occurredAt: Date;
  /** The hashed form of the event. */
  canonical: string;
  /** The queryable jsonb copy of the event (not needed when the database compared it: `checked`). */
  envelope?: unknown;
  prevHash: string;
  hash: string;
  /**
   * The database's answers to "does the jsonb copy equal the hashed content?" and "do the indexed columns agree
   * with it?", when it was asked (cheaper than parsing both here); otherwise they are worked out from the row.
   */
  checked?: { isEnvelopeEqual: boolean; areColumnsEqual: boolean };
}

export type BreakKind =
  | 'missing_link' // case_seq does not follow on: a link was removed or reordered
  | 'prev_hash' // the link does not point at the hash of the link before it
  | 'hash' // the event's hashed content was changed: its hash no longer matches
  | 'envelope' // the jsonb copy of the event differs from the hashed content
  | 'columns' // an indexed column (event id, type, time…) differs from the hashed content
  | 'head'; // the chain head disagrees with the last link: links removed from the end, or head moved

export interface BrokenLink {
  caseId: string;
  caseSeq: number;
  seq: string;
  eventId: string;
  problem: BreakKind;
  detail: string;
}

/** Check one link against the hash the link before it should have. Returns the first problem found. */
export function checkLink(row: ChainRow, expectedPrevHash: string): BrokenLink | undefined {
  const broken = (problem: BreakKind, detail: string): BrokenLink => ({
    caseId: row.caseId,
    caseSeq: row.caseSeq,
    seq: row.seq,
    eventId: row.eventId,
    problem,
    detail,
  });
  if (row.prevHash !== expectedPrevHash)
    return broken(
      'prev_hash',
      `prev_hash ${row.prevHash} but the previous link's hash is ${expectedPrevHash}`,
    );
  const recomputed = chainHash(row.prevHash, row.canonical);
  if (recomputed !== row.hash)
    return broken('hash', `stored hash ${row.hash} but the content hashes to ${recomputed}`);
  if (row.checked) {
    if (!row.checked.areColumnsEqual)
      return broken(
        'columns',
        'event_id, case_id, event_type, schema_version or occurred_at differ from the hashed event',
      );
    if (!row.checked.isEnvelopeEqual)
      return broken('envelope', 'the envelope column differs from the hashed event');
    return undefined;
  }
  let env: Record<string, unknown>;
  try {
    env = JSON.parse(row.canonical) as Record<string, unknown>;
  } catch {
    return broken('columns', 'hashed content is not JSON');
  }
  const mismatches: string[] = [];
  if (env.eventId !== row.eventId) mismatches.push('event_id');
  if (env.caseId !== row.caseId) mismatches.push('case_id');
  if (env.eventType !== row.eventType) mismatches.push('event_type');
  if (env.schemaVersion !== row.schemaVersion) mismatches.push('schema_version');
  if (Date.parse(String(env.occurredAt)) !== row.occurredAt.getTime()) mismatches.push('occurred_at');
  if (mismatches.length) return broken('columns', `${mismatches.join(', ')} differ from the hashed event`);
  if (canonicalJson(row.envelope) !== row.canonical)
    return broken('envelope', 'the envelope column differs from the hashed event');
  return undefined;
}

export interface ChainHead {
  lastSeq: number;
  lastHash: string;
}

/**
 * Walks case chains fed in (case_id, case_seq) order in constant memory, and keeps the first broken link of
 * every case (up to `keep` of them) and the earliest one in store order.
 */
export class ChainVerifier {
  checkedEvents = 0;
  checkedCases = 0;
  brokenCases = 0;
  readonly breaks: BrokenLink[] = [];
  firstBreak: BrokenLink | undefined;

  private caseId: string | null = null;
  private head: ChainHead | null = null;
  private expectedSeq = 1;
  private expectedPrev = GENESIS_HASH;
  private isBroken = false;
  private last: { seq: string; caseSeq: number; eventId: string; hash: string } | null = null;

  constructor(private readonly keep = 100) {}

  push(row: ChainRow, head: ChainHead | null): void {
    if (row.caseId !== this.caseId) {
      this.endCase();
      this.caseId = row.caseId;
      this.head = head;
      this.checkedCases++;
    }
    this.checkedEvents++;
    if (this.isBroken) return;
    let problem: BrokenLink | undefined;
    if (row.caseSeq !== this.expectedSeq)
      problem = {
        caseId: row.caseId,
        caseSeq: row.caseSeq,
        seq: row.seq,
        eventId: row.eventId,
        problem: 'missing_link',
        detail: `expected case_seq ${this.expectedSeq}, found ${row.caseSeq}`,
      };
    else problem = checkLink(row, this.expectedPrev);
    if (problem) return this.record(problem);
    this.expectedSeq++;
    this.expectedPrev = row.hash;
    this.last = { seq: row.seq, caseSeq: row.caseSeq, eventId: row.eventId, hash: row.hash };
  }

  /** Call after the last row. */
  finish(): void {
    this.endCase();
    this.caseId = null;
  }

  get ok(): boolean {
    return this.brokenCases === 0;
  }

  private endCase(): void {
    if (this.caseId !== null && !this.isBroken && this.last) {
      const h = this.head;
      if (!h || h.lastSeq !== this.last.caseSeq || h.lastHash !== this.last.hash)
        this.record({
          caseId: this.caseId,
          caseSeq: this.last.caseSeq,
          seq: this.last.seq,
          eventId: this.last.eventId,
          problem: 'head',
          detail: h
            ? `chain head says link ${h.lastSeq} (${h.lastHash}), the last stored link is ${this.last.caseSeq} (${this.last.hash})`
            : 'the case has no chain head',
        });
    }
    this.isBroken = false;
    this.expectedSeq = 1;
    this.expectedPrev = GENESIS_HASH;
    this.last = null;
  }

  private record(b: BrokenLink): void {
    this.isBroken = true;
    this.brokenCases++;
    if (this.breaks.length < this.keep) this.breaks.push(b);
    if (!this.firstBreak || BigInt(b.seq) < BigInt(this.firstBreak.seq)) this.firstBreak = b;
  }
}
