import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CaseReceivedV1, EventEnvelope, Topics } from '@lib/contracts';
import { BATCH } from '@lib/messaging';
import { ClassifyCaseUseCase } from './classify-case.use-case';

@Controller()
export class CaseReceivedConsumer {
  constructor(private readonly classifyCase: ClassifyCaseUseCase) {}

  @EventPattern(Topics.CaseReceived, BATCH)
  handle(@Payload() events: EventEnvelope<CaseReceivedV1>[]): Promise<void> {
    return this.classifyCase.executeBatch(events);
  }
}
