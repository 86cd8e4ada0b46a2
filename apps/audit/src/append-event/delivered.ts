import { EventEnvelope } from '@lib/contracts';
import { KafkaBatchContext } from '@lib/messaging';
import { KafkaCoordinates } from './append-event.use-case';

/** A delivered batch as AppendEventUseCase takes it: each event with the Kafka coordinates it was read from. */
export function withCoordinates(
  events: EventEnvelope<object>[],
  ctx: KafkaBatchContext,
): { env: EventEnvelope<object>; at: KafkaCoordinates }[] {
  const offsets = ctx.getOffsets();
  return events.map((env, i) => ({
    env,
    at: { topic: ctx.getTopic(), partition: ctx.getPartition(), offset: offsets[i] },
  }));
}
