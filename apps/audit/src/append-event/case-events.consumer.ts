import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { EventEnvelope, Topics } from '@lib/contracts';
import { KafkaEventContext } from '@lib/messaging';
import { AppendEventUseCase } from './append-event.use-case';

/** Audit keeps every event of every case topic, and every access event, with its Kafka coordinates. */
@Controller()
export class CaseEventsConsumer {
  constructor(private readonly appendEvent: AppendEventUseCase) {}

  private store(e: EventEnvelope<object>, ctx: KafkaEventContext) {
    return this.appendEvent.execute(e, {
      topic: ctx.getTopic(),
      partition: ctx.getPartition(),
      offset: ctx.getOffset(),
    });
  }

  @EventPattern(Topics.CaseReceived)
  onReceived(@Payload() e: EventEnvelope<object>, @Ctx() ctx: KafkaEventContext) {
    return this.store(e, ctx);
  }
  @EventPattern(Topics.CaseClassified)
  onClassified(@Payload() e: EventEnvelope<object>, @Ctx() ctx: KafkaEventContext) {
    return this.store(e, ctx);
  }
  @EventPattern(Topics.CaseTriage)
  onTriage(@Payload() e: EventEnvelope<object>, @Ctx() ctx: KafkaEventContext) {
    return this.store(e, ctx);
  }
  @EventPattern(Topics.CaseAssigned)
  onAssigned(@Payload() e: EventEnvelope<object>, @Ctx() ctx: KafkaEventContext) {
    return this.store(e, ctx);
  }
  @EventPattern(Topics.CaseEscalated)
  onEscalated(@Payload() e: EventEnvelope<object>, @Ctx() ctx: KafkaEventContext) {
    return this.store(e, ctx);
  }
  @EventPattern(Topics.CaseActivity)
  onActivity(@Payload() e: EventEnvelope<object>, @Ctx() ctx: KafkaEventContext) {
    return this.store(e, ctx);
  }
  /** A view of a petitioner's protected data: it joins the case's chain like any other event. */
  @EventPattern(Topics.AccessRecorded)
  onAccessRecorded(@Payload() e: EventEnvelope<object>, @Ctx() ctx: KafkaEventContext) {
    return this.store(e, ctx);
  }
}
