import { Kafka } from 'kafkajs';
import { AUDITED_TOPICS, DEFAULT_PARTITIONS, dlqTopic } from '@lib/contracts';

export interface TopicSpec {
  topic: string;
  numPartitions: number;
  configEntries?: { name: string; value: string }[];
}

/** Case topics and their DLQs keep events for good, so replay from Kafka offsets stays possible. */
export function caseTopicSpecs(partitions = DEFAULT_PARTITIONS): TopicSpec[] {
  const keepForever = [{ name: 'retention.ms', value: '-1' }];
  return AUDITED_TOPICS.flatMap((t) => [
    { topic: t, numPartitions: partitions, configEntries: keepForever },
    { topic: dlqTopic(t), numPartitions: 1, configEntries: keepForever },
  ]);
}

/** Create missing topics with explicit partition counts (the broker never auto-creates). Idempotent. */
export async function ensureTopics(kafka: Kafka, specs: TopicSpec[], namespace = ''): Promise<string[]> {
  specs = specs.map((s) => ({ ...s, topic: namespace + s.topic }));
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((s) => !existing.has(s.topic));
    if (missing.length) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((s) => ({
          topic: s.topic,
          numPartitions: s.numPartitions,
          replicationFactor: 1,
          configEntries: s.configEntries,
        })),
      });
    }
    return missing.map((s) => s.topic);
  } finally {
    await admin.disconnect();
  }
}
