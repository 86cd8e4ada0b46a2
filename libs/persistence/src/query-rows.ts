/** What runs SQL: a TypeORM DataSource or EntityManager (or a QueryRunner). */
export interface SqlRunner {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/**
 * The rows a statement returns. TypeORM's PostgreSQL driver answers `query()` with the rows for SELECT and INSERT
 * but with `[rows, rowCount]` for UPDATE and DELETE, so `… RETURNING` rows need unwrapping there; rows are objects,
 * never arrays, so the two shapes cannot be confused.
 */
export async function queryRows<T>(runner: SqlRunner, sql: string, params?: unknown[]): Promise<T[]> {
  const result = await runner.query(sql, params);
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  )
    return result[0] as T[];
  return result as T[];
}
