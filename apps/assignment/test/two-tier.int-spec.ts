import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Producer } from 'kafkajs';
import { FakeClock } from '@lib/domain';
import { RunningService, startService } from '@lib/platform';
import {
  deleteNamespaceTopics,
  resetDatabase,
  testDatabaseUrl,
  testKafka,
  uniqueNamespace,
} from '@lib/testing';
import { AssignmentEnv } from '../src/assignment.env';
import { assignmentService } from '../src/assignment.service';
import { activity, AssignedLog, classified, publish } from './assignment-test-kit';

// The same service and code on the two-tier tree Hanoi has had since 1 July 2025 (city → communes), chosen by
// SEED_DIR alone.
const DB = testDatabaseUrl('assignment_two_tier');
const NS = uniqueNamespace();
const PORT = 13304;
const kafka = testKafka();
let svc: RunningService<AssignmentEnv>;
let producer: Producer;
let log: AssignedLog;

async function assign(over: Parameters<typeof classified>[1]) {
  const caseId = randomUUID();
  await publish(producer, NS, [classified(caseId, over)]);
  return { caseId, assigned: await log.nth(caseId) };
}

beforeAll(async () => {
  await resetDatabase(DB);
  svc = await startService(assignmentService, {
    env: {
      DATABASE_URL: DB,
      KAFKA_NAMESPACE: NS,
      LOG_LEVEL: 'silent',
      OUTBOX_POLL_MS: '100',
      SEED_DIR: 'apps/assignment/seeds/v2-two-tier',
    },
    port: PORT,
    clock: new FakeClock(new Date('2026-11-23T02:00:00.000Z')),
  });
  producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  log = await AssignedLog.start(kafka, NS);
});

afterAll(async () => {
  await log?.stop();
  await producer?.disconnect();
  await svc?.stop();
  await deleteNamespaceTopics(kafka, NS);
});

describe('assigning on the two-tier tree (city → communes)', () => {
  it('resolves a commune-level case at the new ward, escalating straight to the city', async () => {
    const { assigned } = await assign({ kind: 'reflection', domain: 'environment', wardCode: '00163' });
    expect(assigned.leadUnitId).toBe('hn-pw-cau-giay');
    expect(assigned.escalationChain?.map((r) => r.unitId)).toEqual(['hn']);
  });

  it('gives a former district-level matter to the commune, flagged', async () => {
    const { assigned } = await assign({
      kind: 'complaint',
      domain: 'land',
      level: 'district',
      wardCode: '00163',
    });
    expect(assigned.leadUnitId).toBe('hn-pw-cau-giay');
    expect(assigned.flags).toContain('district_level_abolished');
  });

  it('sends a denunciation of a commune official to the city, with the inspectorate', async () => {
    const { assigned } = await assign({ kind: 'denunciation', domain: 'corruption', wardCode: '00163' });
    expect(assigned.leadUnitId).toBe('hn');
    expect(assigned.coordinatingUnitIds).toEqual(['hn-thanh-tra']);
  });

  it('routes city-level matters to the departments and unknown places to the reception board', async () => {
    expect(
      (await assign({ kind: 'complaint', domain: 'construction', level: 'city' })).assigned.leadUnitId,
    ).toBe('hn-so-xd');
    const unknown = (await assign({ kind: 'reflection', domain: 'environment' })).assigned;
    expect([unknown.leadUnitId, unknown.flags]).toEqual(['hn-btcd', ['location_unknown', 'manual_routing']]);
  });

  it('re-routes a declined case to the city, the body above the commune', async () => {
    const { caseId } = await assign({ kind: 'reflection', domain: 'environment', wardCode: '00061' });
    await publish(producer, NS, [activity(caseId, 'declined', { reason: 'không thuộc thẩm quyền' })]);
    const again = await log.nth(caseId, 1);
    expect(again).toMatchObject({
      leadUnitId: 'hn',
      reassignmentCount: 1,
      previousUnitId: 'hn-pw-hoan-kiem',
    });
  });
});
