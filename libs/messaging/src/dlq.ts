import { IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { dlqTopic } from '@lib/contracts';

export const DLQ_HEADERS = {
  error: 'dlq-error',
  topic: 'dlq-original-topic',
  partition: 'dlq-original-partition',
  offset: 'dlq-original-offset',
  consumer: 'dlq-consumer-group',
  failedAt: 'dlq-failed-at',
  attempts: 'dlq-attempts',
} as const;

/** Park a message on `<topic>.dlq` with the error and its original coordinates. */
export async function sendToDlq(
  producer: Producer,
  args: {
    topic: string;
    partition: number;
    message: KafkaMessage;
    error: string;
    consumer: string;
    attempts: number;
    at: Date;
  },
): Promise<void> {
  const headers: IHeaders = { ...(args.message.headers ?? {}) };
  headers[DLQ_HEADERS.error] = args.error.slice(0, 4000);
  headers[DLQ_HEADERS.topic] = args.topic;
  headers[DLQ_HEADERS.partition] = String(args.partition);
  headers[DLQ_HEADERS.offset] = args.message.offset;
  headers[DLQ_HEADERS.consumer] = args.consumer;
  headers[DLQ_HEADERS.failedAt] = args.at.toISOString();
  headers[DLQ_HEADERS.attempts] = String(args.attempts);
  await producer.send({
    topic: dlqTopic(args.topic),
    acks: -1,
    messages: [{ key: args.message.key, value: args.message.value, headers }],
  });
}

function headerString(v: IHeaders[string]): string | undefined {
  if (v === undefined) return undefined;
  const first = Array.isArray(v) ? v[0] : v;
  return first === undefined ? undefined : first.toString();
}

/**
 * Re-drive a DLQ: republish every parked message to its original topic (optionally only those a given consumer
 * group failed), then commit. Returns how many were re-driven. Consumers drop any that were already applied.
 */
export async function redriveDlq(
  kafka: Kafka,
  sourceTopic: string,
  opts: { onlyConsumer?: string; idleMs?: number } = {},
): Promise<number> {
  const consumer = kafka.consumer({ groupId: `dlq-redrive.${sourceTopic}` });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await Promise.all([consumer.connect(), producer.connect()]);
  let count = 0;
  let lastSeen = Date.now();
  try {
    await consumer.subscribe({ topic: dlqTopic(sourceTopic), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        lastSeen = Date.now();
        const h = message.headers ?? {};
        if (opts.onlyConsumer && headerString(h[DLQ_HEADERS.consumer]) !== opts.onlyConsumer) return;
        const headers: IHeaders = {};
        for (const [k, v] of Object.entries(h)) if (!k.startsWith('dlq-')) headers[k] = v;
        headers['redriven-from'] = dlqTopic(sourceTopic);
        await producer.send({
          topic: headerString(h[DLQ_HEADERS.topic]) ?? sourceTopic,
          acks: -1,
          messages: [{ key: message.key, value: message.value, headers }],
        });
        count++;
      },
    });
    const idle = opts.idleMs ?? 3000;
    while (Date.now() - lastSeen < idle) await new Promise((r) => setTimeout(r, 200));
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
  }
  return count;
}
