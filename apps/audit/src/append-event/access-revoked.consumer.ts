import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { TokenRevocations } from '@lib/auth';
import { AccessRevokedV1, EventEnvelope, Topics } from '@lib/contracts';
import { BATCH, KafkaBatchContext } from '@lib/messaging';
import { AppendEventUseCase } from './append-event.use-case';
import { withCoordinates } from './delivered';

/**
 * casework's withdrawals of internal tokens: audit keeps each event in the user's own chain (its caseId is the
 * user's stream id, checked by the codec), and, like every service with internal APIs, refuses those tokens.
 */
@Controller()
export class AccessRevokedConsumer {
  constructor(
    private readonly appendEvent: AppendEventUseCase,
    private readonly revocations: TokenRevocations,
  ) {}

  @EventPattern(Topics.AccessRevoked, BATCH)
  async onRevoked(@Payload() events: EventEnvelope<AccessRevokedV1>[], @Ctx() ctx: KafkaBatchContext) {
    await this.appendEvent.executeBatch(withCoordinates(events, ctx));
    await this.revocations.record(events);
  }
}
