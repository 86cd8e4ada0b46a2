import { AccessRecordedV1 } from './events/access-recorded/access-recorded.v1';
import { AccessRevokedV1 } from './events/access-revoked/access-revoked.v1';
import { CaseActivityV1 } from './events/case-activity/case-activity.v1';
import { CaseAssignedV1 } from './events/case-assigned/case-assigned.v1';
import { CaseClassifiedV1 } from './events/case-classified/case-classified.v1';
import { CaseEscalatedV1 } from './events/case-escalated/case-escalated.v1';
import { CaseReceivedV1 } from './events/case-received/case-received.v1';
import { CaseTriageV1 } from './events/case-triage/case-triage.v1';
import { DirectoryChangedV1 } from './events/directory-changed/directory-changed.v1';
import { Topics, TopicName } from './topics';

/** A payload class carries its event type and schema version as statics. */
export interface PayloadClass<T = object> {
  new (): T;
  readonly eventType: string;
  readonly schemaVersion: number;
  /**
   * For events about no case: the envelope caseId (message key and audit chain) the payload determines. Set, it
   * is filled in by createEnvelope and checked by createEnvelope and decodeEvent.
   */
  streamIdOf?(payload: T): string;
}

export const PAYLOAD_CLASSES: readonly PayloadClass[] = [
  CaseReceivedV1,
  CaseClassifiedV1,
  CaseTriageV1,
  CaseAssignedV1,
  CaseEscalatedV1,
  CaseActivityV1,
  AccessRecordedV1,
  AccessRevokedV1,
  DirectoryChangedV1,
];

/** Which topic each event type is published on. */
export const TOPIC_OF_EVENT: Record<string, TopicName> = {
  [CaseReceivedV1.eventType]: Topics.CaseReceived,
  [CaseClassifiedV1.eventType]: Topics.CaseClassified,
  [CaseTriageV1.eventType]: Topics.CaseTriage,
  [CaseAssignedV1.eventType]: Topics.CaseAssigned,
  [CaseEscalatedV1.eventType]: Topics.CaseEscalated,
  [CaseActivityV1.eventType]: Topics.CaseActivity,
  [AccessRecordedV1.eventType]: Topics.AccessRecorded,
  [AccessRevokedV1.eventType]: Topics.AccessRevoked,
  [DirectoryChangedV1.eventType]: Topics.DirectoryChanged,
};

const byKey = new Map(PAYLOAD_CLASSES.map((c) => [`${c.eventType}@${c.schemaVersion}`, c]));

export function payloadClassFor(eventType: string, schemaVersion: number): PayloadClass | undefined {
  return byKey.get(`${eventType}@${schemaVersion}`);
}
