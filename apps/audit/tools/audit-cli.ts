import 'reflect-metadata';
import { cpus } from 'node:os';
import { Writable } from 'node:stream';
import { Kafka, logLevel } from 'kafkajs';
import { CASE_TOPICS } from '@lib/contracts';
import { DomainError, SystemClock } from '@lib/domain';
import { loadEnv } from '@lib/platform';
import { AuditEnv } from '../src/audit.env';
import { ComputeDigestsUseCase } from '../src/compute-digests/compute-digests.use-case';
import { BrokenLink } from '../src/domain/chain-verifier';
import { dayBounds, isDay } from '../src/domain/daily-digest';
import { ExportEventsUseCase, ExportFormat } from '../src/export-events/export-events.use-case';
import { openAuditDb, openLiveDb, writerRoleFor } from '../src/infrastructure/audit-db.providers';
import { RebuildAsOfUseCase } from '../src/rebuild-as-of/rebuild-as-of.use-case';
import { KafkaStartOffset } from '../src/replay-projection/kafka-events';
import { ProjectionDiff } from '../src/replay-projection/projection-diff';
import { ReplayProgress, ReplayProjectionUseCase } from '../src/replay-projection/replay-projection.use-case';
import { ShowTimelineUseCase } from '../src/show-timeline/show-timeline.use-case';
import { VerifyResult, VerifyStoreUseCase } from '../src/verify-store/verify-store.use-case';

const USAGE = `usage: npm run audit -- <command> [options]

  verify [--case ID|TRACKING_CODE|KIND:ENTITY_ID | --day YYYY-MM-DD] [--json]
        recompute hash chains (and daily digests) and name the first broken link; exit 1 when broken
  timeline ID|TRACKING_CODE|KIND:ENTITY_ID [--json]
        a case's ordered history with actors and reasons; or a directory entity's changes (unit:hn-p-00001)
  as-of ID|TRACKING_CODE ISO_TIME
        the case as it stood at that moment (casework's projection over events occurred by then), as JSON
  replay --into SCHEMA [--from ISO] [--to ISO] [--live SCHEMA] [--replace] [--diff|--no-diff] [--lanes N]
         [--from-kafka [--kafka-since ISO] [--kafka-offsets TOPIC:PARTITION:OFFSET,…]] [--batch N] [--quiet] [--json]
        rebuild the case projection from the store (or, with --from-kafka, from the case topics) into a fresh
        schema, then diff it with the live one (default casework; the diff runs by default only over the whole
        history: not with --from/--to or start offsets); exit 1 when they differ
  export --from ISO --to ISO [--format jsonl|csv]
        events stored in [from, to) to stdout, in store order
  digest [--until YYYY-MM-DD]
        digest every closed day (Asia/Ho_Chi_Minh) not digested yet, chained to the day before
  export-digests [--format jsonl|csv] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
        the daily digests to stdout, to keep elsewhere

Reads DATABASE_URL, DB_SCHEMA (audit), AUDIT_LIVE_DATABASE_URL and AUDIT_DB_ROLE like the service
(replay --from-kafka: KAFKA_BROKERS and KAFKA_NAMESPACE too).
Exit codes: 0 ok, 1 broken chain or replay differs, 2 bad arguments or unknown case, 3 failure.`;

const BOOLEAN_FLAGS = new Set(['json', 'replace', 'diff', 'no-diff', 'quiet', 'help', 'from-kafka']);

export class UsageError extends Error {}

export interface ParsedArgs {
  command: string | undefined;
  positional: string[];
  flags: Record<string, string | true>;
}

export function parseArgs(argv: string[]): ParsedArgs {
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h') flags.help = true;
    else if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (eq > 0) flags[name] = a.slice(eq + 1);
      else if (BOOLEAN_FLAGS.has(name)) flags[name] = true;
      else {
        const v = argv[++i];
        if (v === undefined || v.startsWith('--')) throw new UsageError(`--${name} needs a value`);
        flags[name] = v;
      }
    } else positional.push(a);
  }
  return { command: positional.shift(), positional, flags };
}

function str(flags: ParsedArgs['flags'], name: string): string | undefined {
  const v = flags[name];
  if (v === true) throw new UsageError(`--${name} needs a value`);
  return v;
}

function time(flags: ParsedArgs['flags'], name: string, required: boolean): Date | undefined {
  const v = str(flags, name);
  if (v === undefined) {
    if (required) throw new UsageError(`--${name} is required`);
    return undefined;
  }
  return isoTime(v, `--${name}`);
}

/** An ISO 8601 time with its offset (Z or ±hh:mm), or a bare day meaning its midnight in Hà Nội. */
function isoTime(v: string, what: string): Date {
  if (isDay(v)) return dayBounds(v).start;
  const d = new Date(v);
  if (
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v) ||
    Number.isNaN(d.getTime())
  )
    throw new UsageError(`${what} must be an ISO 8601 time with a zone (…Z or …+07:00) or a day, got "${v}"`);
  return d;
}

function format(flags: ParsedArgs['flags']): ExportFormat {
  const f = str(flags, 'format') ?? 'jsonl';
  if (f !== 'jsonl' && f !== 'csv') throw new UsageError(`--format must be jsonl or csv, got "${f}"`);
  return f;
}

export interface CliIo {
  stdout: Writable;
  stderr: Writable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk))
    await new Promise<void>((resolve, reject) => {
      out.once('drain', resolve);
      out.once('error', reject);
    });
}

function describeLink(b: BrokenLink): string {
  return `case ${b.caseId} link #${b.caseSeq} (seq ${b.seq}, event ${b.eventId || '-'}): ${b.problem} — ${b.detail}`;
}

function verifyReport(r: VerifyResult): string {
  const scope = r.scope === 'store' ? 'whole store' : `${r.scope} ${r.target}`;
  const lines = [
    `verify ${scope}: ${r.checkedEvents} events in ${r.checkedCases} cases, ${r.brokenCases} broken; ` +
      `${r.checkedDays} daily digest(s) checked`,
  ];
  if (r.note) lines.push(`note: ${r.note}`);
  if (r.firstBrokenLink) {
    lines.push(`first broken link: ${describeLink(r.firstBrokenLink)}`);
    for (const b of r.brokenLinks.filter((b) => b !== r.firstBrokenLink).slice(0, 20))
      lines.push(`  also broken: ${describeLink(b)}`);
  }
  if (r.firstBrokenDigest)
    lines.push(
      `first broken digest: ${r.firstBrokenDigest.day}: ${r.firstBrokenDigest.problem} — ${r.firstBrokenDigest.detail}`,
    );
  lines.push(r.isIntact ? 'INTACT' : 'BROKEN');
  return lines.join('\n') + '\n';
}

function diffReport(d: ProjectionDiff): string {
  const t = (name: string, x: ProjectionDiff['cases']) =>
    `${name}: ${x.compared} compared, ${x.differing} differ, ${x.onlyInReplay} only in replay, ${x.onlyInLive} only in live`;
  const lines = [...d.columns.map((c) => `column ${c}`), t('cases', d.cases), t('case_timeline', d.timeline)];
  for (const l of d.lines) {
    if (l.kind !== 'differs') lines.push(`  ${l.table} ${l.key}: ${l.kind.replace(/_/g, ' ')}`);
    else
      for (const [f, [a, b]] of Object.entries(l.fields ?? {}))
        lines.push(`  ${l.table} ${l.key} ${f}: replay ${JSON.stringify(a)} ≠ live ${JSON.stringify(b)}`);
  }
  lines.push(d.isEqual ? 'EQUAL' : 'DIFFERENT');
  return lines.join('\n') + '\n';
}

/** A one-line bar redrawn on a terminal; on a pipe, a line every 10 % of each phase. */
export function progressBar(stderr: CliIo['stderr']): {
  update(p: ReplayProgress): void;
  done(): void;
} {
  let lastDraw = 0;
  let lastStep = '';
  let drawn = false;
  const label = { kafka: 'reading topics', fold: 'replay', index: 'indexes' } as const;
  return {
    update(p) {
      const frac = Math.max(0, Math.min(1, p.fraction));
      const now = Date.now();
      const rate = p.elapsedMs ? Math.round((p.events * 1000) / p.elapsedMs) : 0;
      const eta = rate && p.phase !== 'index' ? `, ETA ${Math.ceil((p.total - p.events) / rate)}s` : '';
      const bar = '#'.repeat(Math.round(frac * 30)).padEnd(30, '.');
      const counts =
        p.phase === 'index'
          ? `${p.events} events folded`
          : `${p.events}/${p.phase === 'fold' && frac < 1 ? '~' : ''}${p.total} ${p.phase === 'kafka' ? 'messages' : 'events'}, ${rate}/s${eta}`;
      const line = `${label[p.phase]} [${bar}] ${(frac * 100).toFixed(0).padStart(3)}% ${counts}`;
      if (stderr.isTTY) {
        if (now - lastDraw < 100 && frac < 1) return;
        lastDraw = now;
        drawn = true;
        stderr.write(`\r${line}\x1b[K`);
      } else {
        const step = `${p.phase}${Math.floor(frac * 10)}`;
        if (step === lastStep) return;
        lastStep = step;
        stderr.write(`${line}\n`);
      }
    },
    done() {
      if (drawn) stderr.write('\n');
    },
  };
}

/** TOPIC:PARTITION:OFFSET[,…] (topics without the namespace). */
export function parseKafkaOffsets(spec: string): KafkaStartOffset[] {
  return spec.split(',').map((part) => {
    const m = /^([a-z][a-z.]*):(\d{1,4}):(\d{1,19})$/.exec(part.trim());
    if (!m || !(CASE_TOPICS as readonly string[]).includes(m[1]))
      throw new UsageError(
        `--kafka-offsets takes TOPIC:PARTITION:OFFSET[,…] with case topics (${CASE_TOPICS.join(', ')}), got "${part}"`,
      );
    return { topic: m[1], partition: Number(m[2]), offset: m[3] };
  });
}

async function replay(
  flags: ParsedArgs['flags'],
  env: AuditEnv,
  useCase: ReplayProjectionUseCase,
  io: CliIo,
  out: (s: string) => Promise<void>,
): Promise<number> {
  const into = str(flags, 'into');
  if (!into) throw new UsageError('replay needs --into SCHEMA');
  const batch = str(flags, 'batch');
  const lanes = str(flags, 'lanes');
  if (lanes !== undefined && !/^([1-9]|1[0-6])$/.test(lanes)) throw new UsageError('--lanes must be 1…16');
  if (batch !== undefined && !/^[1-9]\d{0,6}$/.test(batch))
    throw new UsageError('--batch must be a positive integer');
  const fromKafka = flags['from-kafka'] === true;
  const since = time(flags, 'kafka-since', false);
  const offsets = str(flags, 'kafka-offsets');
  if (!fromKafka && (since || offsets))
    throw new UsageError('--kafka-since and --kafka-offsets go with --from-kafka');
  const kafka = fromKafka
    ? new Kafka({
        clientId: 'audit-replay',
        brokers: env.KAFKA_BROKERS.split(',')
          .map((b) => b.trim())
          .filter(Boolean),
        logLevel: logLevel.NOTHING,
      })
    : undefined;
  const bar = flags.quiet ? undefined : progressBar(io.stderr);
  const r = await useCase.execute({
    into,
    from: time(flags, 'from', false),
    to: time(flags, 'to', false),
    live: str(flags, 'live'),
    replace: flags.replace === true,
    diff: flags['no-diff'] ? false : flags.diff ? true : undefined,
    batchSize: batch ? Number(batch) : undefined,
    fromKafka: kafka && {
      kafka,
      namespace: env.KAFKA_NAMESPACE,
      since,
      offsets: offsets ? parseKafkaOffsets(offsets) : undefined,
    },
    // One lane (a thread and three connections) per core, at most four: a lane's thread and its three database
    // backends take turns more than they compete (measured in docs/audit.md).
    lanes: lanes ? Number(lanes) : Math.min(4, Math.max(1, cpus().length)),
    onProgress: bar?.update,
  });
  bar?.done();
  if (flags.json === true) await out(JSON.stringify(r, null, 2) + '\n');
  else {
    if (r.kafka)
      await out(
        `read ${r.kafka.messages} messages from the case topics in ${(r.kafka.elapsedMs / 1000).toFixed(1)} s: ` +
          `${r.kafka.staged} events, ${r.kafka.invalid} invalid (skipped, as the consumers skip them), ` +
          `${r.kafka.outsideWindow} outside --from/--to\n`,
      );
    await out(
      `replayed ${r.events} events into ${r.cases} cases in schema ${r.into} in ${(r.elapsedMs / 1000).toFixed(1)} s ` +
        `(${r.eventsPerSecond} events/s; keys and indexes ${(r.indexElapsedMs / 1000).toFixed(1)} s)\n`,
    );
    await out(r.diff ? `diff ${r.into} ↔ live ${r.live}:\n${diffReport(r.diff)}` : 'diff skipped\n');
  }
  return r.diff && !r.diff.isEqual ? 1 : 0;
}

/** Run one command; resolves to the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let args: ParsedArgs;
  try {
    args = parseArgs(argv);
  } catch (err) {
    io.stderr.write(`${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (!args.command || args.flags.help || args.command === 'help') {
    (args.command ? io.stdout : io.stderr).write(`${USAGE}\n`);
    return args.command ? 0 : 2;
  }
  const env = loadEnv(AuditEnv, io.env);
  const db = openAuditDb(env, 'audit-cli');
  const live = openLiveDb(env, 'audit-cli-live');
  const clock = new SystemClock();
  const { flags, positional } = args;
  const json = flags.json === true;
  const out = (s: string) => write(io.stdout, s);
  try {
    switch (args.command) {
      case 'verify': {
        const r = await new VerifyStoreUseCase(db).execute({
          caseRef: str(flags, 'case'),
          day: str(flags, 'day'),
        });
        await out(json ? JSON.stringify(r, null, 2) + '\n' : verifyReport(r));
        return r.isIntact ? 0 : 1;
      }
      case 'timeline': {
        if (positional.length !== 1) throw new UsageError('timeline takes one case id or tracking code');
        const h = await new ShowTimelineUseCase(db).execute(positional[0]);
        if (json) await out(JSON.stringify(h, null, 2) + '\n');
        else {
          const subject = h.directoryEntity
            ? `directory ${h.directoryEntity.kind}:${h.directoryEntity.id}  ${h.caseId}`
            : `case ${h.caseId}${h.trackingCode ? `  ${h.trackingCode}` : ''}`;
          await out(`${subject}  (${h.entries.length} events)\n`);
          for (const e of h.entries) {
            const actor = `${e.actorType}:${e.actorId}${e.actorRole ? ` (${e.actorRole})` : ''}`;
            const reason = e.reason ? `  — lý do: ${e.reason}` : '';
            await out(
              `#${String(e.caseSeq).padEnd(3)} ${e.occurredAt}  ${e.eventType.padEnd(15)} ${actor.padEnd(28)} ${e.summary}${reason}\n`,
            );
          }
        }
        return 0;
      }
      case 'as-of': {
        if (positional.length !== 2)
          throw new UsageError('as-of takes a case id (or tracking code) and an ISO time');
        const r = await new RebuildAsOfUseCase(db).execute(positional[0], isoTime(positional[1], 'ISO_TIME'));
        await out(JSON.stringify(r, null, 2) + '\n');
        return 0;
      }
      case 'replay':
        return await replay(flags, env, new ReplayProjectionUseCase(db, live, clock), io, out);
      case 'export': {
        const lines = new ExportEventsUseCase(db).events({
          from: time(flags, 'from', true) as Date,
          to: time(flags, 'to', true) as Date,
          format: format(flags),
        });
        for await (const chunk of lines) await out(chunk);
        return 0;
      }
      case 'digest': {
        const written = await new ComputeDigestsUseCase(db, clock, writerRoleFor(env)).execute({
          until: str(flags, 'until'),
        });
        for (const d of written) await out(`${d.day}  ${d.eventCount} events  digest ${d.digest}\n`);
        if (!written.length)
          io.stderr.write('no closed day left to digest (or another digester holds the lock)\n');
        return 0;
      }
      case 'export-digests': {
        const lines = new ExportEventsUseCase(db).digests({
          format: format(flags),
          fromDay: str(flags, 'from'),
          toDay: str(flags, 'to'),
        });
        for await (const chunk of lines) await out(chunk);
        return 0;
      }
      default:
        throw new UsageError(`unknown command "${args.command}"`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`${err.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (err instanceof DomainError) {
      io.stderr.write(`${err.code}: ${err.message}\n`);
      return 2;
    }
    io.stderr.write(`audit ${args.command} failed: ${(err as Error).message}\n`);
    return 3;
  } finally {
    await Promise.all([db.close(), live.db.close()]);
  }
}

if (require.main === module) {
  // A closed pipe (| head) ends the output, not the process with a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
  });
  runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
    (code) => (process.exitCode = code),
    (err: Error) => {
      process.stderr.write(`${err.message}\n`);
      process.exitCode = 3;
    },
  );
}
