import { ArgumentsHost, Catch, RpcExceptionFilter } from '@nestjs/common';
import { BaseRpcContext, CustomTransportStrategy, Server } from '@nestjs/microservices';
import { Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { Logger } from 'pino';
import { lastValueFrom, Observable, throwError } from 'rxjs';
import { decodeEvent, EventEnvelope } from '@lib/contracts';
import { sendToDlq } from './dlq';
import { isInfrastructureError, isPermanentError } from './errors';

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

export interface KafkaEventServerOptions {
  kafka: Kafka;
  groupId: string;
  logger: Logger;
  /** Attempts before a failing message is dead-lettered (infrastructure outages retry without limit). */
  maxAttempts?: number;
  partitionsConsumedConcurrently?: number;
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
      maxWaitTimeInMs: 100,
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
        for (const message of batch.messages) {
          if (!isRunning() || isStale() || this.stopping) break;
          await this.handleMessage(batch.topic, batch.partition, message);
          resolveOffset(message.offset);
          await heartbeat();
        }
        await commitOffsetsIfNecessary();
      },
    });
  }

  private async handleMessage(fullTopic: string, partition: number, message: KafkaMessage): Promise<void> {
    const log = this.opts.logger;
    const ns = this.opts.namespace ?? '';
    const topic = fullTopic.startsWith(ns) ? fullTopic.slice(ns.length) : fullTopic;
    let env: EventEnvelope<object>;
    try {
      env = decodeEvent(message.value);
    } catch (err) {
      await this.deadLetter(fullTopic, partition, message, err as Error, 1);
      return;
    }
    const handler = this.getHandlerByPattern(topic);
    if (!handler) throw new Error(`no handler for ${topic}`);
    const ctx = new KafkaEventContext([topic, partition, message.offset, message]);
    let attempt = 0;
    let delay = 100;
    for (;;) {
      attempt++;
      try {
        const result = await handler(env, ctx);
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
