import { randomUUID } from 'node:crypto';
import { createEnvelope, decodeEvent, encodeEvent, EventValidationError } from './codec';
import { CaseAssignedV1 } from './events/case-assigned/case-assigned.v1';
import { CaseReceivedV1 } from './events/case-received/case-received.v1';

const received = {
  trackingCode: 'HN-20261123-ABC234',
  channel: 'post',
  receivedAt: '2026-11-20T03:00:00.000Z',
  petitioner: { type: 'individual', fullName: 'Nguyễn Văn An', nationalId: '001203004567' },
  content: 'Phản ánh tình trạng ngập úng kéo dài.',
  isAnonymous: false,
} as CaseReceivedV1;

const make = () =>
  createEnvelope({
    payloadClass: CaseReceivedV1,
    payload: received,
    caseId: randomUUID(),
    producer: 'intake',
    actor: { type: 'user', id: 'clerk-1', role: 'intake_clerk' },
    occurredAt: new Date('2026-11-23T01:00:00Z'),
  });

describe('event codec', () => {
  it('round-trips an event, keyed by caseId, on the topic its type names', () => {
    const env = make();
    const msg = encodeEvent(env);
    expect(msg.topic).toBe('case.received');
    expect(msg.key).toBe(env.caseId);
    expect(msg.headers.eventType).toBe('case.received');
    const back = decodeEvent(Buffer.from(msg.value));
    expect(back).toEqual(JSON.parse(msg.value));
    expect(back.payload).toBeInstanceOf(CaseReceivedV1);
    expect(back.correlationId).toBe(env.eventId);
  });

  it('carries paper-only documents by name, and refuses one without a name', () => {
    const withPaper = createEnvelope({
      payloadClass: CaseReceivedV1,
      payload: { ...received, paperDocuments: [{ name: 'Bản gốc sổ đỏ (3 trang)' }] } as CaseReceivedV1,
      caseId: randomUUID(),
      producer: 'intake',
      actor: { type: 'user', id: 'clerk-1', role: 'intake_clerk' },
      occurredAt: new Date('2026-11-23T01:00:00Z'),
    });
    const back = decodeEvent(Buffer.from(encodeEvent(withPaper).value));
    expect((back.payload as CaseReceivedV1).paperDocuments).toEqual([{ name: 'Bản gốc sổ đỏ (3 trang)' }]);
    const noName = { ...JSON.parse(encodeEvent(withPaper).value) };
    noName.payload.paperDocuments = [{ name: '' }];
    expect(() => decodeEvent(JSON.stringify(noName))).toThrow(/paperDocuments/);
  });

  it('refuses to create an event whose payload is invalid, naming the fields', () => {
    expect(() =>
      createEnvelope({
        payloadClass: CaseReceivedV1,
        payload: { ...received, channel: 'pigeon', trackingCode: 'x' } as unknown as CaseReceivedV1,
        caseId: randomUUID(),
        producer: 'intake',
        actor: { type: 'system', id: 'x' },
        occurredAt: new Date(),
      }),
    ).toThrow(/channel.*trackingCode|trackingCode.*channel/);
  });

  it.each([
    ['not JSON', 'hello', /not JSON/],
    ['an array', '[]', /envelope/],
    ['a missing caseId', JSON.stringify({ ...make(), caseId: undefined }), /caseId/],
    [
      'an unknown event type',
      JSON.stringify({ ...make(), eventType: 'case.teleported' }),
      /no payload class/,
    ],
    ['an unknown schema version', JSON.stringify({ ...make(), schemaVersion: 9 }), /v9/],
    ['a payload of the wrong shape', JSON.stringify({ ...make(), payload: { content: 1 } }), /trackingCode/],
    ['unexpected payload fields', JSON.stringify({ ...make(), payload: { ...received, extra: 1 } }), /extra/],
  ])('rejects %s', (_what, value, pattern) => {
    expect(() => decodeEvent(value)).toThrow(EventValidationError);
    expect(() => decodeEvent(value)).toThrow(pattern);
  });

  it('validates nested payload rules (a CCCD is 12 digits)', () => {
    const env = {
      ...make(),
      payload: { ...received, petitioner: { type: 'individual', nationalId: '123' } },
    };
    expect(() => decodeEvent(JSON.stringify(env))).toThrow(/petitioner.nationalId/);
  });

  it('keeps the schema version and the class suffix in step', () => {
    expect(CaseAssignedV1.schemaVersion).toBe(1);
    expect(make().schemaVersion).toBe(CaseReceivedV1.schemaVersion);
  });
});
