import { DataSource, EntityManager } from 'typeorm';

/**
 * Record that `consumer` applies `eventId`, inside the transaction that applies it.
 * Returns false when the event was applied before: the caller must then change nothing.
 */
export async function claimEvent(
  manager: EntityManager,
  consumer: string,
  eventId: string,
): Promise<boolean> {
  return (await claimEvents(manager, consumer, [eventId])).size === 1;
}

/**
 * Apply an event once: the inbox row and the handler's changes commit together, and a redelivered event is a
 * no-op. Returns whether the handler ran.
 */
export async function applyOnce(
  dataSource: DataSource,
  consumer: string,
  eventId: string,
  apply: (m: EntityManager) => Promise<void>,
): Promise<boolean> {
  return dataSource.transaction(async (m) => {
    if (!(await claimEvent(m, consumer, eventId))) return false;
    await apply(m);
    return true;
  });
}

/**
 * Claim many events in one statement, inside the transaction that applies them. Returns the ids that were not
 * applied before (an id repeated in `eventIds` is claimed once).
 */
export async function claimEvents(
  manager: EntityManager,
  consumer: string,
  eventIds: string[],
): Promise<Set<string>> {
  if (!eventIds.length) return new Set();
  const rows: { event_id: string }[] = await manager.query(
    `INSERT INTO inbox (consumer, event_id)
     SELECT $1, id FROM unnest($2::uuid[]) AS id
     ON CONFLICT DO NOTHING RETURNING event_id`,
    [consumer, [...new Set(eventIds.map((id) => id.toLowerCase()))]],
  );
  return new Set(rows.map((r) => r.event_id));
}

/**
 * Apply a batch of events once, in one transaction: the inbox rows and the handler's changes commit together.
 * `apply` receives only the events not applied before, in their original order (the first of duplicates within
 * the batch). Returns them.
 */
export async function applyBatchOnce<E extends { eventId: string }>(
  dataSource: DataSource,
  consumer: string,
  events: E[],
  apply: (m: EntityManager, fresh: E[]) => Promise<void>,
): Promise<E[]> {
  return dataSource.transaction(async (m) => {
    const claimed = await claimEvents(
      m,
      consumer,
      events.map((e) => e.eventId),
    );
    const fresh: E[] = [];
    for (const e of events) {
      if (claimed.delete(e.eventId.toLowerCase())) fresh.push(e);
    }
    if (fresh.length) await apply(m, fresh);
    return fresh;
  });
}
