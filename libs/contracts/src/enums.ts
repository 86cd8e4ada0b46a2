/** How a petition reached the city. */
export const CHANNELS = [
  'in_person',
  'post',
  'online',
  'hotline',
  'email',
  'dialogue_conference',
  'transferred',
  'press',
] as const;
export type Channel = (typeof CHANNELS)[number];

/** khiếu nại, tố cáo, kiến nghị, phản ánh. */
export const CASE_KINDS = ['complaint', 'denunciation', 'recommendation', 'reflection'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

/** The 13 routing domains of the taxonomy (shared/domain §8). */
export const CASE_DOMAINS = [
  'land',
  'compensation',
  'construction',
  'apartment',
  'environment',
  'fire_safety',
  'traffic_infrastructure',
  'public_order',
  'corruption',
  'admin_procedure',
  'social_policy',
  'health_education_culture',
  'other',
] as const;
export type CaseDomain = (typeof CASE_DOMAINS)[number];

export const COMPETENT_LEVELS = ['commune', 'district', 'city'] as const;
export type CompetentLevel = (typeof COMPETENT_LEVELS)[number];

/** The level a petition was addressed to (a petition to a higher level about a lower one is vượt cấp). */
export const SUBMISSION_LEVELS = ['commune', 'district', 'city', 'central'] as const;
export type SubmissionLevel = (typeof SUBMISSION_LEVELS)[number];

export const PETITIONER_TYPES = ['individual', 'collective', 'organisation', 'anonymous'] as const;
export type PetitionerType = (typeof PETITIONER_TYPES)[number];

/** Deadline stages a timer can track. */
export const DEADLINE_STAGES = ['processing', 'acceptance', 'resolution'] as const;
export type DeadlineStage = (typeof DEADLINE_STAGES)[number];

export const ESCALATION_STEPS = ['warning', 'overdue', 'escalated'] as const;
export type EscalationStep = (typeof ESCALATION_STEPS)[number];

/** Handler actions and system activities carried by case.activity. */
export const ACTIVITY_TYPES = [
  'accepted',
  'info_requested',
  'info_received',
  'transferred',
  'extended',
  'resolved',
  'rejected',
  'filed',
  'reclassified',
  'split',
  'withdrawn',
  'note',
  'reassigned',
  'declined',
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export const ACTOR_TYPES = ['system', 'user'] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];
