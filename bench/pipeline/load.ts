import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { log, sleep } from './stats';
import { seededRandom } from '@lib/domain';

// Load against intake's POST /cases over keep-alive HTTP: open-loop arrivals at an offered rate (steady), or
// as fast as a fixed number of workers can post (burst).

export interface Sent {
  i: number;
  /** Epoch ms at which the open-loop schedule wanted the request sent (latency counts from here). */
  scheduledAt: number;
  sentAt: number;
  acceptedAt: number;
  status: number;
  caseId?: string;
  error?: string;
  /** The accepted moment is the server's (case.received occurredAt), filled in after the run. */
  acceptedFromServer?: boolean;
}

const epochNow = (): number => performance.timeOrigin + performance.now();

export class IntakeClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 256, keepAliveMsecs: 10_000 });
  private readonly host: string;
  private readonly port: number;
  inFlight = 0;

  /** A request not answered this long after its scheduled moment is abandoned, as a desk client would. */
  constructor(
    baseUrl: string,
    private readonly timeoutMs = 30_000,
  ) {
    const u = new URL(baseUrl);
    this.host = u.hostname;
    this.port = Number(u.port);
  }

  /** POST one petition; never rejects (errors are recorded in the result). */
  post(
    i: number,
    body: Record<string, unknown> | string,
    key: string,
    scheduledAt: number,
    opts: { path?: string; contentType?: string; timeoutMs?: number } = {},
  ): Promise<Sent & { body?: unknown }> {
    const payload = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const sentAt = epochNow();
    this.inFlight++;
    return new Promise((resolve) => {
      let settled = false;
      const done = (status: number, caseId?: string, error?: string, parsed?: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.inFlight--;
        resolve({ i, scheduledAt, sentAt, acceptedAt: epochNow(), status, caseId, error, body: parsed });
      };
      const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
      const timer = setTimeout(
        () => {
          done(0, undefined, `no answer within ${timeoutMs / 1000} s of the scheduled moment`);
          req.destroy();
        },
        Math.max(1, scheduledAt + timeoutMs - epochNow()),
      );
      const req = request(
        {
          host: this.host,
          port: this.port,
          method: 'POST',
          path: opts.path ?? '/cases',
          agent: this.agent,
          headers: {
            'content-type': opts.contentType ?? 'application/json',
            'content-length': payload.length,
            'idempotency-key': key,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            if (status === 201 || status === 200) {
              try {
                const parsed = JSON.parse(text) as { caseId?: string };
                done(status, parsed.caseId, undefined, parsed);
              } catch (err) {
                done(status, undefined, `bad body: ${(err as Error).message}`);
              }
            } else done(status, undefined, text.slice(0, 300));
          });
          res.on('error', (err) => done(0, undefined, err.message));
        },
      );
      req.on('error', (err) => done(0, undefined, err.message));
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/**
 * Open-loop load: Poisson arrivals at `rate` per second for `durationS` seconds, each request sent at its
 * scheduled moment whatever happened to earlier ones (latency counts from the schedule, so a slow server cannot
 * hide its queue).
 */
export async function openLoop(
  client: IntakeClient,
  opts: {
    rate: number;
    durationS: number;
    seed: number;
    body: (n: number) => Record<string, unknown>;
    key: (n: number) => string;
    label: string;
  },
): Promise<Sent[]> {
  const rnd = seededRandom(opts.seed);
  const schedule: number[] = [];
  for (let t = 0; ;) {
    t += (-Math.log(1 - rnd()) / opts.rate) * 1000;
    if (t >= opts.durationS * 1000) break;
    schedule.push(t);
  }
  const pending: Promise<Sent>[] = [];
  const start = epochNow() + 20;
  let next = 0;
  let lastReport = start;
  while (next < schedule.length) {
    const now = epochNow();
    while (next < schedule.length && start + schedule[next] <= now) {
      const n = next++;
      pending.push(client.post(n, opts.body(n), opts.key(n), start + schedule[n]));
    }
    if (now - lastReport >= 5000) {
      lastReport = now;
      log(
        `${opts.label}: ${next}/${schedule.length} sent, ${client.inFlight} in flight, ${Math.round((now - start) / 1000)} s`,
      );
    }
    if (next < schedule.length) {
      const wait = start + schedule[next] - epochNow();
      if (wait > 1) await sleep(Math.min(wait, 50));
      else await new Promise((r) => setImmediate(r));
    }
  }
  return Promise.all(pending);
}

/** Post `count` petitions with `concurrency` workers as fast as they go (the dialogue-conference import). */
export async function closedBurst(
  client: IntakeClient,
  opts: {
    count: number;
    concurrency: number;
    body: (n: number) => Record<string, unknown>;
    key: (n: number) => string;
    label: string;
  },
): Promise<Sent[]> {
  const results: Sent[] = new Array(opts.count);
  let next = 0;
  const timer = setInterval(() => log(`${opts.label}: ${next}/${opts.count} posted`), 5000);
  const worker = async () => {
    while (next < opts.count) {
      const n = next++;
      results[n] = await client.post(n, opts.body(n), opts.key(n), epochNow());
    }
  };
  try {
    await Promise.all(Array.from({ length: opts.concurrency }, worker));
  } finally {
    clearInterval(timer);
  }
  return results;
}

/**
 * The dialogue-conference import as intake offers it: one CSV upload (POST /conferences/import), one case per
 * row, created one after another by intake. Each row becomes a Sent whose scheduled moment is the upload's start;
 * its accepted moment is filled in later from the case's case.received time (marked by acceptedFromServer).
 */
export async function conferenceImport(
  client: IntakeClient,
  opts: {
    rows: { name?: string; ward?: string; content: string }[];
    heldOn: string;
    place: string;
    chair: string;
    label: string;
  },
): Promise<Sent[]> {
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const csv = [
    'ho_ten,phuong,noi_dung',
    ...opts.rows.map((r) => [r.name ?? '', r.ward ?? '', r.content].map(q).join(',')),
  ]
    .join('\r\n')
    .concat('\r\n');
  const path =
    `/conferences/import?heldOn=${opts.heldOn}&place=${encodeURIComponent(opts.place)}` +
    `&chair=${encodeURIComponent(opts.chair)}&fileName=bench.csv`;
  log(`${opts.label}: uploading ${opts.rows.length} rows (${Math.round(csv.length / 1024)} KiB of CSV)`);
  const started = epochNow();
  const timer = setInterval(
    () => log(`${opts.label}: import running for ${Math.round((epochNow() - started) / 1000)} s`),
    10_000,
  );
  let r: Sent & { body?: unknown };
  try {
    r = await client.post(0, csv, `import-${started}`, started, {
      path,
      contentType: 'text/csv',
      timeoutMs: 3_600_000,
    });
  } finally {
    clearInterval(timer);
  }
  if (r.status !== 200) {
    log(`${opts.label}: import failed: HTTP ${r.status} ${r.error ?? ''}`);
    return opts.rows.map((_, i) => ({ ...r, i, caseId: undefined }));
  }
  const report = (
    r.body as { report: { row: number; status: string; caseId?: string; reasons?: string[] }[] }
  ).report;
  return report.map((row, i) => ({
    i,
    scheduledAt: started,
    sentAt: started,
    acceptedAt: r.acceptedAt,
    status: row.status === 'accepted' ? 201 : 400,
    caseId: row.caseId,
    error: row.reasons?.join('; '),
    acceptedFromServer: true,
  }));
}
