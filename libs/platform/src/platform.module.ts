import { DynamicModule, Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { Clock } from '@lib/domain';
import { KafkaEventServer, OutboxRelay } from '@lib/messaging';
import { ServiceLoggerModule } from '@lib/observability';
import { HealthController } from './health.controller';
import type { ServiceRuntime } from './runtime';
import { ROOT_LOGGER, SERVICE_ENV, SERVICE_NAME } from './tokens';

/** Makes the runtime (database, Kafka, outbox relay, clock, env) injectable, and serves /health. */
@Global()
@Module({})
export class PlatformModule {
  static forRuntime(rt: ServiceRuntime<any>): DynamicModule {
    const providers = [
      { provide: DataSource, useValue: rt.dataSource },
      { provide: Kafka, useValue: rt.kafka },
      { provide: OutboxRelay, useValue: rt.relay },
      { provide: Clock, useValue: rt.clock },
      { provide: SERVICE_ENV, useValue: rt.env },
      { provide: SERVICE_NAME, useValue: rt.name },
      { provide: ROOT_LOGGER, useValue: rt.logger },
      ...(rt.server ? [{ provide: KafkaEventServer, useValue: rt.server }] : []),
    ];
    return {
      module: PlatformModule,
      imports: [TerminusModule, ServiceLoggerModule.forService(rt.name, rt.env.LOG_LEVEL)],
      controllers: [HealthController],
      providers,
      exports: providers.map((p) => p.provide),
    };
  }
}
