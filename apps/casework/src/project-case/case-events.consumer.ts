import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EventEnvelope, Topics } from '@lib/contracts';
import { ProjectCaseUseCase } from './project-case.use-case';

/** Casework projects every case topic into its read model. */
@Controller()
export class CaseEventsConsumer {
  constructor(private readonly projectCase: ProjectCaseUseCase) {}

  @EventPattern(Topics.CaseReceived)
  onReceived(@Payload() e: EventEnvelope<object>) {
    return this.projectCase.execute(e);
  }
  @EventPattern(Topics.CaseClassified)
  onClassified(@Payload() e: EventEnvelope<object>) {
    return this.projectCase.execute(e);
  }
  @EventPattern(Topics.CaseTriage)
  onTriage(@Payload() e: EventEnvelope<object>) {
    return this.projectCase.execute(e);
  }
  @EventPattern(Topics.CaseAssigned)
  onAssigned(@Payload() e: EventEnvelope<object>) {
    return this.projectCase.execute(e);
  }
  @EventPattern(Topics.CaseEscalated)
  onEscalated(@Payload() e: EventEnvelope<object>) {
    return this.projectCase.execute(e);
  }
  @EventPattern(Topics.CaseActivity)
  onActivity(@Payload() e: EventEnvelope<object>) {
    return this.projectCase.execute(e);
  }
}
