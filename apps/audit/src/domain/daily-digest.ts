import { createHash, Hash } from 'node:crypto';
import { GENESIS_HASH } from './hash-chain';

/** Days are the city's calendar days (ARCHITECTURE.md: time is Asia/Ho_Chi_Minh). */
export const DIGEST_TIME_ZONE = 'Asia/Ho_Chi_Minh';
// Viet Nam has kept UTC+7 without daylight saving since 1975, so a fixed offset is exact for the store's lifetime.
const OFFSET_MS = 7 * 3600_000;
const DAY_MS = 86_400_000;
/** A day is digested only this long after it ends: an append that read the clock before midnight can still commit. */
export const DIGEST_GRACE_MS = 10 * 60_000;

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

export function isDay(value: string): boolean {
  if (!DAY_RE.test(value)) return false;
  const d = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** The local (UTC+7) calendar day an instant falls on, as YYYY-MM-DD. */
export function dayOf(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** [start, end) of a local day, as instants. */
export function dayBounds(day: string): { start: Date; end: Date } {
  const start = new Date(Date.parse(`${day}T00:00:00.000Z`) - OFFSET_MS);
  return { start, end: new Date(start.getTime() + DAY_MS) };
}

export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + DAY_MS).toISOString().slice(0, 10);
}

export function previousDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) - DAY_MS).toISOString().slice(0, 10);
}

/** A day is closed once it has ended (plus the grace period) on the given clock. */
export function isDayClosed(day: string, now: Date, graceMs = DIGEST_GRACE_MS): boolean {
  return dayBounds(day).end.getTime() + graceMs <= now.getTime();
}

/** sha256 over the day's row hashes in seq order, each followed by "\n" (an empty day hashes the empty string). */
export class DayHasher {
  private readonly hash: Hash = createHash('sha256');
  count = 0;
  firstSeq: string | null = null;
  lastSeq: string | null = null;

  add(seq: string, rowHash: string): void {
    this.hash.update(rowHash).update('\n');
    this.count++;
    if (this.firstSeq === null) this.firstSeq = seq;
    this.lastSeq = seq;
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

export interface DailyDigest {
  day: string;
  eventCount: number;
  firstSeq: string | null;
  lastSeq: string | null;
  dayHash: string;
  prevDigest: string;
  digest: string;
}

export const GENESIS_DIGEST = GENESIS_HASH;

/** A day's digest, chained to the previous day's: sha256 of the fields below joined by "\n". */
export function digestOf(d: Omit<DailyDigest, 'digest'>): string {
  return createHash('sha256')
    .update(
      [d.prevDigest, d.day, String(d.eventCount), d.firstSeq ?? '', d.lastSeq ?? '', d.dayHash].join('\n'),
    )
    .digest('hex');
}
