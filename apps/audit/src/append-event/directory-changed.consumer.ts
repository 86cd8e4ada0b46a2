import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { DirectoryChangedV1, EventEnvelope, Topics } from '@lib/contracts';
import { BATCH, KafkaBatchContext } from '@lib/messaging';
import { AppendEventUseCase } from './append-event.use-case';
import { withCoordinates } from './delivered';

/**
 * Audit keeps every org-directory change (assignment's admin API) once. A directory event's caseId is its entity's
 * stream id (directoryStreamId, checked by the codec before this runs), so each unit, staff member, rule, policy and
 * calendar day gets its own hash chain through the same append as a case: verify, the digests, timeline and export
 * cover it with no other change.
 */
@Controller()
export class DirectoryChangedConsumer {
  constructor(private readonly appendEvent: AppendEventUseCase) {}

  @EventPattern(Topics.DirectoryChanged, BATCH)
  onDirectoryChanged(@Payload() events: EventEnvelope<DirectoryChangedV1>[], @Ctx() ctx: KafkaBatchContext) {
    return this.appendEvent.executeBatch(withCoordinates(events, ctx));
  }
}
