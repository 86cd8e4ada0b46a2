import { EntityManager } from 'typeorm';
import { POLICY_COLUMNS, RULE_COLUMNS, STAFF_COLUMNS, UNIT_COLUMNS, upsert } from './seed-loader';

/** What the admin API changes, and where each lives. */
export const DIRECTORY_ENTITIES = {
  unit: { table: 'units', key: 'id', columns: UNIT_COLUMNS },
  staff: { table: 'staff', key: 'id', columns: STAFF_COLUMNS },
  rule: { table: 'routing_rules', key: 'id', columns: RULE_COLUMNS },
  policy: { table: 'sla_policies', key: 'id', columns: POLICY_COLUMNS },
  calendar_day: {
    table: 'calendar_days',
    key: 'date',
    columns: { date: 'date', type: 'text', name: 'text', is_provisional: 'boolean' } as Record<
      string,
      string
    >,
  },
} as const;
export type DirectoryEntity = keyof typeof DIRECTORY_ENTITIES;

/** One row as stored (column names), dates as YYYY-MM-DD text. */
export type Row = Record<string, unknown>;

export async function readRow(
  m: EntityManager,
  entity: DirectoryEntity,
  id: string,
): Promise<Row | undefined> {
  const { table, key, columns } = DIRECTORY_ENTITIES[entity];
  const list = Object.entries(columns)
    .map(([c, t]) => (t === 'date' ? `to_char("${c}", 'YYYY-MM-DD') AS "${c}"` : `"${c}"`))
    .join(', ');
  const cast = key === 'date' ? '::date' : '';
  const rows = await m.query(
    `SELECT ${list} ${entity === 'unit' ? ', parent_id' : ''} FROM ${table}
    WHERE "${key}" = $1${cast}`,
    [id],
  );
  return rows[0];
}

/** Write a row; a unit's parent is linked after the row exists. */
export async function writeRow(m: EntityManager, entity: DirectoryEntity, row: Row): Promise<void> {
  const { table, key, columns } = DIRECTORY_ENTITIES[entity];
  await upsert(m, table, columns, [row], key);
  if (entity === 'unit') {
    await m.query('UPDATE units SET parent_id = $2 WHERE id = $1', [row.id, row.parent_id ?? null]);
  }
}

export async function deleteCalendarDay(m: EntityManager, date: string): Promise<void> {
  await m.query('DELETE FROM calendar_days WHERE date = $1::date', [date]);
}

/** Apply the scheduled changes whose day has come, oldest first; replicas never apply one twice. */
export async function applyDueChanges(m: EntityManager, today: string): Promise<number> {
  const due: { id: string; entity: DirectoryEntity; after: Row }[] = await m.query(
    `SELECT id, entity, after FROM directory_changes
     WHERE status = 'scheduled' AND effective_from <= $1::date ORDER BY id FOR UPDATE SKIP LOCKED`,
    [today],
  );
  for (const c of due) {
    await writeRow(m, c.entity, c.after);
    await m.query(`UPDATE directory_changes SET status = 'applied', applied_at = now() WHERE id = $1`, [
      c.id,
    ]);
  }
  return due.length;
}
