import { randomUUID } from 'node:crypto';
import { createEnvelope, decodeEvent, encodeEvent, EventValidationError } from '../../codec';
import { uuidV5 } from '../../stream-id';
import { AUDITED_TOPICS, Topics } from '../../topics';
import { DirectoryChangedV1, directoryStreamId } from './directory-changed.v1';

const change = {
  changeId: '42',
  entityKind: 'unit',
  entityId: 'hn-p-00001',
  operation: 'update',
  status: 'applied',
  effectiveFrom: '2026-11-23',
  effectiveTo: null,
  reason: 'Đổi tên theo nghị quyết',
  before: { id: 'hn-p-00001', name: 'UBND Phường Phúc Xá' },
  after: { id: 'hn-p-00001', name: 'UBND Phường Phúc Xá (mới)' },
} as DirectoryChangedV1;

const make = (over: Partial<DirectoryChangedV1> = {}, caseId?: string) =>
  createEnvelope({
    payloadClass: DirectoryChangedV1,
    payload: { ...change, ...over },
    caseId,
    producer: 'assignment',
    actor: { type: 'user', id: 'u-admin', role: 'admin' },
    occurredAt: new Date('2026-11-23T01:00:00Z'),
  });

describe(DirectoryChangedV1.name, () => {
  it('computes RFC 4122 version-5 ids (the RFC test vector)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('gives each directory entity one stable stream id, distinct per kind and id', () => {
    const id = directoryStreamId('unit', 'hn-p-00001');
    expect(id).toBe(directoryStreamId('unit', 'hn-p-00001'));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(directoryStreamId('staff', 'hn-p-00001')).not.toBe(id);
    expect(directoryStreamId('unit', 'hn-p-00004')).not.toBe(id);
  });

  it('travels on directory.changed, keyed by the entity stream id, and round-trips', () => {
    const env = make();
    expect(env.caseId).toBe(directoryStreamId('unit', 'hn-p-00001'));
    const msg = encodeEvent(env);
    expect(msg.topic).toBe(Topics.DirectoryChanged);
    expect(msg.key).toBe(env.caseId);
    const back = decodeEvent(msg.value);
    expect(back).toEqual(JSON.parse(msg.value));
    expect(back.payload).toBeInstanceOf(DirectoryChangedV1);
    expect(AUDITED_TOPICS).toContain(Topics.DirectoryChanged);
  });

  it('accepts a created entity (no before) and a removed calendar day (no after)', () => {
    expect(make({ operation: 'create', before: null }).payload.before).toBeNull();
    const removed = make({
      entityKind: 'calendar_day',
      entityId: '2026-11-24',
      operation: 'retire',
      after: null,
    });
    expect(decodeEvent(encodeEvent(removed).value).caseId).toBe(
      directoryStreamId('calendar_day', '2026-11-24'),
    );
  });

  it('refuses an envelope whose caseId is not the entity stream id, on the way in and out', () => {
    expect(() => make({}, randomUUID())).toThrow(/caseId: must be the stream id/);
    const forged = { ...make(), caseId: directoryStreamId('unit', 'hn-p-00004') };
    expect(() => decodeEvent(JSON.stringify(forged))).toThrow(EventValidationError);
  });

  it('refuses a bad payload, naming the fields', () => {
    let problems: string[] = [];
    try {
      make({ entityKind: 'building' as never, effectiveFrom: '23/11/2026', reason: '' });
    } catch (err) {
      problems = (err as EventValidationError).problems;
    }
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['effectiveFrom', 'entityKind', 'reason']);
  });
});
