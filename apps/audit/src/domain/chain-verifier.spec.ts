import { randomUUID } from 'node:crypto';
import { ChainRow, ChainVerifier } from './chain-verifier';
import { canonicalJson, chainHash, GENESIS_HASH } from './hash-chain';

function chain(caseId: string, n: number, firstSeq = 1): ChainRow[] {
  let prev = GENESIS_HASH;
  return Array.from({ length: n }, (_, i) => {
    const occurredAt = new Date(Date.UTC(2026, 10, 23, 1, i));
    const env = {
      eventId: randomUUID(),
      eventType: 'case.activity',
      schemaVersion: 1,
      caseId,
      occurredAt: occurredAt.toISOString(),
      payload: { activity: 'note', reason: `r${i}` },
    };
    const canonical = canonicalJson(env);
    const hash = chainHash(prev, canonical);
    const row: ChainRow = {
      seq: String(firstSeq + i * 2),
      caseId,
      caseSeq: i + 1,
      eventId: env.eventId,
      eventType: env.eventType,
      schemaVersion: 1,
      occurredAt,
      canonical,
      envelope: JSON.parse(canonical),
      prevHash: prev,
      hash,
    };
    prev = hash;
    return row;
  });
}

const headOf = (rows: ChainRow[]) => ({ lastSeq: rows.length, lastHash: rows[rows.length - 1].hash });

function run(rows: ChainRow[][], heads = rows.map(headOf)) {
  const v = new ChainVerifier();
  rows.forEach((r, i) => r.forEach((row) => v.push(row, heads[i])));
  v.finish();
  return v;
}

describe(ChainVerifier.name, () => {
  const a = randomUUID();
  const b = randomUUID();

  it('passes intact chains', () => {
    const v = run([chain(a, 4), chain(b, 3, 2)]);
    expect(v.ok).toBe(true);
    expect(v.checkedEvents).toBe(7);
    expect(v.checkedCases).toBe(2);
  });

  it('names a link whose content was rewritten', () => {
    const rows = chain(a, 4);
    rows[2] = { ...rows[2], canonical: rows[2].canonical.replace('r2', 'forged') };
    rows[2].envelope = JSON.parse(rows[2].canonical);
    const v = run([rows]);
    expect(v.firstBreak).toMatchObject({ caseId: a, caseSeq: 3, problem: 'hash' });
    expect(v.brokenCases).toBe(1);
  });

  it('names the next link when the hash was rewritten too', () => {
    const rows = chain(a, 4);
    const canonical = rows[1].canonical.replace('r1', 'forged');
    rows[1] = {
      ...rows[1],
      canonical,
      envelope: JSON.parse(canonical),
      hash: chainHash(rows[1].prevHash, canonical),
    };
    expect(run([rows]).firstBreak).toMatchObject({ caseSeq: 3, problem: 'prev_hash' });
  });

  it('names a removed link, a removed last link, and a jsonb copy that differs', () => {
    const gap = chain(a, 4);
    expect(run([[gap[0], gap[2], gap[3]]], [headOf(gap)]).firstBreak).toMatchObject({
      caseSeq: 3,
      problem: 'missing_link',
    });
    const tail = chain(a, 4);
    expect(run([tail.slice(0, 3)], [headOf(tail)]).firstBreak).toMatchObject({ caseSeq: 3, problem: 'head' });
    const copy = chain(b, 2);
    copy[1] = { ...copy[1], envelope: { ...(copy[1].envelope as object), eventType: 'case.resolved' } };
    expect(run([copy]).firstBreak).toMatchObject({ caseSeq: 2, problem: 'envelope' });
    const column = chain(b, 2);
    column[0] = { ...column[0], occurredAt: new Date(0) };
    expect(run([column]).firstBreak).toMatchObject({ caseSeq: 1, problem: 'columns' });
  });

  it('reports the earliest break in store order across cases', () => {
    const first = chain(a, 3, 100);
    const second = chain(b, 3, 1);
    first[1] = { ...first[1], hash: '1'.repeat(64) };
    second[2] = { ...second[2], hash: '2'.repeat(64) };
    const v = run([first, second], [headOf(first), headOf(second)]);
    expect(v.brokenCases).toBe(2);
    expect(v.firstBreak).toMatchObject({ caseId: b, caseSeq: 3 });
  });
});
