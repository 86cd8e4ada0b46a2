import { AuditDb } from './audit-db';

/** Read-only access to the live casework schema a replay is compared with (its own database, or the audit one). */
export class LiveDb {
  constructor(readonly db: AuditDb) {}

  onModuleDestroy(): Promise<void> {
    return this.db.close();
  }
}
