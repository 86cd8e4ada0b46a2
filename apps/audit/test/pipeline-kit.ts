import { Writable } from 'node:stream';
import { Kafka, Producer } from 'kafkajs';
import {
  ActivityType,
  CASE_TOPICS,
  CaseActivityV1,
  createEnvelope,
  encodeEvent,
  EventEnvelope,
} from '@lib/contracts';
import { RunningService, startService } from '@lib/platform';
import {
  deleteNamespaceTopics,
  resetDatabase,
  ServiceProcess,
  sql,
  startServiceProcess,
  testKafka,
  waitFor,
} from '@lib/testing';
import { AuditEnv } from '../src/audit.env';
import { auditService } from '../src/audit.service';
import { AuditDb } from '../src/infrastructure/audit-db';
import { LiveDb } from '../src/infrastructure/live-db';
import { runCli } from '../tools/audit-cli';

// What the audit suites that drive the real pipeline share: starting and stopping it, a seeded random workload of
// petitions and handler activity, producing onto the namespaced topics, waiting until audit and casework are both
// quiet, and the CLI.

export interface PipelinePorts {
  intake: number;
  classification: number;
  assignment: number;
  casework: number;
  audit: number;
}

export interface AuditPipeline {
  kafka: Kafka;
  /** Connected, not idempotent (a test may send the same event twice on purpose). */
  producer: Producer;
  /** The audit store, and the live schemas read-only, as the service sees them. */
  db: AuditDb;
  live: LiveDb;
  audit: RunningService<AuditEnv>;
  /** Stops everything started, and deletes the suite's topics. */
  stop(): Promise<void>;
}

/**
 * Reset the suite's database, start intake, classification, assignment and casework as OS processes (from the
 * compiled build) and audit in this process (from source), all on the real broker and database. A failure on the
 * way stops what had started before it is rethrown.
 */
export async function startAuditPipeline(o: {
  db: string;
  ns: string;
  ports: PipelinePorts;
  clientId: string;
}): Promise<AuditPipeline> {
  const env = { DATABASE_URL: o.db, KAFKA_NAMESPACE: o.ns, OUTBOX_POLL_MS: '100' };
  const processes: ServiceProcess[] = [];
  const kafka = testKafka(o.clientId);
  let producer: Producer | undefined;
  let audit: RunningService<AuditEnv> | undefined;
  let db: AuditDb | undefined;
  let live: LiveDb | undefined;
  const stop = async () => {
    await producer?.disconnect();
    await db?.close();
    await live?.db.close();
    await audit?.stop();
    await Promise.all(processes.map((p) => p.kill('SIGTERM')));
    await deleteNamespaceTopics(kafka, o.ns);
  };
  try {
    await resetDatabase(o.db);
    for (const name of ['intake', 'classification', 'assignment', 'casework'] as const)
      processes.push(await startServiceProcess(name, o.ports[name], env));
    audit = await startService(auditService, {
      env: { ...env, LOG_LEVEL: 'warn', AUDIT_DIGEST_INTERVAL_MS: '0' },
      port: o.ports.audit,
    });
    producer = kafka.producer({ idempotent: false });
    await producer.connect();
    db = new AuditDb({ url: o.db, schema: 'audit' });
    live = new LiveDb(new AuditDb({ url: o.db, schema: 'public', readOnly: true }));
    return { kafka, producer, db, live, audit, stop };
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
}

export interface PipelineKitOptions {
  /** The suite's database (services and audit share it). */
  db: string;
  /** The suite's Kafka topic namespace. */
  ns: string;
  /** Where the intake service listens. */
  intakePort: number;
  /** The suite's producer, connected in its beforeAll. */
  producer: () => Producer;
  /** The random workload's seed: a failing run is repeated with the seed it printed. */
  seed: number;
}

const TEXTS = [
  'Tôi khiếu nại Quyết định số 123/QĐ-UBND về việc thu hồi đất của gia đình tôi tại ngõ 12 Đội Cấn.',
  'Tôi làm đơn tố cáo cán bộ địa chính phường có hành vi nhận hối lộ khi làm thủ tục cấp sổ đỏ.',
  'Kiến nghị UBND phường sớm sửa chữa mặt đường số 5 Liễu Giai đã xuống cấp nghiêm trọng.',
  'Phản ánh tình trạng quán karaoke tại ngách 34/2 Láng Hạ gây tiếng ồn kéo dài đến 2 giờ sáng.',
  // A tab inside: the search form collapses it, live and in the replay alike.
  'Phản ánh bãi rác tự phát tại tổ 7 Dịch Vọng bốc mùi hôi thối,\tgây ô nhiễm môi trường.',
  'Khu nhà trọ tại số 88 Kim Mã có nguy cơ cháy nổ rất cao, không có lối thoát hiểm.',
];
const WARDS = ['00001', '00004', '00008', '00013', '00025', '00028'];
const CASE_TOPICS_SQL = CASE_TOPICS.map((t) => `'${t}'`).join(', ');

function collector(): Writable & { text: () => string } {
  const chunks: string[] = [];
  const w = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  }) as Writable & { text: () => string };
  w.text = () => chunks.join('');
  return w;
}

export function pipelineKit(o: PipelineKitOptions) {
  let rngState = o.seed;
  const random = () => {
    rngState = (rngState * 1103515245 + 12345) % 2 ** 31;
    return rngState / 2 ** 31;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const count = async (q: string) => (await sql<{ n: number }>(o.db, q))[0].n;

  const kit = {
    random,
    pick,
    count,

    async postPetition(i: number): Promise<{ caseId: string; trackingCode: string }> {
      const res = await fetch(`http://127.0.0.1:${o.intakePort}/cases`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          channel: pick(['in_person', 'post', 'online', 'hotline', 'email']),
          petitioner:
            random() < 0.2
              ? { type: 'anonymous' }
              : { type: 'individual', fullName: pick(['Nguyễn Văn An', 'Trần Thị Bình']) },
          content: `${pick(TEXTS)} (Đơn số ${i}.)`,
          wardCode: pick(WARDS),
        }),
      });
      if (res.status !== 201) throw new Error(`POST /cases → ${res.status}: ${await res.text()}`);
      return (await res.json()) as { caseId: string; trackingCode: string };
    },

    activity(caseId: string, act: ActivityType, extra: Partial<CaseActivityV1> = {}, eventId?: string) {
      return createEnvelope({
        payloadClass: CaseActivityV1,
        payload: { activity: act, ...extra } as CaseActivityV1,
        caseId,
        producer: 'casework',
        actor: { type: 'user', id: `u-handler-${Math.floor(random() * 5)}`, role: 'handler' },
        occurredAt: new Date(),
        eventId,
      });
    },

    async produce(env: EventEnvelope<object>): Promise<void> {
      const m = encodeEvent(env);
      await o.producer().send({
        topic: o.ns + m.topic,
        messages: [{ key: m.key, value: m.value, headers: m.headers }],
      });
    },

    /** Both consumers have caught up: audit holds as many case events as casework has timeline rows, and it holds still. */
    quiescent(): Promise<number> {
      let last = -1;
      let stableSince = 0;
      return waitFor(
        'audit and casework caught up',
        async () => {
          const [stored, projected] = await Promise.all([
            count(`SELECT count(*)::int AS n FROM audit.event_store WHERE topic IN (${CASE_TOPICS_SQL})`),
            count(`SELECT count(*)::int AS n FROM casework.case_timeline`),
          ]);
          if (stored !== projected || stored !== last) {
            last = stored === projected ? stored : -1;
            stableSince = Date.now();
            return false;
          }
          return Date.now() - stableSince >= 1500 && stored;
        },
        90000,
        250,
      );
    },

    /** Post 12-19 petitions and wait until each is assigned or in triage and both consumers are quiet. */
    async petitionsThroughPipeline(): Promise<{ caseId: string; trackingCode: string }[]> {
      const cases: { caseId: string; trackingCode: string }[] = [];
      const n = 12 + Math.floor(random() * 8);
      for (let i = 0; i < n; i++) cases.push(await kit.postPetition(i));
      await waitFor(
        'every case assigned or in triage',
        async () => {
          const rows = await sql(o.db, `SELECT status FROM casework.cases WHERE case_id = ANY($1)`, [
            cases.map((c) => c.caseId),
          ]);
          return rows.length === n && rows.every((r) => ['assigned', 'triage'].includes(r.status));
        },
        90000,
        250,
      );
      await kit.quiescent();
      return cases;
    },

    /**
     * Four rounds of handler activity on most of the cases, produced straight onto the topic; each round waits
     * until both consumers are quiet, as a handler acts on what they see (and assignment answers acceptances).
     */
    async handlerRounds(caseIds: string[], noteReason: (round: number) => string): Promise<void> {
      for (let round = 0; round < 4; round++) {
        for (const caseId of caseIds) {
          if (random() < 0.3) continue;
          const act = pick<ActivityType>(
            round === 0
              ? ['accepted', 'accepted', 'rejected', 'note']
              : ['note', 'info_requested', 'info_received', 'extended', 'resolved', 'filed', 'withdrawn'],
          );
          const extra: Partial<CaseActivityV1> =
            act === 'extended'
              ? {
                  reason: 'Vụ việc phức tạp',
                  details: { newDueAt: new Date(Date.now() + (20 + round) * 86_400_000).toISOString() },
                }
              : act === 'note' || act === 'rejected'
                ? { reason: noteReason(round) }
                : {};
          await kit.produce(kit.activity(caseId, act, extra));
        }
        await kit.quiescent();
      }
    },

    /** The audit command line in this process, on the suite's database and namespace. */
    async cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
      const stdout = collector();
      const stderr = collector();
      const code = await runCli(argv, {
        stdout,
        stderr,
        env: { ...process.env, DATABASE_URL: o.db, KAFKA_NAMESPACE: o.ns },
      });
      return { code, out: stdout.text(), err: stderr.text() };
    },
  };
  return kit;
}
