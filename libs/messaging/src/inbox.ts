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
  const rows: unknown[] = await manager.query(
    `INSERT INTO inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
    [consumer, eventId],
  );
  return rows.length === 1;
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
