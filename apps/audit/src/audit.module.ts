import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, ServiceRuntime } from '@lib/platform';
import { AppendEventUseCase } from './append-event/append-event.use-case';
import { CaseEventsConsumer } from './append-event/case-events.consumer';
import { EventsController } from './append-event/events.controller';
import { AuditEnv } from './audit.env';

@Module({})
export class AuditModule {
  static forRuntime(rt: ServiceRuntime<AuditEnv>): DynamicModule {
    return {
      module: AuditModule,
      imports: [PlatformModule.forRuntime(rt)],
      controllers: [CaseEventsConsumer, EventsController],
      providers: [AppendEventUseCase],
    };
  }
}
