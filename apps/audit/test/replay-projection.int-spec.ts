import { Kafka, Producer } from 'kafkajs';
import { Topics } from '@lib/contracts';
import { SystemClock } from '@lib/domain';
import { sql, testDatabaseUrl, uniqueNamespace } from '@lib/testing';
import { AuditDb } from '../src/infrastructure/audit-db';
import { LiveDb } from '../src/infrastructure/live-db';
import { ReplayProjectionUseCase } from '../src/replay-projection/replay-projection.use-case';
import { AuditPipeline, PipelinePorts, pipelineKit, startAuditPipeline } from './pipeline-kit';

// Replay against the real pipeline: intake, classification, assignment and casework as OS processes (from the
// compiled build), audit in this process from source, all on the real broker and database. After a randomised
// workload, casework's live read model, a replay from the store and a replay from the topics must be equal, and
// the replay's tables must have exactly the shape casework's migrations gave the live ones.
const DB = testDatabaseUrl('audit_replay');
const NS = uniqueNamespace();
const PORTS: PipelinePorts = {
  intake: 14731,
  classification: 14732,
  assignment: 14733,
  casework: 14734,
  audit: 14735,
};
let pipeline: AuditPipeline;
let kafka: Kafka;
let producer: Producer;
let db: AuditDb;
let live: LiveDb;

const seed = Number(process.env.AUDIT_TEST_SEED ?? Date.now() % 100000);
const { activity, produce, count, quiescent, cli, petitionsThroughPipeline, handlerRounds } = pipelineKit({
  db: DB,
  ns: NS,
  intakePort: PORTS.intake,
  producer: () => producer,
  seed,
});

const replay = () => new ReplayProjectionUseCase(db, live, new SystemClock());
const fromKafka = () => ({ kafka, namespace: NS });

beforeAll(async () => {
  process.stdout.write(`replay int-spec: AUDIT_TEST_SEED=${seed}\n`);
  pipeline = await startAuditPipeline({ db: DB, ns: NS, ports: PORTS, clientId: 'audit-replay-test' });
  ({ kafka, producer, db, live } = pipeline);

  // The workload: petitions through the pipeline, then rounds of handler activity (reasons with a line break,
  // quotes and a backslash).
  const cases = (await petitionsThroughPipeline()).map((c) => c.caseId);
  await handlerRounds(cases, (round) => `Ghi chú vòng ${round}\nhai dòng, "trích dẫn" và \\ gạch chéo`);
  // An event delivered twice (both consumers keep it once), and a message that is not an event at all (both
  // dead-letter it): a replay from the topics must do the same.
  const twice = activity(cases[0], 'note', { reason: 'gửi hai lần' });
  await produce(twice);
  await produce(twice);
  await producer.send({
    topic: NS + Topics.CaseActivity,
    messages: [{ key: cases[1], value: '{"eventType":"case.activity","not":"an event"}' }],
  });
  await produce(activity(cases[1], 'note', { reason: 'sau tin hỏng' }));
  await quiescent();
  expect(
    await count(`SELECT count(*)::int AS n FROM casework.case_timeline WHERE event_id = '${twice.eventId}'`),
  ).toBe(1);
});

afterAll(() => pipeline?.stop());

describe(ReplayProjectionUseCase.name, () => {
  it('replays the store, in lanes and small batches, equal to the live projection', async () => {
    const progress: number[] = [];
    const r = await replay().execute({
      into: 'replay_store',
      lanes: 3,
      batchSize: 7, // many small COPY messages: the streaming path with its pauses
      onProgress: (p) => p.phase === 'fold' && progress.push(p.fraction),
    });
    expect(r.diff?.columns).toEqual([]);
    expect(r.diff?.lines).toEqual([]);
    expect(r.diff?.isEqual).toBe(true);
    expect(r.cases).toBe(await count(`SELECT count(*)::int AS n FROM casework.cases`));
    expect(r.events).toBe(await count(`SELECT count(*)::int AS n FROM casework.case_timeline`));
    expect(r.diff?.timeline.compared).toBe(r.events);
    expect(progress[progress.length - 1]).toBe(1);
  });

  it("builds the replay's tables with exactly the columns, defaults, keys and indexes casework's migrations made", async () => {
    // The read model's shape is defined once in @lib/projection for the replay, and by migrations for casework:
    // this is what keeps the two from drifting apart.
    const shape = async (schema: string) => ({
      columns: await sql(
        DB,
        `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default, collation_name,
                character_maximum_length, numeric_precision
         FROM information_schema.columns WHERE table_schema = $1 AND table_name IN ('cases', 'case_timeline')
         ORDER BY table_name, ordinal_position`,
        [schema],
      ),
      indexes: (
        await sql<{ name: string; def: string }>(
          DB,
          `SELECT indexname AS name, indexdef AS def FROM pg_indexes
           WHERE schemaname = $1 AND tablename IN ('cases', 'case_timeline') ORDER BY indexname`,
          [schema],
        )
      ).map((i) => ({ name: i.name, def: i.def.replace(` ${schema}.`, ' SCHEMA.') })),
      constraints: await sql(
        DB,
        `SELECT c.conrelid::regclass::text LIKE '%case_timeline' AS is_timeline, c.conname, c.contype,
                pg_get_constraintdef(c.oid) AS def
         FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
         WHERE n.nspname = $1 AND c.conrelid::regclass::text ~ '(^|\\.)(cases|case_timeline)$'
         ORDER BY 1, 2`,
        [schema],
      ),
    });
    const casework = await shape('casework');
    expect(casework.columns).toHaveLength(23);
    expect(casework.indexes).toHaveLength(9);
    expect(await shape('replay_store')).toEqual(casework);
  });

  it('replays the topics equal to the live projection and to the replay of the store', async () => {
    const r = await replay().execute({
      into: 'replay_kafka',
      fromKafka: fromKafka(),
      lanes: 2,
      batchSize: 5,
    });
    expect(r.source).toBe('kafka');
    expect(r.kafka?.invalid).toBe(1);
    expect(r.kafka?.staged).toBe(r.events + 1); // the event delivered twice is folded once
    expect(r.diff?.lines).toEqual([]);
    expect(r.diff?.isEqual).toBe(true);
    const againstStore = await replay().execute({
      into: 'replay_kafka',
      replace: true,
      fromKafka: fromKafka(),
      live: 'replay_store',
    });
    expect(againstStore.diff?.isEqual).toBe(true);
    expect(againstStore.diff?.cases.compared).toBe(r.cases);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'replay_kafka'`,
      ),
    ).toBe(2); // the staging table is gone
  });

  it('replays the topics from the command line, and from given offsets as a partial history', async () => {
    const full = await cli('replay', '--into', 'replay_kafka_cli', '--from-kafka', '--quiet');
    expect(full.err).toBe('');
    expect(full.code).toBe(0);
    expect(full.out).toMatch(/read \d+ messages from the case topics .*1 invalid/);
    expect(full.out).toContain('EQUAL');

    // Only the activities from the last partition's last message on: a partial history, so no diff by default.
    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(NS + Topics.CaseActivity).finally(() => admin.disconnect());
    const spec = offsets.map((o) => `${Topics.CaseActivity}:${o.partition}:${o.high}`).join(',');
    const partial = await cli(
      'replay',
      '--into',
      'replay_kafka_part',
      '--from-kafka',
      '--kafka-offsets',
      spec,
    );
    expect(partial.code).toBe(0);
    expect(partial.out).toContain('diff skipped');
    const activities = await count(`SELECT count(*)::int AS n FROM replay_kafka_part.case_timeline
      WHERE event_type = 'case.activity'`);
    expect(activities).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM replay_kafka_part.cases`)).toBe(
      await count(`SELECT count(*)::int AS n FROM casework.cases`),
    );

    expect((await cli('replay', '--into', 'replay_x', '--kafka-offsets', spec)).code).toBe(2);
    const bad = await cli('replay', '--into', 'replay_x', '--from-kafka', '--kafka-offsets', 'case.nope:0:1');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--kafka-offsets');
  });

  it('drops what it built when the replay fails, and never writes over a schema it did not make', async () => {
    await sql(DB, `CREATE SCHEMA not_a_replay`);
    await expect(replay().execute({ into: 'not_a_replay', replace: true })).rejects.toThrow(
      /not made by a replay/,
    );
    await expect(
      replay().execute({ into: 'replay_broken', fromKafka: { kafka, namespace: 'tnosuchns.' } }),
    ).rejects.toThrow(/does not exist/);
    expect(await count(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'replay_broken'`)).toBe(
      0,
    );
  });
});
