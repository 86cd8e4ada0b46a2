import {
  dayBounds,
  DayHasher,
  dayOf,
  digestOf,
  GENESIS_DIGEST,
  isDay,
  isDayClosed,
  nextDay,
} from './daily-digest';

describe('daily digest', () => {
  it('cuts days at midnight in Hà Nội (UTC+7)', () => {
    expect(dayOf(new Date('2026-11-23T16:59:59.999Z'))).toBe('2026-11-23');
    expect(dayOf(new Date('2026-11-23T17:00:00.000Z'))).toBe('2026-11-24');
    expect(dayBounds('2026-11-24')).toEqual({
      start: new Date('2026-11-23T17:00:00.000Z'),
      end: new Date('2026-11-24T17:00:00.000Z'),
    });
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
  });

  it('digests a day only once it has ended, plus a grace period', () => {
    expect(isDayClosed('2026-11-23', new Date('2026-11-23T17:05:00Z'))).toBe(false);
    expect(isDayClosed('2026-11-23', new Date('2026-11-23T17:10:00Z'))).toBe(true);
  });

  it('validates days', () => {
    expect(isDay('2026-02-28')).toBe(true);
    expect(isDay('2026-02-30')).toBe(false);
    expect(isDay('26-02-01')).toBe(false);
  });

  it('hashes the row hashes in order and chains each day to the one before', () => {
    const h = new DayHasher();
    h.add('7', 'a'.repeat(64));
    h.add('9', 'b'.repeat(64));
    const base = { day: '2026-11-23', eventCount: h.count, firstSeq: h.firstSeq, lastSeq: h.lastSeq };
    const dayHash = h.digest();
    const d1 = digestOf({ ...base, dayHash, prevDigest: GENESIS_DIGEST });
    expect(base).toMatchObject({ eventCount: 2, firstSeq: '7', lastSeq: '9' });
    expect(digestOf({ ...base, dayHash, prevDigest: d1 })).not.toBe(d1);
    const swapped = new DayHasher();
    swapped.add('7', 'b'.repeat(64));
    swapped.add('9', 'a'.repeat(64));
    expect(swapped.digest()).not.toBe(dayHash);
  });
});
