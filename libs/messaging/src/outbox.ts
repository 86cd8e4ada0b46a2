import { EntityManager } from 'typeorm';
import { encodeEvent, EventEnvelope } from '@lib/contracts';

/** An outbox row as the relay publishes it. */
export interface OutboxRow {
  event_id: string;
  topic: string;
  message_key: string;
  value: string;
  headers: Record<string, string>;
}

/** Encode (and validate) events into outbox rows. */
export function outboxRows(events: EventEnvelope<object>[]): OutboxRow[] {
  return events.map((env) => {
    const msg = encodeEvent(env);
    return {
      event_id: env.eventId,
      topic: msg.topic,
      message_key: msg.key,
      value: msg.value,
      headers: msg.headers,
    };
  });
}

/**
 * SQL that inserts the outbox rows passed as one jsonb array parameter (`$n`); usable alone or as a
 * data-modifying CTE beside the state change it belongs to.
 */
export function insertOutboxSql(param: string): string {
  return `INSERT INTO outbox (event_id, topic, message_key, value, headers)
    SELECT event_id, topic, message_key, value, headers
    FROM jsonb_to_recordset(${param}::jsonb)
      AS x(event_id uuid, topic text, message_key text, value text, headers jsonb)`;
}

/** Hand events to the outbox inside the caller's transaction; the relay publishes them after commit. */
export async function addToOutbox(manager: EntityManager, events: EventEnvelope<object>[]): Promise<void> {
  if (!events.length) return;
  await manager.query(insertOutboxSql('$1'), [JSON.stringify(outboxRows(events))]);
}
