import { randomUUID } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { EventActor, EventEnvelope } from './envelope';
import { PayloadClass, payloadClassFor, TOPIC_OF_EVENT } from './registry';

/** Raised when bytes or objects do not form a valid event; carries every failing field. */
export class EventValidationError extends Error {
  constructor(
    message: string,
    readonly problems: string[],
  ) {
    super(`${message}: ${problems.join('; ')}`);
    this.name = 'EventValidationError';
  }
}

export function flattenValidationErrors(errors: ValidationError[], prefix = ''): string[] {
  const out: string[] = [];
  for (const e of errors) {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    if (e.constraints) out.push(...Object.values(e.constraints).map((c) => `${path}: ${c}`));
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, path));
  }
  return out;
}

const VALIDATE = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true } as const;

/** Validate a plain payload against its class; returns the class instance or throws. */
export function validatePayload<T extends object>(cls: PayloadClass<T>, plain: unknown): T {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    throw new EventValidationError(`invalid ${cls.eventType} payload`, ['payload: must be an object']);
  }
  const instance = plainToInstance(cls, plain) as T;
  const problems = flattenValidationErrors(validateSync(instance, VALIDATE));
  if (problems.length) throw new EventValidationError(`invalid ${cls.eventType} payload`, problems);
  return instance;
}

export interface NewEvent<T extends object> {
  payloadClass: PayloadClass<T>;
  payload: T;
  /** Required for case events; events whose class has streamIdOf may leave it out (it is derived). */
  caseId?: string;
  producer: string;
  actor: EventActor;
  occurredAt: Date;
  correlationId?: string;
  causationId?: string | null;
  eventId?: string;
}

/** Build a validated envelope for a new event. Throws EventValidationError on a bad payload. */
export function createEnvelope<T extends object>(e: NewEvent<T>): EventEnvelope<T> {
  const payload = validatePayload(e.payloadClass, e.payload);
  const caseId = e.caseId ?? e.payloadClass.streamIdOf?.(payload);
  if (caseId === undefined) throw new EventValidationError('invalid envelope', ['caseId: required']);
  assertStreamId(e.payloadClass, caseId, payload);
  const eventId = e.eventId ?? randomUUID();
  const env: EventEnvelope<T> = Object.assign(new EventEnvelope<T>(), {
    eventId,
    eventType: e.payloadClass.eventType,
    schemaVersion: e.payloadClass.schemaVersion,
    caseId,
    occurredAt: e.occurredAt.toISOString(),
    producer: e.producer,
    correlationId: e.correlationId ?? eventId,
    causationId: e.causationId ?? null,
    actor: e.actor,
    payload,
  });
  assertEnvelope(env);
  return env;
}

/** An event about no case must carry the stream id its payload determines, or it would join the wrong chain. */
function assertStreamId(cls: PayloadClass, caseId: string, payload: object): void {
  const expected = cls.streamIdOf?.(payload);
  if (expected !== undefined && caseId !== expected)
    throw new EventValidationError(`invalid ${cls.eventType} envelope`, [
      `caseId: must be the stream id ${expected} of the payload's subject, got ${caseId}`,
    ]);
}

function assertEnvelope(plain: unknown): EventEnvelope {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    throw new EventValidationError('invalid envelope', ['envelope: must be a JSON object']);
  }
  // The payload is validated against its own class by the caller; the envelope only needs to know it is an
  // object, so a stub spares class-transformer a deep copy of it.
  const { payload } = plain as { payload?: unknown };
  const isObject = typeof payload === 'object' && payload !== null && !Array.isArray(payload);
  const env = plainToInstance(EventEnvelope, isObject ? { ...plain, payload: {} } : plain);
  const problems = flattenValidationErrors(
    validateSync(env, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true }),
  );
  if (problems.length) throw new EventValidationError('invalid envelope', problems);
  return env;
}

/** Decode and validate a message value: envelope first, then the payload class its type and version name. */
export function decodeEvent(value: Buffer | string | null | undefined): EventEnvelope<object> {
  if (value === null || value === undefined) {
    throw new EventValidationError('invalid message', ['value: empty message']);
  }
  let plain: unknown;
  try {
    plain = JSON.parse(typeof value === 'string' ? value : value.toString('utf8'));
  } catch (err) {
    throw new EventValidationError('invalid message', [`value: not JSON (${(err as Error).message})`]);
  }
  const env = assertEnvelope(plain) as EventEnvelope<object>;
  const cls = payloadClassFor(env.eventType, env.schemaVersion);
  if (!cls) {
    throw new EventValidationError('unknown event', [
      `eventType: no payload class for ${env.eventType} v${env.schemaVersion}`,
    ]);
  }
  env.payload = validatePayload(cls, (plain as { payload: unknown }).payload);
  assertStreamId(cls, env.caseId, env.payload);
  return env;
}

/** Kafka message parts for an envelope: keyed by caseId so one case's (or directory entity's) events stay in order. */
export function encodeEvent(env: EventEnvelope<object>): {
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
} {
  const topic = TOPIC_OF_EVENT[env.eventType];
  if (!topic) throw new EventValidationError('unknown event', [`eventType: ${env.eventType} has no topic`]);
  return {
    topic,
    key: env.caseId,
    value: JSON.stringify(env),
    headers: {
      eventId: env.eventId,
      eventType: env.eventType,
      schemaVersion: String(env.schemaVersion),
      correlationId: env.correlationId,
    },
  };
}
