/**
 * Kafka topic names: the only place they are spelled. Every message is keyed by the envelope's caseId: the case
 * for case topics and access.recorded, the entity's stream id for directory.changed (directoryStreamId), the
 * user's for access.revoked (userStreamId).
 */
export const Topics = {
  CaseReceived: 'case.received',
  CaseClassified: 'case.classified',
  CaseTriage: 'case.triage',
  CaseAssigned: 'case.assigned',
  CaseEscalated: 'case.escalated',
  CaseActivity: 'case.activity',
  AccessRecorded: 'access.recorded',
  AccessRevoked: 'access.revoked',
  DirectoryChanged: 'directory.changed',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

/** Every topic that carries a case's history, in pipeline order. */
export const CASE_TOPICS: readonly TopicName[] = [
  Topics.CaseReceived,
  Topics.CaseClassified,
  Topics.CaseTriage,
  Topics.CaseAssigned,
  Topics.CaseEscalated,
  Topics.CaseActivity,
];

/**
 * Everything audit keeps, for good: the case topics, the access events (views of protected data, withdrawn
 * tokens) and the org-directory changes. The services create these topics at start-up with unlimited retention.
 */
export const AUDITED_TOPICS: readonly TopicName[] = [
  ...CASE_TOPICS,
  Topics.AccessRecorded,
  Topics.AccessRevoked,
  Topics.DirectoryChanged,
];

/** Dead-letter topic for a source topic. */
export const dlqTopic = (topic: string): string => `${topic}.dlq`;

/** Default partition count; every message of a case lands on the same partition (key = caseId). */
export const DEFAULT_PARTITIONS = 6;
