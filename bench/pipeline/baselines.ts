import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Kafka } from 'kafkajs';
import { Client } from 'pg';
import { log } from './stats';

// What the machine's broker and database can do by themselves: Kafka's ProducerPerformance and
// ConsumerPerformance (same jars as the broker, via docker/kafka-local.sh) and pgbench.

/** Run a command, echo its output to stderr with a prefix, and return stdout. */
function run(cmd: string, args: string[], opts: { cwd: string; prefix: string; env?: NodeJS.ProcessEnv }) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: { ...process.env, ...(opts.env ?? {}) } });
    let stdout = '';
    let stderr = '';
    const echo = (chunk: Buffer) =>
      chunk
        .toString()
        .split('\n')
        .filter((l) => l.trim())
        .forEach((l) => process.stderr.write(`  ${opts.prefix}| ${l}\n`));
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      echo(c);
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      echo(c);
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

export interface KafkaBaseline {
  topic: string;
  partitions: number;
  recordSize: number;
  records: number;
  producer: {
    props: string;
    recordsPerSec: number;
    mbPerSec: number;
    avgLatencyMs: number;
    maxLatencyMs: number;
    p50Ms: number;
    p95Ms: number;
    p99Ms: number;
  } | null;
  consumer: {
    messagesPerSec: number;
    mbPerSec: number;
    fetchMessagesPerSec: number;
    rebalanceMs: number;
  } | null;
  error?: string;
}

export async function kafkaBaseline(
  repoRoot: string,
  kafka: Kafka,
  brokers: string,
  ns: string,
  recordSize: number,
  records: number,
  partitions: number,
): Promise<KafkaBaseline> {
  const topic = `${ns}perf-baseline`;
  const admin = kafka.admin();
  await admin.connect();
  const result: KafkaBaseline = { topic, partitions, recordSize, records, producer: null, consumer: null };
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }] });
    const script = join(repoRoot, 'docker', 'kafka-local.sh');
    // Same durability as the pipeline's producers (acks=all, idempotent), the Java client's default batching.
    const props = `bootstrap.servers=${brokers} acks=all enable.idempotence=true`;
    log(
      `Kafka ProducerPerformance: ${records} records of ${recordSize} B on ${partitions} partitions (${props})`,
    );
    const p = await run(
      'bash',
      [
        script,
        'perf-producer',
        '--topic',
        topic,
        '--num-records',
        String(records),
        '--record-size',
        String(recordSize),
        '--throughput',
        '-1',
        '--producer-props',
        ...props.split(' '),
      ],
      { cwd: repoRoot, prefix: 'producer-perf' },
    );
    const m =
      /(\d+) records sent, ([\d.]+) records\/sec \(([\d.]+) MB\/sec\), ([\d.]+) ms avg latency, ([\d.]+) ms max latency, (\d+) ms 50th, (\d+) ms 95th, (\d+) ms 99th/.exec(
        p.stdout,
      );
    if (m)
      result.producer = {
        props,
        recordsPerSec: Number(m[2]),
        mbPerSec: Number(m[3]),
        avgLatencyMs: Number(m[4]),
        maxLatencyMs: Number(m[5]),
        p50Ms: Number(m[6]),
        p95Ms: Number(m[7]),
        p99Ms: Number(m[8]),
      };
    else result.error = `producer perf: no summary line (exit ${p.code})`;

    log(`Kafka ConsumerPerformance: ${records} records`);
    const c = await run(
      'bash',
      [
        script,
        'perf-consumer',
        '--bootstrap-server',
        brokers,
        '--topic',
        topic,
        '--messages',
        String(records),
        '--group',
        `${ns}perf-consumer`,
        '--timeout',
        '60000',
      ],
      { cwd: repoRoot, prefix: 'consumer-perf' },
    );
    const lines = c.stdout.split('\n').filter((l) => l.includes(','));
    const header = lines.find((l) => l.includes('nMsg.sec'));
    const values = header ? lines[lines.indexOf(header) + 1] : undefined;
    if (header && values) {
      const h = header.split(',').map((s) => s.trim());
      const v = values.split(',').map((s) => s.trim());
      const get = (k: string) => Number(v[h.indexOf(k)]);
      result.consumer = {
        messagesPerSec: get('nMsg.sec'),
        mbPerSec: get('MB.sec'),
        fetchMessagesPerSec: get('fetch.nMsg.sec'),
        rebalanceMs: get('rebalance.time.ms'),
      };
    } else result.error = `${result.error ?? ''} consumer perf: no stats line (exit ${c.code})`.trim();
  } catch (err) {
    result.error = (err as Error).message;
  } finally {
    await admin.deleteTopics({ topics: [topic], timeout: 30_000 }).catch(() => undefined);
    await admin.disconnect();
  }
  return result;
}

export interface PgbenchBaseline {
  database: string;
  scale: number;
  clients: number;
  threads: number;
  durationS: number;
  tps: number | null;
  latencyAvgMs: number | null;
  transactions: number | null;
  error?: string;
}

/** pgbench (TPC-B-like, scale 1) in a throwaway database on the same server. */
export async function pgbenchBaseline(
  repoRoot: string,
  serverUrl: string,
  durationS: number,
): Promise<PgbenchBaseline> {
  const u = new URL(serverUrl);
  const database = 'petitions_pgbench_bench';
  const result: PgbenchBaseline = {
    database,
    scale: 1,
    clients: 4,
    threads: 2,
    durationS,
    tps: null,
    latencyAvgMs: null,
    transactions: null,
  };
  const adminUrl = new URL(serverUrl);
  adminUrl.pathname = '/postgres';
  const admin = new Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  const conn = ['-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username || 'postgres')];
  const env = u.password ? { PGPASSWORD: decodeURIComponent(u.password) } : undefined;
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${database}"`);
    log(`pgbench: init scale 1 in ${database}`);
    const init = await run('pgbench', [...conn, '-i', '-s', '1', '-q', database], {
      cwd: repoRoot,
      prefix: 'pgbench',
      env,
    });
    if (init.code !== 0) throw new Error(`pgbench -i exited ${init.code}`);
    log(`pgbench: -c 4 -j 2 -T ${durationS}`);
    const r = await run(
      'pgbench',
      [...conn, '-c', '4', '-j', '2', '-T', String(durationS), '-P', '10', database],
      { cwd: repoRoot, prefix: 'pgbench', env },
    );
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(r.stdout);
    const lat = /latency average = ([\d.]+) ms/.exec(r.stdout);
    const n = /number of transactions actually processed: (\d+)/.exec(r.stdout);
    result.tps = tps ? Number(tps[1]) : null;
    result.latencyAvgMs = lat ? Number(lat[1]) : null;
    result.transactions = n ? Number(n[1]) : null;
    if (!tps) result.error = `pgbench: no tps line (exit ${r.code})`;
  } catch (err) {
    result.error = (err as Error).message;
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
  return result;
}
