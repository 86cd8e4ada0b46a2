import { Client } from 'pg';
import { Sent } from './load';
import { log, percentiles, Percentiles, sleep } from './stats';

// What the pipeline did, read from the bench database: casework's read model and timeline give every case's
// stage timestamps; pg_stat_database gives the transactions committed.

/** One connection to the bench database that counts its own transactions (subtracted from the pipeline's). */
export class BenchDb {
  private readonly client: Client;
  ownTransactions = 0;

  constructor(url: string) {
    this.client = new Client({ connectionString: url, application_name: 'bench-monitor' });
  }

  async connect(): Promise<void> {
    await this.client.connect();
  }

  async query<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
    this.ownTransactions++;
    return (await this.client.query(text, params)).rows as T[];
  }

  async close(): Promise<void> {
    await this.client.end();
  }

  /** Committed transactions in the bench database, less the monitor's own. */
  async pipelineCommits(dbName: string): Promise<number> {
    await this.query('SELECT pg_stat_clear_snapshot()');
    const [r] = await this.query<{ n: string }>(
      'SELECT xact_commit::text AS n FROM pg_stat_database WHERE datname = $1',
      [dbName],
    );
    return Number(r.n) - this.ownTransactions;
  }

  async statusCounts(): Promise<Record<string, number>> {
    const rows = await this.query<{ status: string; n: number }>(
      'SELECT status, count(*)::int AS n FROM casework.cases GROUP BY status',
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  /** Backend pids serving the bench database (their CPU is the database's share of the pipeline's cost). */
  async backendPids(dbName: string): Promise<number[]> {
    const rows = await this.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name <> 'bench-monitor'`,
      [dbName],
    );
    return rows.map((r) => r.pid);
  }
}

/** Cases that ended their automatic path: assigned (or further), or waiting for a human in triage. */
const FINAL = new Set(['assigned', 'accepted', 'triage', 'transferred', 'rejected', 'filed']);

/**
 * Wait until casework shows every case intake registered (at least `expected` of them) as assigned or in triage,
 * printing progress; gives up after `stallS` seconds without progress. Intake's own count is the target, so a
 * request the client abandoned but intake still registered is waited for too (it must not spill into the next
 * scenario).
 */
export async function drain(
  db: BenchDb,
  label: string,
  expected: number,
  stallS: number,
): Promise<{ drained: boolean; final: number; registered: number; counts: Record<string, number> }> {
  let last = -1;
  let lastChange = Date.now();
  let lastLog = 0;
  for (;;) {
    const counts = await db.statusCounts();
    const [{ n: registered }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM intake.cases');
    const target = Math.max(expected, registered);
    const final = Object.entries(counts)
      .filter(([s]) => FINAL.has(s))
      .reduce((a, [, n]) => a + n, 0);
    if (final >= target) return { drained: true, final, registered, counts };
    if (final !== last) {
      last = final;
      lastChange = Date.now();
    }
    if (Date.now() - lastLog > 5000) {
      lastLog = Date.now();
      log(`${label}: waiting for the pipeline, ${final}/${target} done ${JSON.stringify(counts)}`);
    }
    if (Date.now() - lastChange > stallS * 1000) {
      log(`${label}: no progress for ${stallS} s, giving up at ${final}/${target}`);
      return { drained: false, final, registered, counts };
    }
    await sleep(1000);
  }
}

export interface CaseTimes {
  caseId: string;
  status: string;
  received: number | null;
  classified: number | null;
  triage: number | null;
  assigned: number | null;
  visible: number;
}

/** Stage timestamps (epoch ms) of the given cases from casework's timeline and read model. */
export async function caseTimes(db: BenchDb, caseIds: string[]): Promise<Map<string, CaseTimes>> {
  const out = new Map<string, CaseTimes>();
  const ms = (v: unknown) => (v == null ? null : new Date(v as string).getTime());
  for (let i = 0; i < caseIds.length; i += 5000) {
    const rows = await db.query<Record<string, unknown>>(
      `SELECT c.case_id, c.status, c.updated_at,
              min(t.occurred_at) FILTER (WHERE t.event_type = 'case.received')   AS received,
              min(t.occurred_at) FILTER (WHERE t.event_type = 'case.classified') AS classified,
              min(t.occurred_at) FILTER (WHERE t.event_type = 'case.triage')     AS triage,
              min(t.occurred_at) FILTER (WHERE t.event_type = 'case.assigned')   AS assigned
         FROM casework.cases c JOIN casework.case_timeline t ON t.case_id = c.case_id
        WHERE c.case_id = ANY($1::uuid[])
        GROUP BY c.case_id, c.status, c.updated_at`,
      [caseIds.slice(i, i + 5000)],
    );
    for (const r of rows)
      out.set(r.case_id as string, {
        caseId: r.case_id as string,
        status: r.status as string,
        received: ms(r.received),
        classified: ms(r.classified),
        triage: ms(r.triage),
        assigned: ms(r.assigned),
        visible: ms(r.updated_at) as number,
      });
  }
  return out;
}

export interface StageLatencies {
  /** Request scheduled (open loop) or sent (burst) → 201 from intake. */
  intakeAccepted: Percentiles | null;
  /** 201 from intake → case.classified occurredAt (classification's commit clock). */
  acceptedToClassified: Percentiles | null;
  /** case.classified → case.assigned (occurredAt of both). */
  classifiedToAssigned: Percentiles | null;
  /** case.assigned occurredAt → casework read model updated (status assigned, visible to handlers). */
  assignedToVisible: Percentiles | null;
  /** Request scheduled → visible as assigned in casework. */
  endToEnd: Percentiles | null;
  /** Request scheduled → case.triage projected (low-confidence cases, which wait for a human). */
  triageEndToEnd: Percentiles | null;
}

export function stageLatencies(sent: Sent[], times: Map<string, CaseTimes>): StageLatencies {
  const acc: number[] = [];
  const cls: number[] = [];
  const asg: number[] = [];
  const vis: number[] = [];
  const e2e: number[] = [];
  const tri: number[] = [];
  for (const s of sent) {
    if (s.status !== 201 || !s.caseId) continue;
    acc.push(s.acceptedAt - s.scheduledAt);
    const t = times.get(s.caseId);
    if (!t) continue;
    if (t.triage != null && t.classified == null) {
      tri.push(t.visible - s.scheduledAt);
      continue;
    }
    if (t.classified != null) cls.push(t.classified - s.acceptedAt);
    if (t.classified != null && t.assigned != null) asg.push(t.assigned - t.classified);
    if (t.assigned != null) {
      vis.push(t.visible - t.assigned);
      e2e.push(t.visible - s.scheduledAt);
    }
  }
  return {
    intakeAccepted: percentiles(acc),
    acceptedToClassified: percentiles(cls),
    classifiedToAssigned: percentiles(asg),
    assignedToVisible: percentiles(vis),
    endToEnd: percentiles(e2e),
    triageEndToEnd: percentiles(tri),
  };
}
