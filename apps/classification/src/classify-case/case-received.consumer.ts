import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CaseReceivedV1, EventEnvelope, Topics } from '@lib/contracts';
import { ClassifyCaseUseCase } from './classify-case.use-case';

@Controller()
export class CaseReceivedConsumer {
  constructor(private readonly classifyCase: ClassifyCaseUseCase) {}

  @EventPattern(Topics.CaseReceived)
  handle(@Payload() event: EventEnvelope<CaseReceivedV1>): Promise<void> {
    return this.classifyCase.execute(event);
  }
}
