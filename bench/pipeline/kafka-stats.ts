import { Admin, Kafka, logLevel } from 'kafkajs';
import { log } from './stats';

// Message counts on the bench's namespaced topics (produced = end offsets; delivered = committed group offsets)
// and the size of a pipeline event as it travels.

export function benchKafka(brokers: string[]): Kafka {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  return new Kafka({ clientId: 'bench', brokers, logLevel: logLevel.NOTHING, retry: { retries: 8 } });
}

export interface KafkaCounts {
  /** Messages on each namespaced topic (sum of partition end offsets; topics start empty, nothing expires). */
  produced: Record<string, number>;
  /** Offsets committed by each namespaced consumer group, summed over its topics. */
  consumed: Record<string, number>;
}

export async function kafkaCounts(admin: Admin, ns: string): Promise<KafkaCounts> {
  const topics = (await admin.listTopics()).filter((t) => t.startsWith(ns) && !t.includes('perf-baseline'));
  const produced: Record<string, number> = {};
  for (const t of topics.sort()) {
    const parts = await admin.fetchTopicOffsets(t);
    produced[t.slice(ns.length)] = parts.reduce((a, p) => a + Number(p.high), 0);
  }
  const consumed: Record<string, number> = {};
  const groups = (await admin.listGroups()).groups
    .map((g) => g.groupId)
    .filter((g) => g.startsWith(ns) && !g.includes('perf'));
  for (const g of groups.sort()) {
    const offsets = await admin.fetchOffsets({ groupId: g, topics });
    consumed[g.slice(ns.length)] = offsets.reduce(
      (a, t) => a + t.partitions.reduce((b, p) => b + Math.max(0, Number(p.offset)), 0),
      0,
    );
  }
  return { produced, consumed };
}

const sum = (r: Record<string, number>): number => Object.values(r).reduce((a, b) => a + b, 0);

export function countsDelta(
  before: KafkaCounts,
  after: KafkaCounts,
): { produced: number; consumed: number; producedByTopic: Record<string, number> } {
  const producedByTopic: Record<string, number> = {};
  for (const [t, n] of Object.entries(after.produced)) {
    const d = n - (before.produced[t] ?? 0);
    if (d) producedByTopic[t] = d;
  }
  return {
    produced: sum(after.produced) - sum(before.produced),
    consumed: sum(after.consumed) - sum(before.consumed),
    producedByTopic,
  };
}

/** Average encoded size of the pipeline's events (value bytes, and key + headers), read back from the topics. */
export async function sampleMessageSizes(
  kafka: Kafka,
  ns: string,
  topics: string[],
  perTopic = 300,
): Promise<{ byTopic: Record<string, { n: number; valueBytes: number; keyAndHeaderBytes: number }> }> {
  const byTopic: Record<string, { n: number; value: number; extra: number }> = {};
  const consumer = kafka.consumer({ groupId: `${ns}perf-size-sampler`, maxWaitTimeInMs: 200 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: topics.map((t) => ns + t), fromBeginning: true });
    let done = false;
    const finished = new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ topic, message }) => {
          const t = topic.slice(ns.length);
          const s = (byTopic[t] ??= { n: 0, value: 0, extra: 0 });
          if (s.n >= perTopic) return;
          s.n++;
          s.value += message.value?.length ?? 0;
          s.extra +=
            (message.key?.length ?? 0) +
            Object.entries(message.headers ?? {}).reduce(
              (a, [k, v]) => a + k.length + (Buffer.isBuffer(v) ? v.length : String(v ?? '').length),
              0,
            );
          if (!done && topics.every((x) => (byTopic[x]?.n ?? 0) >= perTopic)) {
            done = true;
            resolve();
          }
        },
      });
    });
    await Promise.race([finished, new Promise((r) => setTimeout(r, 15_000))]);
  } finally {
    await consumer.disconnect();
  }
  const out: Record<string, { n: number; valueBytes: number; keyAndHeaderBytes: number }> = {};
  for (const [t, s] of Object.entries(byTopic))
    out[t] = { n: s.n, valueBytes: Math.round(s.value / s.n), keyAndHeaderBytes: Math.round(s.extra / s.n) };
  return { byTopic: out };
}

export async function deleteNamespace(kafka: Kafka, ns: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(ns));
    if (topics.length) await admin.deleteTopics({ topics, timeout: 60_000 });
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(ns));
    if (groups.length) await admin.deleteGroups(groups).catch(() => undefined);
    log(`deleted ${topics.length} topics and ${groups.length} consumer groups of namespace ${ns}`);
  } finally {
    await admin.disconnect();
  }
}
