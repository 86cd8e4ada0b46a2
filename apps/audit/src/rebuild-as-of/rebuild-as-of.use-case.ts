import { Injectable } from '@nestjs/common';
import { DirectoryChangedV1, EventEnvelope } from '@lib/contracts';
import { CaseState, projectCase } from '@lib/projection';
import { AuditInputError } from '../domain/audit.errors';
import { AuditDb } from '../infrastructure/audit-db';
import { resolveCaseId } from '../infrastructure/case-ref';

export interface CaseAsOf {
  caseId: string;
  at: string;
  /** Events folded (occurred at or before `at`). */
  events: number;
  /** null when nothing had happened to the case yet at that moment. */
  state: CaseState | null;
}

/** The case as it stood at a moment: casework's own projection over the events that had occurred by then. */
@Injectable()
export class RebuildAsOfUseCase {
  constructor(private readonly db: AuditDb) {}

  async execute(caseRef: string, at: Date): Promise<CaseAsOf> {
    const caseId = await resolveCaseId(this.db, caseRef);
    const rows = await this.db.query<{ canonical: string }>(
      `SELECT canonical FROM event_store WHERE case_id = $1 AND occurred_at <= $2 ORDER BY case_seq`,
      [caseId, at],
    );
    let state: CaseState | undefined;
    for (const r of rows) {
      const env = JSON.parse(r.canonical) as EventEnvelope<object>;
      // A directory entity's chain is no case: its history is the timeline, each change with before and after.
      if (env.eventType === DirectoryChangedV1.eventType)
        throw new AuditInputError(`${caseRef} is a directory entity, not a case: use timeline`);
      state = projectCase(state, env);
    }
    return { caseId, at: at.toISOString(), events: rows.length, state: state ?? null };
  }
}
