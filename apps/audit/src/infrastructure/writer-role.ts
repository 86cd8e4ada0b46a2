type Query = (sql: string, params?: unknown[]) => Promise<any>;

/**
 * The role appends run as (audit_writer: INSERT and SELECT on event_store, no UPDATE, DELETE or TRUNCATE).
 * The service's login keeps the rights migrations need; each append transaction drops to this role with
 * SET LOCAL ROLE, so a bug or an injected statement in that transaction cannot rewrite history even with the
 * trigger disabled. Without the role (no CREATEROLE when migrating) the trigger alone guards the table.
 */
export class WriterRole {
  private usable: Promise<boolean> | undefined;

  /** role: the role name, or null to append as the login role. */
  constructor(readonly role: string | null) {}

  /** Whether transactions switch role; checked once, on first use. */
  isUsable(query: Query): Promise<boolean> {
    if (!this.role) return Promise.resolve(false);
    this.usable ??= (async () => {
      const found = await query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [this.role]);
      if (!found.length) return false;
      const [{ ok }] = await query(`SELECT pg_has_role(current_user, $1, 'MEMBER') AS ok`, [this.role]);
      return ok === true;
    })().catch((err) => {
      this.usable = undefined; // a connection failure is not an answer: ask again next time
      throw err;
    });
    return this.usable;
  }

  /** Inside an open transaction: run the rest of it as the writer role when the role can be used. */
  async enter(query: Query): Promise<void> {
    if (await this.isUsable(query)) await query(`SET LOCAL ROLE "${this.role}"`);
  }
}
