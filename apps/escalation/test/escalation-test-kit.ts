import { randomUUID } from 'node:crypto';
import { Kafka, KafkaMessage, Producer } from 'kafkajs';
import {
  ActivityType,
  CaseActivityV1,
  CaseAssignedV1,
  CaseEscalatedV1,
  createEnvelope,
  encodeEvent,
  EventEnvelope,
  Topics,
} from '@lib/contracts';

/** Vietnamese wall-clock time (UTC+7) as an instant; endOfDay is the due moment of a date (24:00). */
export const vn = (local: string) => new Date(`${local}+07:00`);
export const endOfDay = (date: string) => vn(`${date}T23:59:59.999`);

export const CHAIN = [
  { unitId: 'hn-q-ba-dinh', unitName: 'UBND quận Ba Đình', level: 'district', headStaffId: 'st-bd-head' },
  { unitId: 'hn', unitName: 'UBND thành phố Hà Nội', level: 'city', headStaffId: 'st-hn-head' },
];

export function assigned(
  caseId: string,
  over: Partial<CaseAssignedV1> & { occurredAt?: Date } = {},
): EventEnvelope<CaseAssignedV1> {
  const { occurredAt, ...payload } = over;
  return createEnvelope({
    payloadClass: CaseAssignedV1,
    payload: {
      leadUnitId: 'hn-p-kim-ma',
      leadUnitName: 'UBND phường Kim Mã',
      coordinatingUnitIds: [],
      handlerId: 'st-km-1',
      handlerName: 'Trần Thị Bình',
      responsiblePersonId: 'st-km-head',
      ruleId: 'R-test',
      reason: 'test',
      stage: 'processing',
      dueAt: endOfDay('2026-03-13').toISOString(),
      slaWorkingDays: 10,
      policyId: 'SLA-processing-all',
      reassignmentCount: 0,
      flags: [],
      escalationChain: CHAIN,
      ...payload,
    } as CaseAssignedV1,
    caseId,
    producer: 'assignment',
    actor: { type: 'system', id: 'assignment' },
    occurredAt: occurredAt ?? vn('2026-02-27T09:00:00'),
  });
}

export function activity(
  caseId: string,
  kind: ActivityType,
  occurredAt: Date,
  details?: Record<string, unknown>,
): EventEnvelope<CaseActivityV1> {
  return createEnvelope({
    payloadClass: CaseActivityV1,
    payload: { activity: kind, ...(details ? { details } : {}) } as CaseActivityV1,
    caseId,
    producer: 'casework',
    actor: { type: 'user', id: 'st-km-1', role: 'handler' },
    occurredAt,
  });
}

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
  for (const [topic, messages] of byTopic) {
    for (let i = 0; i < messages.length; i += 500) {
      await producer.send({ topic, messages: messages.slice(i, i + 500) });
    }
  }
}

export interface SeenEscalation {
  eventId: string;
  caseId: string;
  payload: CaseEscalatedV1;
  timestamp: number;
}

/** Collects every case.escalated of a namespace from the beginning, for as long as the suite runs. */
export async function collectEscalations(
  kafka: Kafka,
  ns: string,
): Promise<{ seen: SeenEscalation[]; stop(): Promise<void> }> {
  const consumer = kafka.consumer({ groupId: `${ns}reader-${randomUUID()}` });
  const seen: SeenEscalation[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic: ns + Topics.CaseEscalated, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }: { message: KafkaMessage }) => {
      const env = JSON.parse(message.value!.toString('utf8')) as EventEnvelope<CaseEscalatedV1>;
      seen.push({
        eventId: env.eventId,
        caseId: env.caseId,
        payload: env.payload,
        timestamp: Number(message.timestamp),
      });
    },
  });
  return { seen, stop: () => consumer.disconnect() };
}
