import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { EventEnvelope, Topics } from '@lib/contracts';
import { BATCH, KafkaBatchContext } from '@lib/messaging';
import { AppendEventUseCase } from './append-event.use-case';
import { withCoordinates } from './delivered';

/** Audit keeps every event of every case topic, and every access event, with its Kafka coordinates, a batch at a time. */
@Controller()
export class CaseEventsConsumer {
  constructor(private readonly appendEvent: AppendEventUseCase) {}

  private store(events: EventEnvelope<object>[], ctx: KafkaBatchContext) {
    return this.appendEvent.executeBatch(withCoordinates(events, ctx));
  }

  @EventPattern(Topics.CaseReceived, BATCH)
  onReceived(@Payload() e: EventEnvelope<object>[], @Ctx() ctx: KafkaBatchContext) {
    return this.store(e, ctx);
  }
  @EventPattern(Topics.CaseClassified, BATCH)
  onClassified(@Payload() e: EventEnvelope<object>[], @Ctx() ctx: KafkaBatchContext) {
    return this.store(e, ctx);
  }
  @EventPattern(Topics.CaseTriage, BATCH)
  onTriage(@Payload() e: EventEnvelope<object>[], @Ctx() ctx: KafkaBatchContext) {
    return this.store(e, ctx);
  }
  @EventPattern(Topics.CaseAssigned, BATCH)
  onAssigned(@Payload() e: EventEnvelope<object>[], @Ctx() ctx: KafkaBatchContext) {
    return this.store(e, ctx);
  }
  @EventPattern(Topics.CaseEscalated, BATCH)
  onEscalated(@Payload() e: EventEnvelope<object>[], @Ctx() ctx: KafkaBatchContext) {
    return this.store(e, ctx);
  }
  @EventPattern(Topics.CaseActivity, BATCH)
  onActivity(@Payload() e: EventEnvelope<object>[], @Ctx() ctx: KafkaBatchContext) {
    return this.store(e, ctx);
  }
  /** A view of a petitioner's protected data: it joins the case's chain like any other event. */
  @EventPattern(Topics.AccessRecorded, BATCH)
  onAccessRecorded(@Payload() e: EventEnvelope<object>[], @Ctx() ctx: KafkaBatchContext) {
    return this.store(e, ctx);
  }
}
