import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ACTOR_TYPES, ActorType } from './enums';

/** Who caused an event: a service acting on its own, or a signed-in user. */
export class EventActor {
  @IsIn(ACTOR_TYPES)
  type: ActorType;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  id: string;

  @IsOptional()
  @IsString()
  @MaxLength(50)
  role?: string;
}

/** The envelope every event travels in (ARCHITECTURE.md, "Events are defined once"). */
export class EventEnvelope<P = unknown> {
  @IsUUID()
  eventId: string;

  @IsString()
  @IsNotEmpty()
  eventType: string;

  @IsInt()
  @Min(1)
  schemaVersion: number;

  /**
   * The case the event belongs to, and the Kafka message key. An event about no case carries the stream id its
   * payload class names instead (PayloadClass.streamIdOf; for directory.changed a UUIDv5 of the entity).
   */
  @IsUUID()
  caseId: string;

  @IsISO8601({ strict: true })
  occurredAt: string;

  @IsString()
  @IsNotEmpty()
  producer: string;

  @IsUUID()
  correlationId: string;

  @IsOptional()
  @IsUUID()
  causationId: string | null;

  @ValidateNested()
  @Type(() => EventActor)
  actor: EventActor;

  @IsObject()
  payload: P;
}
