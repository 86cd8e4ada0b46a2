import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Controller, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Kafka, KafkaMessage, Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { CaseReceivedV1, createEnvelope, dlqTopic, encodeEvent, EventEnvelope, Topics } from '@lib/contracts';
import { createLogger } from '@lib/observability';
import { openServiceDataSource } from '@lib/persistence';
import {
  deleteNamespaceTopics,
  resetDatabase,
  sql,
  testDatabaseUrl,
  testKafka,
  uniqueNamespace,
  waitFor,
} from '@lib/testing';
import { PermanentError } from '@lib/domain';
import {
  applyBatchOnce,
  applyOnce,
  BATCH,
  caseTopicSpecs,
  DLQ_HEADERS,
  ensureTopics,
  InboxEntryEntity,
  KafkaEventServer,
  OutboxMessageEntity,
  OutboxRelay,
  RethrowRpcErrorsFilter,
} from '../src';
import { MessagingTestSchema1763900000001 } from './fixtures/messaging-test-schema';

const URL = testDatabaseUrl('messaging');
const SCHEMA = 'messaging_test';
const logger = createLogger('messaging-test', 'silent');

const payload = (): CaseReceivedV1 =>
  ({
    trackingCode: 'HN-20261123-ABC234',
    channel: 'online',
    receivedAt: '2026-11-23T02:00:00.000Z',
    petitioner: { type: 'anonymous' },
    content: 'Phản ánh tình trạng rác thải ở ngõ 12 Đội Cấn gây ô nhiễm.',
    isAnonymous: true,
  }) as CaseReceivedV1;

const newEvent = (caseId = randomUUID()) =>
  createEnvelope({
    payloadClass: CaseReceivedV1,
    payload: payload(),
    caseId,
    producer: 'test',
    actor: { type: 'system', id: 'test' },
    occurredAt: new Date(),
  });

let ds: DataSource;
let kafka: Kafka;
let ns: string;
let producer: Producer;

// The handler a test service runs: one effect per event, recorded with the inbox in one transaction.
let failuresToInject = 0;
@Controller()
class ApplyEffectConsumer {
  @EventPattern(Topics.CaseReceived)
  async handle(@Payload() e: EventEnvelope<CaseReceivedV1>): Promise<void> {
    if (failuresToInject > 0) {
      failuresToInject--;
      throw new Error('injected failure');
    }
    await applyOnce(ds, 'effects', e.eventId, async (m) => {
      await m.query(
        `INSERT INTO effects (case_id, applied) VALUES ($1, 1)
         ON CONFLICT (case_id) DO UPDATE SET applied = effects.applied + 1`,
        [e.caseId],
      );
    });
  }
}
@Module({ controllers: [ApplyEffectConsumer] })
class EffectsModule {}

// A batch handler: every fresh event of a batch applied in one transaction; a poisoned case fails the batch.
const poisoned = new Set<string>();
const batchSizes: number[] = [];
@Controller()
class BatchEffectConsumer {
  @EventPattern(Topics.CaseReceived, BATCH)
  async handle(@Payload() envs: EventEnvelope<CaseReceivedV1>[]): Promise<void> {
    const bad = envs.find((e) => poisoned.has(e.caseId));
    if (bad) throw new PermanentError('POISON', `case ${bad.caseId} is poisoned`);
    batchSizes.push(envs.length);
    await applyBatchOnce(ds, 'batch-effects', envs, async (m, fresh) => {
      await m.query(
        `INSERT INTO effects (case_id, applied) SELECT id, 1 FROM unnest($1::uuid[]) AS id
         ON CONFLICT (case_id) DO UPDATE SET applied = effects.applied + 1`,
        [fresh.map((e) => e.caseId)],
      );
    });
  }
}
@Module({ controllers: [BatchEffectConsumer] })
class BatchEffectsModule {}

async function startConsumer(maxAttempts = 3): Promise<{ app: INestMicroservice; server: KafkaEventServer }> {
  const server = new KafkaEventServer({ kafka, groupId: 'effects', logger, maxAttempts, namespace: ns });
  const app = await NestFactory.createMicroservice(EffectsModule, { strategy: server, logger: false });
  app.useGlobalFilters(new RethrowRpcErrorsFilter());
  await app.listen();
  return { app, server };
}

async function startBatchConsumer(): Promise<{ app: INestMicroservice; server: KafkaEventServer }> {
  const server = new KafkaEventServer({
    kafka,
    groupId: 'batch-effects',
    logger,
    maxAttempts: 2,
    namespace: ns,
    maxBatchSize: 100,
  });
  const app = await NestFactory.createMicroservice(BatchEffectsModule, { strategy: server, logger: false });
  app.useGlobalFilters(new RethrowRpcErrorsFilter());
  await app.listen();
  return { app, server };
}

async function readAll(topic: string, count: number): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({ groupId: `reader-${randomUUID()}` });
  const seen: KafkaMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void seen.push(message) });
  try {
    await waitFor(`${count} messages on ${topic}`, async () => seen.length >= count, 30000);
    await new Promise((r) => setTimeout(r, 500)); // and nothing more arrives
    return seen;
  } finally {
    await consumer.disconnect();
  }
}

async function effectsOf(caseId: string): Promise<number | undefined> {
  const rows = await sql<{ applied: number }>(
    URL,
    `SELECT applied FROM ${SCHEMA}.effects WHERE case_id = $1`,
    [caseId],
  );
  return rows[0]?.applied;
}

beforeAll(async () => {
  await resetDatabase(URL);
  ds = await openServiceDataSource({
    url: URL,
    schema: SCHEMA,
    entities: [OutboxMessageEntity, InboxEntryEntity],
    migrations: [MessagingTestSchema1763900000001],
  });
  kafka = testKafka();
  ns = uniqueNamespace();
  await ensureTopics(kafka, caseTopicSpecs(3), ns);
  producer = kafka.producer();
  await producer.connect();
});

afterAll(async () => {
  await producer?.disconnect();
  await ds?.destroy();
  if (kafka && ns) await deleteNamespaceTopics(kafka, ns);
});

describe('transactional outbox', () => {
  it('loses nothing when the process is killed between commit and publish', async () => {
    const caseId = randomUUID();
    const child = join(__dirname, 'fixtures', 'commit-then-die.js');
    const { eventId, signal } = await new Promise<{ eventId: string; signal: string | null }>(
      (resolve, reject) => {
        const p = execFile(
          process.execPath,
          [child, URL, SCHEMA, caseId],
          { env: { ...process.env, PAYLOAD: JSON.stringify(payload()) } },
          (err, stdout) => {
            if (err && (err as { signal?: string }).signal !== 'SIGKILL') return reject(err);
            resolve({ eventId: stdout.trim(), signal: p.signalCode });
          },
        );
      },
    );
    expect(signal).toBe('SIGKILL');
    // The state change and its event were committed together and nothing was published yet.
    const pending = await sql(URL, `SELECT event_id FROM ${SCHEMA}.outbox WHERE event_id = $1`, [eventId]);
    expect(pending).toHaveLength(1);

    const relay = new OutboxRelay(ds, kafka, logger, {
      schema: SCHEMA,
      topicNamespace: ns,
      pollIntervalMs: 50,
    });
    await relay.start();
    try {
      const messages = await readAll(ns + Topics.CaseReceived, 1);
      const delivered = messages.filter((m) => JSON.parse(m.value!.toString()).eventId === eventId);
      expect(delivered).toHaveLength(1);
      expect(delivered[0].key!.toString()).toBe(caseId);
      await waitFor(
        'outbox drained',
        async () => (await sql(URL, `SELECT 1 FROM ${SCHEMA}.outbox`)).length === 0,
      );
    } finally {
      await relay.stop();
    }
  });
});

describe(KafkaEventServer.name, () => {
  it('applies a redelivered event once', async () => {
    const { app, server } = await startConsumer();
    try {
      const event = newEvent();
      const msg = encodeEvent(event);
      await producer.send({ topic: ns + msg.topic, messages: [{ key: msg.key, value: msg.value }] });
      await producer.send({ topic: ns + msg.topic, messages: [{ key: msg.key, value: msg.value }] });
      await waitFor('both deliveries handled', async () => server.handled >= 2);
      expect(await effectsOf(event.caseId)).toBe(1);
    } finally {
      await app.close();
    }
  });

  it('sends malformed messages to the DLQ with the error and coordinates, and carries on', async () => {
    const { app, server } = await startConsumer();
    try {
      const topic = ns + Topics.CaseReceived;
      const good = newEvent();
      const badEnvelope = { ...newEvent(), payload: { trackingCode: 'nope' } };
      await producer.send({
        topic,
        messages: [
          // Both poison messages share a key, so they sit in one partition and reach the DLQ in this order.
          { key: badEnvelope.caseId, value: 'this is not JSON' },
          { key: badEnvelope.caseId, value: JSON.stringify(badEnvelope) },
          { key: good.caseId, value: encodeEvent(good).value },
        ],
      });
      await waitFor(
        'good event applied after the poison ones',
        async () => (await effectsOf(good.caseId)) === 1,
      );
      const dlq = await readAll(dlqTopic(topic), 2);
      expect(dlq).toHaveLength(2);
      const headers = dlq.map((m) =>
        Object.fromEntries(Object.entries(m.headers!).map(([k, v]) => [k, String(v)])),
      );
      expect(headers[0][DLQ_HEADERS.error]).toMatch(/not JSON/);
      expect(headers[1][DLQ_HEADERS.error]).toMatch(/trackingCode/);
      expect(headers.every((h) => h[DLQ_HEADERS.topic] === topic)).toBe(true);
      expect(headers.every((h) => /^\d+$/.test(h[DLQ_HEADERS.offset]))).toBe(true);
      expect(dlq[0].value!.toString()).toBe('this is not JSON');
      expect(server.deadLettered).toBeGreaterThanOrEqual(2);
    } finally {
      await app.close();
    }
  });

  it('retries a failing handler and applies the event once it succeeds', async () => {
    const { app } = await startConsumer(5);
    try {
      failuresToInject = 2;
      const event = newEvent();
      const msg = encodeEvent(event);
      await producer.send({ topic: ns + msg.topic, messages: [{ key: msg.key, value: msg.value }] });
      await waitFor('applied after retries', async () => (await effectsOf(event.caseId)) === 1);
      expect(failuresToInject).toBe(0);
    } finally {
      failuresToInject = 0;
      await app.close();
    }
  });
});

describe('KafkaEventServer batch handlers', () => {
  it('applies a backlog in batches, each event once, and isolates a poison message and a malformed one', async () => {
    const topic = ns + Topics.CaseReceived;
    // The single-message consumer group of the tests above reads the same topic; only the batch group is asserted.
    const events = Array.from({ length: 400 }, () => newEvent());
    const poison = events[137];
    poisoned.add(poison.caseId);
    const encoded = events.map((e) => encodeEvent(e));
    await producer.send({
      topic,
      messages: [
        ...encoded.map((m) => ({ key: m.key, value: m.value })),
        { key: events[5].caseId, value: encoded[5].value }, // delivered twice
        { key: events[9].caseId, value: '{"broken":' },
      ],
    });
    const { app, server } = await startBatchConsumer();
    try {
      await waitFor(
        'every good event applied',
        async () => {
          const rows = await sql<{ n: string }>(
            URL,
            `SELECT count(*) AS n FROM ${SCHEMA}.effects WHERE case_id = ANY($1::uuid[])`,
            [events.map((e) => e.caseId)],
          );
          return Number(rows[0].n) === 399;
        },
        60000,
      );
      const applied = await sql<{ case_id: string; applied: number }>(
        URL,
        `SELECT case_id, applied FROM ${SCHEMA}.effects WHERE case_id = ANY($1::uuid[])`,
        [events.map((e) => e.caseId)],
      );
      expect(applied.every((r) => r.applied === 1)).toBe(true);
      expect(applied.map((r) => r.case_id)).not.toContain(poison.caseId);
      // Batching happened: far fewer handler calls than events, none larger than maxBatchSize.
      expect(server.batches).toBeLessThan(100);
      expect(Math.max(...batchSizes)).toBeLessThanOrEqual(100);
      expect(Math.max(...batchSizes)).toBeGreaterThan(1);
      const seen: string[] = [];
      const reader = kafka.consumer({ groupId: `reader-${randomUUID()}` });
      await reader.connect();
      await reader.subscribe({ topic: dlqTopic(topic), fromBeginning: true });
      await reader.run({ eachMessage: async ({ message }) => void seen.push(message.value!.toString()) });
      try {
        const mine = () => seen.filter((v) => v.includes(poison.eventId) || v === '{"broken":');
        await waitFor('poison and malformed messages dead-lettered', async () => mine().length >= 2);
        await new Promise((r) => setTimeout(r, 500));
        expect(mine()).toHaveLength(2);
      } finally {
        await reader.disconnect();
      }
    } finally {
      poisoned.clear();
      await app.close();
    }
  });
});
