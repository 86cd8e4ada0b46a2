import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CaseActivityV1, EventEnvelope, Topics } from '@lib/contracts';
import { ReclassifyCaseUseCase } from './reclassify-case.use-case';

@Controller()
export class CaseActivityConsumer {
  constructor(private readonly reclassifyCase: ReclassifyCaseUseCase) {}

  @EventPattern(Topics.CaseActivity)
  handle(@Payload() event: EventEnvelope<CaseActivityV1>): Promise<void> {
    return this.reclassifyCase.execute(event);
  }
}
