import { EntityManager } from 'typeorm';
import { encodeEvent, EventEnvelope } from '@lib/contracts';
import { OutboxMessageEntity } from './outbox.entity';

/** Hand events to the outbox inside the caller's transaction; the relay publishes them after commit. */
export async function addToOutbox(manager: EntityManager, events: EventEnvelope<object>[]): Promise<void> {
  if (!events.length) return;
  const rows = events.map((env) => {
    const msg = encodeEvent(env);
    return {
      eventId: env.eventId,
      topic: msg.topic,
      messageKey: msg.key,
      value: msg.value,
      headers: msg.headers,
    };
  });
  await manager.createQueryBuilder().insert().into(OutboxMessageEntity).values(rows).execute();
}
