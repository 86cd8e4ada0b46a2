import { existsSync, readFileSync } from 'node:fs';
import { Client } from 'pg';

/**
 * CPU time of the PostgreSQL backends serving some application names (LIKE patterns; and their parallel workers), sampled from
 * /proc while they run: on a shared machine that, not the wall time, says what a replay costs the database. Only
 * works when the server runs on this machine (otherwise it reports null). A backend's last sampling interval is
 * missed, so this slightly undercounts.
 */
export class PgBackendCpu {
  private readonly seen = new Map<number, { name: string; cpu: number }>();
  private timer: NodeJS.Timeout | undefined;
  private client: Client | undefined;
  private works = true;
  private busy = false;

  constructor(
    private readonly url: string,
    private readonly applicationNames: string[],
    private readonly intervalMs = 200,
  ) {}

  async start(): Promise<void> {
    this.client = new Client({ connectionString: this.url, application_name: 'audit-bench-sampler' });
    this.client.on('error', () => undefined);
    await this.client.connect();
    this.timer = setInterval(() => void this.sample(), this.intervalMs);
  }

  /**
   * CPU seconds used by the matching backends since start, in all and by application name (a parallel worker
   * counts under its leader's), or null when /proc does not show them.
   */
  async stop(): Promise<{ total: number; byName: Record<string, number> } | null> {
    if (this.timer) clearInterval(this.timer);
    await this.sample();
    await this.client?.end().catch(() => undefined);
    if (!this.works) return null;
    const byName: Record<string, number> = {};
    for (const { name, cpu } of this.seen.values()) byName[name] = (byName[name] ?? 0) + cpu;
    return { total: [...this.seen.values()].reduce((a, b) => a + b.cpu, 0), byName };
  }

  private async sample(): Promise<void> {
    if (this.busy || !this.client) return;
    this.busy = true;
    try {
      const { rows } = await this.client.query<{ pid: number; name: string }>(
        `SELECT a.pid, coalesce(l.application_name, a.application_name) AS name
         FROM pg_stat_activity a LEFT JOIN pg_stat_activity l ON l.pid = a.leader_pid AND a.leader_pid <> a.pid
         WHERE coalesce(l.application_name, a.application_name) LIKE ANY($1)`,
        [this.applicationNames],
      );
      for (const { pid, name } of rows) {
        const cpu = procCpuSeconds(pid);
        if (cpu === 'elsewhere') this.works = false;
        else if (cpu !== 'gone')
          this.seen.set(pid, { name, cpu: Math.max(this.seen.get(pid)?.cpu ?? 0, cpu) });
      }
    } catch {
      // a sample lost; the next one counts
    } finally {
      this.busy = false;
    }
  }
}

function procCpuSeconds(pid: number): number | 'gone' | 'elsewhere' {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return existsSync('/proc/self/stat') ? 'gone' : 'elsewhere'; // exited since the query, or no /proc at all
  }
  if (!stat.includes('(postgres)')) return 'elsewhere'; // that pid is not a backend here: another machine's
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / 100; // utime + stime, in clock ticks of 1/100 s
}
