import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EventEnvelope, Topics } from '@lib/contracts';
import { BATCH } from '@lib/messaging';
import { ProjectCaseUseCase } from './project-case.use-case';

/** Casework projects every case topic into its read model, a partition's batch at a time. */
@Controller()
export class CaseEventsConsumer {
  constructor(private readonly projectCase: ProjectCaseUseCase) {}

  @EventPattern(Topics.CaseReceived, BATCH)
  onReceived(@Payload() e: EventEnvelope<object>[]) {
    return this.projectCase.executeBatch(e);
  }
  @EventPattern(Topics.CaseClassified, BATCH)
  onClassified(@Payload() e: EventEnvelope<object>[]) {
    return this.projectCase.executeBatch(e);
  }
  @EventPattern(Topics.CaseTriage, BATCH)
  onTriage(@Payload() e: EventEnvelope<object>[]) {
    return this.projectCase.executeBatch(e);
  }
  @EventPattern(Topics.CaseAssigned, BATCH)
  onAssigned(@Payload() e: EventEnvelope<object>[]) {
    return this.projectCase.executeBatch(e);
  }
  @EventPattern(Topics.CaseEscalated, BATCH)
  onEscalated(@Payload() e: EventEnvelope<object>[]) {
    return this.projectCase.executeBatch(e);
  }
  @EventPattern(Topics.CaseActivity, BATCH)
  onActivity(@Payload() e: EventEnvelope<object>[]) {
    return this.projectCase.executeBatch(e);
  }
}
