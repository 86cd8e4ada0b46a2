import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, ServiceRuntime } from '@lib/platform';
import { EscalationEnv } from './escalation.env';
import { TrackDeadlineConsumer } from './track-deadline/case-assigned.consumer';
import { TimersController } from './track-deadline/timers.controller';

@Module({})
export class EscalationModule {
  static forRuntime(rt: ServiceRuntime<EscalationEnv>): DynamicModule {
    return {
      module: EscalationModule,
      imports: [PlatformModule.forRuntime(rt)],
      controllers: [TrackDeadlineConsumer, TimersController],
    };
  }
}
