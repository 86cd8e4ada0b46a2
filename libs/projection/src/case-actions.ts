import { CaseStatus } from './case-projection';

/** Handler actions on a case (each becomes one case.activity). */
export const CASE_ACTIONS = [
  'accept',
  'request_info',
  'receive_info',
  'transfer',
  'extend',
  'resolve',
  'reject',
  'file',
  'reclassify',
  'split',
  'withdraw',
  'note',
  'reassign',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

// The handling process as a state machine (shared/domain §2): which action each status allows.
const ALLOWED: Record<CaseStatus, readonly CaseAction[]> = {
  received: ['withdraw', 'note'],
  triage: ['reclassify', 'split', 'file', 'withdraw', 'note'],
  classified: ['withdraw', 'note'],
  assigned: ['accept', 'reject', 'transfer', 'file', 'request_info', 'split', 'withdraw', 'note', 'reassign'],
  accepted: ['request_info', 'extend', 'resolve', 'withdraw', 'note', 'reassign'],
  info_requested: ['receive_info', 'withdraw', 'note', 'reassign'],
  info_received: ['request_info', 'extend', 'resolve', 'withdraw', 'note', 'reassign'],
  transferred: ['note'],
  resolved: ['note'],
  rejected: ['note'],
  withdrawn: ['note'],
  filed: ['note'],
};

export function allowedActions(status: CaseStatus): readonly CaseAction[] {
  return ALLOWED[status];
}

/** The case.activity each action records. */
export const ACTIVITY_OF_ACTION: Record<CaseAction, string> = {
  accept: 'accepted',
  request_info: 'info_requested',
  receive_info: 'info_received',
  transfer: 'transferred',
  extend: 'extended',
  resolve: 'resolved',
  reject: 'rejected',
  file: 'filed',
  reclassify: 'reclassified',
  split: 'split',
  withdraw: 'withdrawn',
  note: 'note',
  reassign: 'reassigned',
};

/** Outcomes a resolution may record, by kind (LKN Art. 31, LTC Art. 35(2); answers for the others). */
export const RESOLUTION_OUTCOMES: Record<string, readonly string[]> = {
  complaint: ['upheld', 'partly_upheld', 'rejected'],
  denunciation: ['true', 'partly_true', 'false'],
  recommendation: ['answered'],
  reflection: ['answered'],
};

/** Grounds for not accepting (không thụ lý): LKN Art. 11 for complaints, LTC Art. 29(1) for denunciations. */
export const NOT_ACCEPTED_GROUNDS = [
  'not_reviewable_decision',
  'not_directly_affected',
  'no_legal_capacity',
  'unlawful_representative',
  'unsigned',
  'time_limit_expired',
  'already_decided_second_instance',
  'termination_not_followed',
  'court_accepted',
  'not_competent',
  'violator_not_identifiable',
  'wrong_form',
] as const;

/** Grounds for filing without action (lưu đơn). */
export const FILING_GROUNDS = [
  'anonymous',
  'duplicate',
  'already_guided',
  'already_resolved',
  'no_new_facts',
  'illegible',
  'sent_to_many_bodies',
] as const;

/**
 * Legal limit on deadline extensions (gia hạn) at the resolution stage: denunciations up to 2 extensions of at
 * most 30 days each (LTC Art. 30); complex complaints one extension of at most 15 days (LKN Art. 28).
 */
export const EXTENSION_LIMITS: Record<string, { maxCount: number; maxDays: number } | undefined> = {
  denunciation: { maxCount: 2, maxDays: 30 },
  complaint: { maxCount: 1, maxDays: 15 },
};
