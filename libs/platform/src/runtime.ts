import {
  BadRequestException,
  DynamicModule,
  INestApplication,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Kafka } from 'kafkajs';
import { Logger as NestPinoLogger } from 'nestjs-pino';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { flattenValidationErrors } from '@lib/contracts';
import { Clock, SystemClock } from '@lib/domain';
import {
  caseTopicSpecs,
  createKafka,
  ensureTopics,
  InboxEntryEntity,
  KafkaEventServer,
  OutboxMessageEntity,
  OutboxRelay,
  parseBrokers,
  RethrowRpcErrorsFilter,
} from '@lib/messaging';
import { createLogger } from '@lib/observability';
import { ClassType, openServiceDataSource } from '@lib/persistence';
import { DomainErrorFilter } from './domain-error.filter';
import { BaseServiceEnv, loadEnv } from './env';
import { setupOpenApi } from './openapi';

export interface ServiceRuntime<E extends BaseServiceEnv> {
  name: string;
  env: E;
  logger: Logger;
  dataSource: DataSource;
  kafka: Kafka;
  relay: OutboxRelay;
  server?: KafkaEventServer;
  clock: Clock;
}

export interface ServiceDefinition<E extends BaseServiceEnv> {
  name: string;
  envClass: new () => E;
  entities: ClassType[];
  migrations: ClassType[];
  /** Consumer group; set when the service consumes topics through @EventPattern handlers. */
  consumerGroup?: string;
  module: (rt: ServiceRuntime<E>) => DynamicModule;
  /** Body size limit for JSON requests. */
  bodyLimit?: string;
  /** Title and description of the OpenAPI document served at /docs. */
  openApi?: { title: string; description: string };
  configure?: (app: NestExpressApplication, rt: ServiceRuntime<E>) => void | Promise<void>;
}

export interface RunningService<E extends BaseServiceEnv> {
  app: INestApplication;
  runtime: ServiceRuntime<E>;
  url: string;
  stop(): Promise<void>;
}

/** One answer shape for every bad request: the fields and why. */
export function validationExceptionFactory(errors: ValidationError[]): BadRequestException {
  const problems = flattenValidationErrors(errors);
  return new BadRequestException({
    statusCode: 400,
    error: 'VALIDATION_FAILED',
    message: 'Dữ liệu không hợp lệ',
    fields: problems.map((p) => {
      const i = p.indexOf(': ');
      return { field: p.slice(0, i), reason: p.slice(i + 2) };
    }),
  });
}

/** Boot a service: validate env, open its schema (migrations), ensure topics, start relay, consumer and HTTP. */
export async function startService<E extends BaseServiceEnv>(
  def: ServiceDefinition<E>,
  overrides: { env?: NodeJS.ProcessEnv; clock?: Clock; port?: number } = {},
): Promise<RunningService<E>> {
  const env = loadEnv(def.envClass, { ...process.env, ...(overrides.env ?? {}) });
  if (overrides.port !== undefined) env.PORT = overrides.port;
  const logger = createLogger(def.name, env.LOG_LEVEL);
  const dataSource = await openServiceDataSource({
    url: env.DATABASE_URL,
    schema: env.DB_SCHEMA,
    entities: [...def.entities, OutboxMessageEntity, InboxEntryEntity],
    migrations: def.migrations,
    poolSize: env.DB_POOL_SIZE,
    applicationName: def.name,
  });
  const kafka = createKafka({ brokers: parseBrokers(env.KAFKA_BROKERS), clientId: def.name }, logger);
  await ensureTopics(kafka, caseTopicSpecs(env.KAFKA_PARTITIONS), env.KAFKA_NAMESPACE);
  const clock = overrides.clock ?? new SystemClock();
  const relay = new OutboxRelay(dataSource, kafka, logger, {
    schema: env.DB_SCHEMA,
    pollIntervalMs: env.OUTBOX_POLL_MS,
    topicNamespace: env.KAFKA_NAMESPACE,
  });
  await relay.start();
  const server = def.consumerGroup
    ? new KafkaEventServer({
        kafka,
        groupId: def.consumerGroup,
        logger,
        maxAttempts: env.CONSUMER_MAX_ATTEMPTS,
        partitionsConsumedConcurrently: env.CONSUMER_CONCURRENCY,
        now: () => clock.now(),
        namespace: env.KAFKA_NAMESPACE,
      })
    : undefined;
  const runtime: ServiceRuntime<E> = { name: def.name, env, logger, dataSource, kafka, relay, server, clock };

  const app = await NestFactory.create<NestExpressApplication>(def.module(runtime), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(NestPinoLogger));
  app.useBodyParser('json', { limit: def.bodyLimit ?? '256kb' });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: validationExceptionFactory,
    }),
  );
  app.useGlobalFilters(new DomainErrorFilter());
  await def.configure?.(app, runtime);
  if (def.openApi) setupOpenApi(app, def.openApi.title, def.openApi.description);
  if (server) {
    // Listeners are set up at listen(), after the filter that lets handler errors reach the transport untouched.
    const ms = app.connectMicroservice(
      { strategy: server },
      { inheritAppConfig: false, deferInitialization: true },
    );
    ms.useGlobalFilters(new RethrowRpcErrorsFilter());
    (ms as unknown as { setIsInitHookCalled(v: boolean): void }).setIsInitHookCalled(true);
  }
  await app.init();
  await app.startAllMicroservices();
  await app.listen(env.PORT, env.HOST);
  const url = `http://${env.HOST}:${env.PORT}`;
  logger.info({ url }, `${def.name} started`);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await app.close(); // closes the HTTP server and the Kafka consumer
    await relay.stop();
    await dataSource.destroy();
  };
  return { app, runtime, url, stop };
}

/** main.ts entry: start, and stop gracefully on SIGTERM/SIGINT. */
export function runService<E extends BaseServiceEnv>(def: ServiceDefinition<E>): void {
  startService(def).then(
    (svc) => {
      const shutdown = (signal: string) => {
        svc.runtime.logger.info({ signal }, 'shutting down');
        svc
          .stop()
          .then(() => process.exit(0))
          .catch((err) => {
            svc.runtime.logger.error({ err: (err as Error).message }, 'shutdown failed');
            process.exit(1);
          });
      };
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      process.once('SIGINT', () => shutdown('SIGINT'));
    },
    (err) => {
      console.error(`${def.name} failed to start: ${(err as Error).message}`);
      process.exit(1);
    },
  );
}
