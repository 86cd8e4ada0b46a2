import { IsIn, IsNotEmpty, IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { uuidV5 } from '../../stream-id';

/** What the org directory holds: units, their staff, routing rules, SLA policies and calendar days. */
export const DIRECTORY_ENTITY_KINDS = ['unit', 'staff', 'rule', 'policy', 'calendar_day'] as const;
export type DirectoryEntityKind = (typeof DIRECTORY_ENTITY_KINDS)[number];

/** create and update come from an upsert; retire ends an entity's validity (a calendar day is removed). */
export const DIRECTORY_OPERATIONS = ['create', 'update', 'retire'] as const;
export type DirectoryOperation = (typeof DIRECTORY_OPERATIONS)[number];

const DATE = /^\d{4}-\d{2}-\d{2}$/;

// Fixed for good: changing it would move every directory entity to a new audit chain.
const DIRECTORY_STREAM_NAMESPACE = '15dbf631-bf28-4bc4-bea4-5f71b260798e';

/**
 * The stream id of a directory entity: UUIDv5 of "<kind>:<id>". Directory events carry it in the envelope's
 * caseId, so it keys the Kafka message (one entity's changes stay in order) and names the entity's own audit chain.
 * Case ids are random (v4) UUIDs, so a stream id never collides with one.
 */
export function directoryStreamId(kind: DirectoryEntityKind, id: string): string {
  return uuidV5(`${kind}:${id}`, DIRECTORY_STREAM_NAMESPACE);
}

/** Fires once per change made through assignment's admin API, committed with the change (effective-dated). */
export class DirectoryChangedV1 {
  static readonly eventType = 'directory.changed';
  static readonly schemaVersion = 1;

  /** The envelope's caseId a directory event must carry (checked when it is created and when it is decoded). */
  static streamIdOf(p: DirectoryChangedV1): string {
    return directoryStreamId(p.entityKind, p.entityId);
  }

  /** The producer's own log id of the change (assignment's directory_changes.id). */
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  changeId: string;

  @IsIn(DIRECTORY_ENTITY_KINDS)
  entityKind: DirectoryEntityKind;

  /** The entity's id (a calendar day's date YYYY-MM-DD). */
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  entityId: string;

  @IsIn(DIRECTORY_OPERATIONS)
  operation: DirectoryOperation;

  /** applied: in force now; scheduled: kept until effectiveFrom begins (a future edit of a unit, staff or rule). */
  @IsIn(['applied', 'scheduled'])
  status: 'applied' | 'scheduled';

  /** The day from which the change holds (Asia/Ho_Chi_Minh). */
  @Matches(DATE, { message: 'effectiveFrom must be a date YYYY-MM-DD' })
  effectiveFrom: string;

  /** The first day the entity no longer holds after the change (a retirement, a policy's end); null: open-ended. */
  @IsOptional()
  @Matches(DATE, { message: 'effectiveTo must be a date YYYY-MM-DD' })
  effectiveTo: string | null;

  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason: string;

  /** The entity as stored before the change (column names), null when it is created. */
  @IsOptional()
  @IsObject()
  before: Record<string, unknown> | null;

  /** The entity as stored after the change, null when it is removed (a calendar day). */
  @IsOptional()
  @IsObject()
  after: Record<string, unknown> | null;
}
