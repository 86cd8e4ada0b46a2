import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { CaseAssignedV1, EventEnvelope, Topics } from '@lib/contracts';
import { applyOnce } from '@lib/messaging';
import { StartTimerUseCase } from './start-timer.use-case';

export const ESCALATION_CONSUMER = 'escalation';

/** Starts, restarts or hands over a stage's deadline clock. */
@Controller()
export class CaseAssignedConsumer {
  constructor(
    private readonly dataSource: DataSource,
    private readonly startTimer: StartTimerUseCase,
  ) {}

  @EventPattern(Topics.CaseAssigned)
  async handle(@Payload() event: EventEnvelope<CaseAssignedV1>): Promise<void> {
    await applyOnce(this.dataSource, ESCALATION_CONSUMER, event.eventId, (m) =>
      this.startTimer.execute(m, event),
    );
  }
}
