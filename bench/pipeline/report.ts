import { writeFileSync } from 'node:fs';
import { Percentiles } from './stats';
import { StageLatencies } from './measure';

// Markdown summary and a hand-written SVG plot of end-to-end latency percentiles against offered load.

export interface CpuFigures {
  windowS: number;
  seconds: Record<string, number>;
  perThousandCases: Record<string, number>;
  /** CPU busy seconds of the whole machine during the window, and what processes outside the bench used. */
  machineBusyS: number;
  outsideBenchS: number;
  /** 1-minute load average when the scenario's load ended. */
  loadAverage1m: number;
}

export interface ScenarioResult {
  name: string;
  kind: 'steady' | 'burst' | 'warmup';
  offeredRate?: number;
  durationS?: number;
  count?: number;
  concurrency?: number;
  sent: number;
  /** 201 answers the client received in time. */
  accepted: number;
  /** Cases intake registered during the scenario (includes requests the client gave up on); per-case costs use it. */
  registered: number;
  httpFailures: Record<string, number>;
  sampleErrors: string[];
  intakeAcceptedPerSec: number;
  assigned: number;
  triaged: number;
  notFinished: number;
  drained: boolean;
  /** Cases that became visible (assigned or triage) while load was offered, per second of load. */
  achievedPerSec: number;
  /** All finished cases ÷ (last visible − first request). */
  completedPerSec: number;
  /** Last case visible, after the last request was sent (s). */
  drainAfterLoadS: number;
  windowS: number;
  latencyMs: StageLatencies;
  burst?: { postAllMs: number; lastAssignedMs: number; lastVisibleMs: number };
  kafka: {
    produced: number;
    consumed: number;
    producedByTopic: Record<string, number>;
    messagesPerCase: number;
    deliveriesPerCase: number;
    producedPerSec: number;
    deliveredPerSec: number;
  };
  db: { commits: number; perCase: number; perSec: number };
  cpu: CpuFigures;
  ratios?: {
    eventsPerSecOverBrokerProducer: number | null;
    deliveriesPerSecOverBrokerConsumer: number | null;
    dbCommitsPerSecOverPgbench: number | null;
  };
}

const fmt = (v: number | null | undefined, d = 0): string =>
  v == null || Number.isNaN(v)
    ? '–'
    : v.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const pc = (p: Percentiles | null): string => (p ? `${fmt(p.p50)} / ${fmt(p.p95)} / ${fmt(p.p99)}` : '–');

export function markdown(r: Record<string, any>): string {
  const scenarios = r.scenarios as ScenarioResult[];
  const steady = scenarios.filter((s) => s.kind === 'steady');
  const burst = scenarios.find((s) => s.kind === 'burst');
  const k = r.baselines.kafka ?? { producer: null, consumer: null };
  const pg = r.baselines.pgbench ?? {};
  const m = r.machine;
  const lines: string[] = [];
  lines.push(`# Pipeline benchmark ${r.at}${r.config.quick ? ' (BENCH_QUICK smoke run)' : ''}`);
  lines.push('');
  lines.push(
    `Machine: ${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB, Node ${m.node}, Kafka ${m.kafka}, ${m.postgres}. ` +
      `Load average at start ${m.loadAverageAtStart.join(' / ')}. All six services, Kafka, PostgreSQL and the load ` +
      `generator on this machine; services started from the bench build with CONSUMER_CONCURRENCY=` +
      `${r.config.consumerConcurrency}, LOG_LEVEL=${r.config.logLevel}, ${r.config.partitions} partitions per topic.`,
  );
  lines.push('');
  lines.push('## Steady load (open-loop Poisson arrivals through intake HTTP)');
  lines.push('');
  lines.push(
    '| offered /s | accepted /s | achieved /s | drain after load | intake HTTP | → classified | → assigned | → visible in casework | end to end | triage e2e |',
  );
  lines.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const s of steady) {
    const l = s.latencyMs;
    lines.push(
      `| ${s.offeredRate} | ${fmt(s.intakeAcceptedPerSec, 1)} | ${fmt(s.achievedPerSec, 1)} | ${fmt(s.drainAfterLoadS, 1)} s | ` +
        `${pc(l.intakeAccepted)} | ${pc(l.acceptedToClassified)} | ${pc(l.classifiedToAssigned)} | ` +
        `${pc(l.assignedToVisible)} | **${pc(l.endToEnd)}** | ${pc(l.triageEndToEnd)} |`,
    );
  }
  lines.push('');
  lines.push(
    'Latencies in ms as p50 / p95 / p99. Stages: request scheduled → 201 from intake → case.classified occurredAt → ' +
      'case.assigned occurredAt → casework row updated (status assigned). "accepted" counts 201 answers received ' +
      'within 30 s of the scheduled moment (later requests are abandoned, as a desk client would; intake may still ' +
      'register them, and the scenario waits for those too). "achieved" counts answered cases that reached casework ' +
      '(assigned or triage) while the load ran; "drain after load" is when the last of them became visible. ' +
      'Latencies cover the answered cases only. Low-confidence cases go to triage (a human classifies) and are not ' +
      'in the end-to-end figure.',
  );
  lines.push('');
  for (const s of steady)
    lines.push(
      `- ${s.offeredRate}/s: ${s.accepted}/${s.sent} answered 201 in time (${s.registered} registered), ` +
        `${s.assigned} of the answered assigned, ${s.triaged} triage, ` +
        `${s.notFinished} unfinished${s.drained ? '' : ' (gave up waiting)'}` +
        `${Object.keys(s.httpFailures).length ? `; HTTP failures ${JSON.stringify(s.httpFailures)}` : ''}`,
    );
  for (const b of scenarios.filter((x) => x.kind === 'burst')) {
    const how =
      b.concurrency === 1
        ? 'one conference CSV uploaded to POST /conferences/import (intake registers the rows set-based, 250 to a statement)'
        : `${b.concurrency} concurrent POST /cases`;
    lines.push('');
    lines.push(`## Burst: ${b.count} dialogue-conference opinions, ${how}`);
    lines.push('');
    lines.push(
      `All accepted by intake after ${fmt(b.burst!.postAllMs / 1000, 1)} s (${fmt(b.intakeAcceptedPerSec, 0)}/s); ` +
        `**last one assigned ${fmt(b.burst!.lastAssignedMs / 1000, 1)} s** after the start ` +
        `(last visible in casework incl. triage ${fmt(b.burst!.lastVisibleMs / 1000, 1)} s). ` +
        `${b.assigned} assigned, ${b.triaged} triage, ${b.notFinished} unfinished` +
        `${Object.keys(b.httpFailures).length ? `, rejected ${JSON.stringify(b.httpFailures)}` : ''}. ` +
        `End to end p50/p95/p99 ${pc(b.latencyMs.endToEnd)} ms; stages ${pc(b.latencyMs.acceptedToClassified)} → ` +
        `${pc(b.latencyMs.classifiedToAssigned)} → ${pc(b.latencyMs.assignedToVisible)} ms.`,
    );
  }
  lines.push('');
  lines.push('## Baselines on the same broker and database, and the pipeline beside them');
  lines.push('');
  lines.push(
    `- Kafka ProducerPerformance (${k.records} × ${k.recordSize} B, ${k.partitions} partitions, acks=all, idempotent): ` +
      `**${fmt(k.producer?.recordsPerSec)} msg/s** (${fmt(k.producer?.mbPerSec, 1)} MB/s, p99 ${fmt(k.producer?.p99Ms)} ms)`,
  );
  lines.push(
    `- Kafka ConsumerPerformance: **${fmt(k.consumer?.messagesPerSec)} msg/s** (${fmt(k.consumer?.mbPerSec, 1)} MB/s)`,
  );
  lines.push(
    `- pgbench (scale 1, -c 4 -j 2, ${pg.durationS} s): **${fmt(pg.tps)} tps** (latency avg ${fmt(pg.latencyAvgMs, 2)} ms)`,
  );
  lines.push(
    `- Average pipeline event: ${r.messageSize.avgValueBytes} B value + ${r.messageSize.avgKeyAndHeaderBytes} B key and headers ` +
      `(${Object.entries(r.messageSize.byTopic as Record<string, { valueBytes: number }>)
        .map(([t, v]) => `${t} ${v.valueBytes} B`)
        .join(', ')})`,
  );
  lines.push(
    `- Idle pipeline (no load): ${fmt(r.idle.dbCommitsPerSec, 1)} DB commits/s, ${fmt(r.idle.cpuPercentOfOneCore, 1)} % of one core for the six services`,
  );
  lines.push('');
  lines.push(
    '| scenario | Kafka msgs / case | deliveries / case | DB commits / case | events /s | ÷ broker producer | deliveries /s | ÷ broker consumer | DB commits /s | ÷ pgbench |',
  );
  lines.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const s of scenarios.filter((x) => x.kind !== 'warmup'))
    lines.push(
      `| ${s.name} | ${fmt(s.kafka.messagesPerCase, 2)} | ${fmt(s.kafka.deliveriesPerCase, 2)} | ${fmt(s.db.perCase, 1)} | ` +
        `${fmt(s.kafka.producedPerSec)} | ${fmt(s.ratios?.eventsPerSecOverBrokerProducer, 4)} | ${fmt(s.kafka.deliveredPerSec)} | ` +
        `${fmt(s.ratios?.deliveriesPerSecOverBrokerConsumer, 4)} | ${fmt(s.db.perSec)} | ${fmt(s.ratios?.dbCommitsPerSecOverPgbench, 2)} |`,
    );
  lines.push('');
  lines.push(
    `Ceilings these imply: the broker alone could carry ≈ ${fmt(r.ceilings.casesPerSecByBroker)} cases/s ` +
      `(producer rate ÷ messages per case); the database alone ≈ ${fmt(r.ceilings.casesPerSecByDatabase)} cases/s ` +
      `(pgbench tps ÷ commits per case, pgbench transactions being ~5 statements each).`,
  );
  lines.push('');
  lines.push('## CPU seconds per 1,000 cases');
  lines.push('');
  const names = Object.keys(steady[0]?.cpu.perThousandCases ?? burst?.cpu.perThousandCases ?? {});
  lines.push(`| scenario | ${names.join(' | ')} | machine busy / outside bench (s) |`);
  lines.push(`|---|${names.map(() => '---').join('|')}|---|`);
  for (const s of scenarios.filter((x) => x.kind !== 'warmup'))
    lines.push(
      `| ${s.name} | ${names.map((n) => fmt(s.cpu.perThousandCases[n], 1)).join(' | ')} | ` +
        `${fmt(s.cpu.machineBusyS)} / ${fmt(s.cpu.outsideBenchS)} (load ${fmt(s.cpu.loadAverage1m, 1)}) |`,
    );
  lines.push('');
  lines.push(
    '"postgres" is the CPU of the bench database backends, "kafka" the whole broker, "load-generator" this ' +
      'process (HTTP client and monitor). "outside bench" is CPU the machine spent on anything else during the ' +
      'scenario (other work on a shared machine skews the figures when it is large).',
  );
  if (r.extra && Object.keys(r.extra).length) {
    lines.push('');
    lines.push('## Other scenarios');
    lines.push('');
    for (const [name, v] of Object.entries(r.extra as Record<string, { file: string; fromThisRun: boolean }>))
      lines.push(
        `- ${name}: ${v.file}${v.fromThisRun ? '' : ' (from an earlier run; BENCH_ALL=1 re-runs it)'}`,
      );
  }
  lines.push('');
  lines.push('## Targets');
  lines.push('');
  for (const t of r.targets as { what: string; met: boolean; figure: string }[])
    lines.push(`- ${t.met ? 'met' : '**not met**'}: ${t.what} — ${t.figure}`);
  lines.push('');
  return lines.join('\n');
}

/** End-to-end p50/p95/p99 against offered load, log-scale latency axis, 1 s target line. */
export function latencySvg(
  points: { rate: number; e2e: Percentiles | null; achieved: number }[],
  title: string,
): string {
  const W = 720;
  const H = 440;
  const L = 80;
  const R = 150;
  const T = 50;
  const B = 60;
  const pw = W - L - R;
  const ph = H - T - B;
  const vals = points.flatMap((p) => (p.e2e ? [p.e2e.p50, p.e2e.p95, p.e2e.p99] : [])).filter((v) => v > 0);
  const lo = 10 ** Math.floor(Math.log10(Math.min(...vals, 100)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...vals, 1500)));
  const maxRate = Math.max(...points.map((p) => p.rate)) * 1.1;
  const x = (r: number) => L + (r / maxRate) * pw;
  const y = (v: number) =>
    T + ph - ((Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * ph;
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
  );
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  out.push(
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`,
  );
  // Decade grid lines and labels on the latency axis.
  for (let d = lo; d <= hi; d *= 10) {
    for (const m of [1, 2, 5]) {
      const v = d * m;
      if (v > hi) break;
      const yy = y(v).toFixed(1);
      out.push(
        `<line x1="${L}" x2="${L + pw}" y1="${yy}" y2="${yy}" stroke="${m === 1 ? '#ccc' : '#eee'}" stroke-width="1"/>`,
      );
      const label = v >= 1000 ? `${v / 1000} s` : `${v} ms`;
      out.push(`<text x="${L - 6}" y="${Number(yy) + 4}" text-anchor="end" fill="#444">${label}</text>`);
    }
  }
  for (const p of points) {
    const xx = x(p.rate).toFixed(1);
    out.push(`<line x1="${xx}" x2="${xx}" y1="${T}" y2="${T + ph}" stroke="#eee"/>`);
    out.push(`<text x="${xx}" y="${T + ph + 18}" text-anchor="middle" fill="#444">${p.rate}/s</text>`);
    out.push(
      `<text x="${xx}" y="${T + ph + 32}" text-anchor="middle" fill="#888" font-size="10">achieved ${p.achieved.toFixed(0)}/s</text>`,
    );
  }
  out.push(`<rect x="${L}" y="${T}" width="${pw}" height="${ph}" fill="none" stroke="#888"/>`);
  out.push(
    `<text x="${L + pw / 2}" y="${H - 8}" text-anchor="middle">offered load (cases per second, open loop)</text>`,
  );
  out.push(
    `<text x="18" y="${T + ph / 2}" text-anchor="middle" transform="rotate(-90 18 ${T + ph / 2})">end-to-end latency (log scale)</text>`,
  );
  // Target: p99 under 1 s.
  const ty = y(1000).toFixed(1);
  out.push(
    `<line x1="${L}" x2="${L + pw}" y1="${ty}" y2="${ty}" stroke="#d33" stroke-dasharray="6 4" stroke-width="1.5"/>`,
  );
  out.push(`<text x="${L + pw + 6}" y="${Number(ty) + 4}" fill="#d33">target p99 1 s</text>`);
  const series: { key: 'p50' | 'p95' | 'p99'; color: string }[] = [
    { key: 'p50', color: '#2a7ab9' },
    { key: 'p95', color: '#e69500' },
    { key: 'p99', color: '#8e2c8e' },
  ];
  series.forEach((s, i) => {
    const pts = points.filter((p) => p.e2e).map((p) => [x(p.rate), y(p.e2e![s.key]), p.e2e![s.key]] as const);
    if (pts.length > 1)
      out.push(
        `<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${pts.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(' ')}"/>`,
      );
    for (const [a, b, v] of pts) {
      out.push(`<circle cx="${a.toFixed(1)}" cy="${b.toFixed(1)}" r="4" fill="${s.color}"/>`);
      const label = v >= 1000 ? `${(v / 1000).toFixed(v >= 10_000 ? 0 : 1)} s` : `${Math.round(v)} ms`;
      out.push(
        `<text x="${(a + 7).toFixed(1)}" y="${(b - 6).toFixed(1)}" fill="${s.color}" font-size="11">${label}</text>`,
      );
    }
    const ly = T + 20 + i * 20;
    out.push(
      `<line x1="${L + pw + 12}" x2="${L + pw + 36}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="2"/>`,
    );
    out.push(`<text x="${L + pw + 42}" y="${ly + 4}">${s.key}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

/** Write `<base>.md` and `<base>-latency.svg` for a run's result object. */
export function writeReports(base: string, r: Record<string, any>): void {
  writeFileSync(`${base}.md`, markdown(r));
  const steady = (r.scenarios as ScenarioResult[]).filter((s) => s.kind === 'steady');
  writeFileSync(
    `${base}-latency.svg`,
    latencySvg(
      steady.map((s) => ({
        rate: s.offeredRate as number,
        e2e: s.latencyMs.endToEnd,
        achieved: s.achievedPerSec,
      })),
      `End-to-end latency vs offered load (${r.machine.cores} cores, ${String(r.at).slice(0, 10)}` +
        `${r.config.quick ? ', quick' : ''})`,
    ),
  );
}
