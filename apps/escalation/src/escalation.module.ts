import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Logger } from 'pino';
import { WorkingCalendar } from '@lib/domain';
import { PlatformModule, ROOT_LOGGER, SERVICE_ENV, ServiceRuntime } from '@lib/platform';
import { CaseActivityConsumer } from './adjust-clock/case-activity.consumer';
import { ExtendDeadlineUseCase } from './adjust-clock/extend-deadline.use-case';
import { PauseClockUseCase } from './adjust-clock/pause-clock.use-case';
import { ResumeClockUseCase } from './adjust-clock/resume-clock.use-case';
import { StopTimersUseCase } from './adjust-clock/stop-timers.use-case';
import { EscalationEnv } from './escalation.env';
import { EscalationSweep } from './fire-steps/escalation-sweep';
import { FireDueStepsUseCase } from './fire-steps/fire-due-steps.use-case';
import { escalationCalendar } from './infrastructure/working-calendar.provider';
import { LadderRepository } from './ladder/ladder.repository';
import { CaseAssignedConsumer } from './track-deadline/case-assigned.consumer';
import { StartTimerUseCase } from './track-deadline/start-timer.use-case';
import { TimersController } from './track-deadline/timers.controller';

@Module({})
export class EscalationModule {
  static forRuntime(rt: ServiceRuntime<EscalationEnv>): DynamicModule {
    return {
      module: EscalationModule,
      imports: [PlatformModule.forRuntime(rt)],
      controllers: [CaseAssignedConsumer, CaseActivityConsumer, TimersController],
      providers: [
        { provide: WorkingCalendar, useFactory: escalationCalendar },
        {
          // The ladder seeds are loaded before any consumer or sweep runs.
          provide: LadderRepository,
          inject: [DataSource, SERVICE_ENV, ROOT_LOGGER],
          useFactory: async (ds: DataSource, env: EscalationEnv, logger: Logger) => {
            const ladders = new LadderRepository(ds);
            await ladders.loadSeeds(env.LADDER_SEED_DIR, logger);
            return ladders;
          },
        },
        StartTimerUseCase,
        PauseClockUseCase,
        ResumeClockUseCase,
        ExtendDeadlineUseCase,
        StopTimersUseCase,
        FireDueStepsUseCase,
        EscalationSweep,
      ],
    };
  }
}
