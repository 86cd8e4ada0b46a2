import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { CaseAssignedV1, EventEnvelope, Topics } from '@lib/contracts';
import { applyBatchOnce, BATCH } from '@lib/messaging';
import { StartTimerUseCase } from './start-timer.use-case';

export const ESCALATION_CONSUMER = 'escalation';

/** Starts, restarts or hands over a stage's deadline clock. */
@Controller()
export class CaseAssignedConsumer {
  constructor(
    private readonly dataSource: DataSource,
    private readonly startTimer: StartTimerUseCase,
  ) {}

  /** A partition's batch in one transaction, in offset order (a case's events stay in order). */
  @EventPattern(Topics.CaseAssigned, BATCH)
  async handle(@Payload() events: EventEnvelope<CaseAssignedV1>[]): Promise<void> {
    await applyBatchOnce(this.dataSource, ESCALATION_CONSUMER, events, async (m, todo) => {
      await this.startTimer.executeMany(m, todo);
    });
  }
}
