import { randomUUID } from 'node:crypto';
import { Kafka, KafkaMessage, Producer } from 'kafkajs';
import {
  CaseActivityV1,
  CaseAssignedV1,
  CaseClassifiedV1,
  createEnvelope,
  decodeEvent,
  DirectoryChangedV1,
  encodeEvent,
  EventEnvelope,
  Topics,
} from '@lib/contracts';
import { waitFor } from '@lib/testing';

/** A classified case as classification would publish it. */
export function classified(
  caseId: string,
  over: Partial<CaseClassifiedV1> = {},
): EventEnvelope<CaseClassifiedV1> {
  return createEnvelope({
    payloadClass: CaseClassifiedV1,
    payload: {
      kind: 'reflection',
      domain: 'environment',
      level: 'commune',
      isUrgent: false,
      confidence: { kind: 0.9, domain: 0.9, level: 0.9 },
      explanation: ['test'],
      modelVersion: 'test',
      isManual: false,
      isAnonymous: false,
      receivedAt: '2026-11-23T02:00:00.000Z',
      ...over,
    } as CaseClassifiedV1,
    caseId,
    producer: 'classification',
    actor: { type: 'system', id: 'classification' },
    occurredAt: new Date('2026-11-23T02:00:05.000Z'),
  });
}

export function activity(
  caseId: string,
  kind: CaseActivityV1['activity'],
  over: Partial<CaseActivityV1> = {},
  occurredAt = new Date('2026-11-25T03:00:00.000Z'),
): EventEnvelope<CaseActivityV1> {
  return createEnvelope({
    payloadClass: CaseActivityV1,
    payload: { activity: kind, ...over } as CaseActivityV1,
    caseId,
    producer: 'casework',
    actor: { type: 'user', id: 'st-1', role: 'handler' },
    occurredAt,
  });
}

/** Publish events in order, one batch per topic. */
export async function publish(
  producer: Producer,
  ns: string,
  events: EventEnvelope<object>[],
): Promise<void> {
  const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
  for (const e of events) {
    const msg = encodeEvent(e);
    const list = byTopic.get(ns + msg.topic) ?? [];
    list.push({ key: msg.key, value: msg.value, headers: msg.headers });
    byTopic.set(ns + msg.topic, list);
  }
  for (const [topic, messages] of byTopic) await producer.send({ topic, messages });
}

/** Every case.assigned of a namespace, by case, in the order they arrive. */
export class AssignedLog {
  readonly byCase = new Map<string, CaseAssignedV1[]>();
  private stopFn: () => Promise<void> = async () => undefined;

  static async start(kafka: Kafka, ns: string): Promise<AssignedLog> {
    const log = new AssignedLog();
    const consumer = kafka.consumer({ groupId: `${ns}reader-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic: ns + Topics.CaseAssigned, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }: { message: KafkaMessage }) => {
        const env = JSON.parse(message.value!.toString('utf8')) as EventEnvelope<CaseAssignedV1>;
        const list = log.byCase.get(env.caseId) ?? [];
        list.push(env.payload);
        log.byCase.set(env.caseId, list);
      },
    });
    log.stopFn = () => consumer.disconnect();
    return log;
  }

  /** The n-th case.assigned of a case (0 = the first), waiting for it. */
  nth(caseId: string, n = 0): Promise<CaseAssignedV1> {
    return waitFor(`case.assigned #${n} of ${caseId}`, async () => this.byCase.get(caseId)?.[n], 60_000);
  }

  stop(): Promise<void> {
    return this.stopFn();
  }
}

/** Every directory.changed of a namespace, decoded (so the contract is checked), with its message key. */
export class DirectoryChangedLog {
  readonly events: { key: string; env: EventEnvelope<DirectoryChangedV1> }[] = [];
  private stopFn: () => Promise<void> = async () => undefined;

  static async start(kafka: Kafka, ns: string): Promise<DirectoryChangedLog> {
    const log = new DirectoryChangedLog();
    const consumer = kafka.consumer({ groupId: `${ns}directory-reader-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic: ns + Topics.DirectoryChanged, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }: { message: KafkaMessage }) => {
        const env = decodeEvent(message.value) as EventEnvelope<DirectoryChangedV1>;
        log.events.push({ key: message.key!.toString('utf8'), env });
      },
    });
    log.stopFn = () => consumer.disconnect();
    return log;
  }

  /** The events published for one logged change, once at least one has arrived. */
  ofChange(changeId: string): Promise<{ key: string; env: EventEnvelope<DirectoryChangedV1> }[]> {
    return waitFor(
      `directory.changed of change ${changeId}`,
      async () => {
        const found = this.events.filter((e) => e.env.payload.changeId === changeId);
        return found.length ? found : undefined;
      },
      60_000,
    );
  }

  stop(): Promise<void> {
    return this.stopFn();
  }
}
