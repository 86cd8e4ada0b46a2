import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DataSource, EntityManager } from 'typeorm';
import { ActivityType, CaseActivityV1, EventEnvelope, Topics } from '@lib/contracts';
import { applyOnce } from '@lib/messaging';
import { ESCALATION_CONSUMER } from '../track-deadline/case-assigned.consumer';
import { ExtendDeadlineUseCase } from './extend-deadline.use-case';
import { PauseClockUseCase } from './pause-clock.use-case';
import { ResumeClockUseCase } from './resume-clock.use-case';
import { StopTimersUseCase } from './stop-timers.use-case';

type Handler = (m: EntityManager, e: EventEnvelope<CaseActivityV1>) => Promise<void>;

/** Moves the clocks with the case: pause and resume, extension, and the end of the case. */
@Controller()
export class CaseActivityConsumer {
  private readonly handlers: Partial<Record<ActivityType, Handler>>;

  constructor(
    private readonly dataSource: DataSource,
    pause: PauseClockUseCase,
    resume: ResumeClockUseCase,
    extend: ExtendDeadlineUseCase,
    stop: StopTimersUseCase,
  ) {
    const stopAll: Handler = (m, e) => stop.execute(m, e);
    this.handlers = {
      info_requested: (m, e) => pause.execute(m, e),
      info_received: (m, e) => resume.execute(m, e),
      extended: (m, e) => extend.execute(m, e),
      resolved: stopAll,
      rejected: stopAll,
      filed: stopAll,
      withdrawn: stopAll,
    };
  }

  @EventPattern(Topics.CaseActivity)
  async handle(@Payload() event: EventEnvelope<CaseActivityV1>): Promise<void> {
    const handler = this.handlers[event.payload.activity];
    if (!handler) return;
    await applyOnce(this.dataSource, ESCALATION_CONSUMER, event.eventId, (m) => handler(m, event));
  }
}
