/** Kafka topic names: the only place they are spelled. Every case topic is keyed by caseId. */
export const Topics = {
  CaseReceived: 'case.received',
  CaseClassified: 'case.classified',
  CaseTriage: 'case.triage',
  CaseAssigned: 'case.assigned',
  CaseEscalated: 'case.escalated',
  CaseActivity: 'case.activity',
  AccessRecorded: 'access.recorded',
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

/** Everything audit keeps: the case topics and the access events (views of protected data). */
export const AUDITED_TOPICS: readonly TopicName[] = [...CASE_TOPICS, Topics.AccessRecorded];

/** Dead-letter topic for a source topic. */
export const dlqTopic = (topic: string): string => `${topic}.dlq`;

/** Default partition count; every message of a case lands on the same partition (key = caseId). */
export const DEFAULT_PARTITIONS = 6;
