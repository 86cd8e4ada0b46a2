import { randomUUID } from 'node:crypto';
import { EventEnvelope } from '@lib/contracts';
import { projectCase, projectCaseInPlace, timelineEntry } from './case-projection';

const caseId = randomUUID();
const ev = (eventType: string, at: string, payload: object): EventEnvelope<object> => ({
  eventId: randomUUID(),
  eventType,
  schemaVersion: 1,
  caseId,
  occurredAt: at,
  producer: 'test',
  correlationId: caseId,
  causationId: null,
  actor: { type: 'system', id: 'test' },
  payload,
});
const received = ev('case.received', '2026-11-23T01:00:00.000Z', {
  trackingCode: 'HN-20261123-ABC234',
  channel: 'post',
  receivedAt: '2026-11-23T01:00:00.000Z',
  petitioner: { type: 'collective' },
  content: 'Phản ánh ngập úng',
  isAnonymous: false,
});
const classified = ev('case.classified', '2026-11-23T01:00:01.000Z', {
  kind: 'reflection',
  domain: 'environment',
  level: 'commune',
  isUrgent: false,
  confidence: { kind: 0.9, domain: 0.9, level: 0.8 },
  explanation: [],
  modelVersion: 'm',
  isManual: false,
  isAnonymous: false,
});
const assigned = ev('case.assigned', '2026-11-23T01:00:02.000Z', {
  leadUnitId: 'hn-p-00001',
  leadUnitName: 'UBND Phường Phúc Xá',
  coordinatingUnitIds: [],
  handlerId: 'h1',
  handlerName: 'H',
  responsiblePersonId: 'head',
  ruleId: 'R090',
  reason: 'r',
  stage: 'processing',
  dueAt: '2026-12-07T16:59:59.999Z',
  slaWorkingDays: 10,
  policyId: 'p',
  reassignmentCount: 0,
  flags: [],
});

describe('projectCase', () => {
  it('walks received → classified → assigned', () => {
    const s = [received, classified, assigned].reduce(projectCase, undefined as never);
    expect(s).toMatchObject({
      status: 'assigned',
      trackingCode: 'HN-20261123-ABC234',
      kind: 'reflection',
      leadUnitId: 'hn-p-00001',
      dueAt: '2026-12-07T16:59:59.999Z',
      flags: ['collective'],
      eventCount: 3,
    });
  });

  it('gives the same state whatever order the topics deliver in', () => {
    const inOrder = [received, classified, assigned].reduce(projectCase, undefined as never);
    const shuffled = [assigned, received, classified].reduce(projectCase, undefined as never);
    expect(shuffled).toEqual(inOrder);
  });

  it('moves the status with handler activity and back to assigned on a later reassignment', () => {
    const accepted = ev('case.activity', '2026-11-24T01:00:00.000Z', { activity: 'accepted' });
    const transferred = ev('case.activity', '2026-11-25T01:00:00.000Z', {
      activity: 'transferred',
      reason: 'x',
    });
    const reassigned = ev('case.assigned', '2026-11-25T01:00:01.000Z', {
      ...assigned.payload,
      reassignmentCount: 1,
    });
    let s = [received, classified, assigned, accepted].reduce(projectCase, undefined as never);
    expect(s.status).toBe('accepted');
    s = [transferred, reassigned].reduce(projectCase, s);
    expect(s.status).toBe('assigned');
    expect(s.reassignmentCount).toBe(1);
  });

  it('folds in place to the same state, and projectCase leaves the state it was given unchanged', () => {
    const accepted = ev('case.activity', '2026-11-24T01:00:00.000Z', { activity: 'accepted' });
    const access = ev('access.recorded', '2026-11-24T02:00:00.000Z', { action: 'viewed' });
    const events = [received, classified, assigned, accepted, access];
    const copied = events.reduce(projectCase, undefined as never);
    let inPlace = projectCaseInPlace(undefined, events[0]);
    const first = inPlace;
    for (const e of events.slice(1)) inPlace = projectCaseInPlace(inPlace, e);
    expect(inPlace).toBe(first);
    expect(inPlace).toEqual(copied);

    const before = structuredClone(copied);
    const next = projectCase(
      copied,
      ev('case.activity', '2026-11-26T01:00:00.000Z', { activity: 'resolved' }),
    );
    expect(copied).toEqual(before);
    expect(next.status).toBe('resolved');
  });

  it('writes a timeline line with actor and reason', () => {
    expect(timelineEntry(assigned)).toMatchObject({
      eventType: 'case.assigned',
      actorId: 'test',
      reason: 'r',
    });
  });
});
