import { ArgumentsHost, Catch, RpcExceptionFilter } from '@nestjs/common';
import { BaseRpcContext, CustomTransportStrategy, Server } from '@nestjs/microservices';
import { Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { Logger } from 'pino';
import { lastValueFrom, Observable, throwError } from 'rxjs';
import { decodeEvent, EventEnvelope } from '@lib/contracts';
import { sendToDlq } from './dlq';
import { errorCode, isInfrastructureError, isPermanentError } from './errors';

/** Where the message being handled came from. */
export class KafkaEventContext extends BaseRpcContext<[string, number, string, KafkaMessage]> {
  getTopic(): string {
    return this.args[0];
  }
  getPartition(): number {
    return this.args[1];
  }
  getOffset(): string {
    return this.args[2];
  }
  getMessage(): KafkaMessage {
    return this.args[3];
  }
}

/** Let handler errors reach the transport untouched, so it can tell retryable from poison. */
@Catch()
export class RethrowRpcErrorsFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}

/**
 * `@EventPattern(topic, BATCH)` marks a handler that takes `EventEnvelope[]` (the valid messages of one
 * topic-partition batch, in offset order, at most `maxBatchSize`) and applies them together, typically in one
 * transaction. If the batch fails for any reason but an outage, its messages are retried one at a time as
 * one-element arrays, so a poison message is isolated and dead-lettered alone.
 */
export const BATCH = Object.freeze({ batch: true });

/** Context of a batch handler: the topic and partition the envelopes came from, and each one's offset. */
export class KafkaBatchContext extends BaseRpcContext<[string, number, string[]]> {
  getTopic(): string {
    return this.args[0];
  }
  getPartition(): number {
    return this.args[1];
  }
  /** Offsets aligned with the envelopes handed to the handler. */
  getOffsets(): string[] {
    return this.args[2];
  }
}

export interface KafkaEventServerOptions {
  kafka: Kafka;
  groupId: string;
  logger: Logger;
  /** Attempts before a failing message is dead-lettered (infrastructure outages retry without limit). */
  maxAttempts?: number;
  partitionsConsumedConcurrently?: number;
  /** Most envelopes handed to one batch handler call (default 250). */
  maxBatchSize?: number;
  sessionTimeoutMs?: number;
  now?: () => Date;
  /** Prefix of every topic and of the group id (KAFKA_NAMESPACE). */
  namespace?: string;
}

/**
 * Nest transport strategy over KafkaJS: `@EventPattern(topic)` handlers receive a validated EventEnvelope.
 * Invalid messages and messages that keep failing go to `<topic>.dlq`; offsets advance only past handled
 * messages, so a crash redelivers and the inbox drops what was already applied.
 */
export class KafkaEventServer extends Server implements CustomTransportStrategy {
  private consumer: Consumer | undefined;
  private producer: Producer | undefined;
  private stopping = false;
  private crashed: Error | undefined;
  private readonly maxAttempts: number;
  handled = 0;
  deadLettered = 0;
  /** Batch handler calls that succeeded, and the envelopes they carried (for metrics and tests). */
  batches = 0;
  batchedMessages = 0;

  constructor(private readonly opts: KafkaEventServerOptions) {
    super();
    this.maxAttempts = opts.maxAttempts ?? 5;
  }

  isHealthy(): { ok: boolean; reason?: string } {
    if (this.crashed) return { ok: false, reason: this.crashed.message };
    if (!this.consumer) return { ok: false, reason: 'consumer not started' };
    return { ok: true };
  }

  async listen(callback: (...optionalParams: unknown[]) => unknown): Promise<void> {
    try {
      await this.start();
      callback();
    } catch (err) {
      callback(err);
    }
  }

  private async start(): Promise<void> {
    const ns = this.opts.namespace ?? '';
    const topics = [...this.messageHandlers.keys()].map((t) => ns + t);
    const { kafka } = this.opts;
    const groupId = ns + this.opts.groupId;
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      retry: { retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 5000 },
    });
    this.consumer = kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: this.opts.sessionTimeoutMs ?? 10000,
      heartbeatInterval: 1000,
      // The broker answers a fetch as soon as one message is there; a long wait only saves idle round trips.
      maxWaitTimeInMs: 1000,
    });
    this.consumer.on(this.consumer.events.CRASH, (e) => {
      this.crashed = e.payload.error;
      this.opts.logger.error(
        { err: e.payload.error.message, restart: e.payload.restart },
        'consumer crashed',
      );
      if (e.payload.restart) this.crashed = undefined;
    });
    await this.producer.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      autoCommit: true,
      autoCommitInterval: 500,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.opts.partitionsConsumedConcurrently ?? 3,
      eachBatch: async ({
        batch,
        resolveOffset,
        heartbeat,
        commitOffsetsIfNecessary,
        isRunning,
        isStale,
      }) => {
        const handler = this.getHandlerByPattern(this.localTopic(batch.topic));
        if (handler?.extras?.batch) {
          const max = this.opts.maxBatchSize ?? 250;
          for (let i = 0; i < batch.messages.length; i += max) {
            if (!isRunning() || isStale() || this.stopping) break;
            const chunk = batch.messages.slice(i, i + max);
            await this.handleBatch(batch.topic, batch.partition, chunk);
            resolveOffset(chunk[chunk.length - 1].offset);
            await heartbeat();
          }
        } else {
          for (const message of batch.messages) {
            if (!isRunning() || isStale() || this.stopping) break;
            await this.handleMessage(batch.topic, batch.partition, message);
            resolveOffset(message.offset);
            await heartbeat();
          }
        }
        await commitOffsetsIfNecessary();
      },
    });
  }

  private localTopic(fullTopic: string): string {
    const ns = this.opts.namespace ?? '';
    return fullTopic.startsWith(ns) ? fullTopic.slice(ns.length) : fullTopic;
  }

  /**
   * Decode a chunk, dead-letter what does not decode, and hand the rest to the batch handler in one call.
   * Outages retry the whole chunk without limit; any other failure (or a deadlock that keeps coming back) falls
   * back to one message at a time, which isolates and dead-letters the culprit.
   */
  private async handleBatch(fullTopic: string, partition: number, messages: KafkaMessage[]): Promise<void> {
    const topic = this.localTopic(fullTopic);
    const handler = this.getHandlerByPattern(topic);
    if (!handler) throw new Error(`no handler for ${topic}`);
    const valid: { env: EventEnvelope<object>; message: KafkaMessage }[] = [];
    for (const message of messages) {
      try {
        valid.push({ env: decodeEvent(message.value), message });
      } catch (err) {
        await this.deadLetter(fullTopic, partition, message, err as Error, 1);
      }
    }
    if (!valid.length) return;
    const ctx = new KafkaBatchContext([topic, partition, valid.map((v) => v.message.offset)]);
    let delay = 100;
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await handler(
          valid.map((v) => v.env),
          ctx,
        );
        await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
        this.handled += valid.length;
        this.batches++;
        this.batchedMessages += valid.length;
        return;
      } catch (err) {
        const e = err as Error;
        const code = errorCode(e);
        const contention = code === '40P01' || code === '40001';
        if (valid.length > 1 && (!isInfrastructureError(e) || (contention && attempt >= 3))) {
          this.opts.logger.warn(
            { topic, partition, size: valid.length, err: e.message },
            'batch failed, applying its messages one by one',
          );
          for (const v of valid) await this.handleMessage(fullTopic, partition, v.message, true);
          return;
        }
        if (valid.length === 1) {
          await this.handleMessage(fullTopic, partition, valid[0].message, true);
          return;
        }
        if (this.stopping) throw e;
        this.opts.logger.warn({ topic, partition, attempt, err: e.message }, 'batch failed, retrying');
        await new Promise((r) => setTimeout(r, delay + Math.random() * delay));
        delay = Math.min(delay * 2, 5000);
      }
    }
  }

  /** Apply one message with retries; `asBatch` calls a batch handler with a one-element array. */
  private async handleMessage(
    fullTopic: string,
    partition: number,
    message: KafkaMessage,
    asBatch = false,
  ): Promise<void> {
    const log = this.opts.logger;
    const topic = this.localTopic(fullTopic);
    let env: EventEnvelope<object>;
    try {
      env = decodeEvent(message.value);
    } catch (err) {
      await this.deadLetter(fullTopic, partition, message, err as Error, 1);
      return;
    }
    const handler = this.getHandlerByPattern(topic);
    if (!handler) throw new Error(`no handler for ${topic}`);
    const ctx = asBatch
      ? new KafkaBatchContext([topic, partition, [message.offset]])
      : new KafkaEventContext([topic, partition, message.offset, message]);
    let attempt = 0;
    let delay = 100;
    for (;;) {
      attempt++;
      try {
        const result = await handler(asBatch ? [env] : env, ctx);
        await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
        this.handled++;
        return;
      } catch (err) {
        const e = err as Error;
        if (isPermanentError(e)) {
          await this.deadLetter(fullTopic, partition, message, e, attempt, env.caseId);
          return;
        }
        const infra = isInfrastructureError(e);
        if (!infra && attempt >= this.maxAttempts) {
          await this.deadLetter(fullTopic, partition, message, e, attempt, env.caseId);
          return;
        }
        if (this.stopping) throw e; // leave the offset uncommitted: the next owner redelivers.
        log.warn(
          { caseId: env.caseId, eventId: env.eventId, topic, attempt, infra, err: e.message },
          'handler failed, retrying',
        );
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, infra ? 5000 : 2000);
      }
    }
  }

  private async deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    err: Error,
    attempts: number,
    caseId?: string,
  ): Promise<void> {
    this.opts.logger.error(
      { caseId, topic, partition, offset: message.offset, attempts, err: err.message },
      'message dead-lettered',
    );
    await sendToDlq(this.producer as Producer, {
      topic,
      partition,
      message,
      error: `${err.name}: ${err.message}`,
      consumer: (this.opts.namespace ?? '') + this.opts.groupId,
      attempts,
      at: this.opts.now ? this.opts.now() : new Date(),
    });
    this.deadLettered++;
  }

  async close(): Promise<void> {
    this.stopping = true;
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
    this.consumer = undefined;
  }

  on(): void {
    // Status events are not exposed by this transport.
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }
}
