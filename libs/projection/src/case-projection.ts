import {
  CaseActivityV1,
  CaseAssignedV1,
  CaseClassifiedV1,
  CaseEscalatedV1,
  CaseReceivedV1,
  CaseTriageV1,
  EventEnvelope,
} from '@lib/contracts';

/** The case statuses handlers see (shared/domain §2, simplified). */
export const CASE_STATUSES = [
  'received',
  'triage',
  'classified',
  'assigned',
  'accepted',
  'info_requested',
  'info_received',
  'resolved',
  'rejected',
  'transferred',
  'withdrawn',
  'filed',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export interface CaseState {
  caseId: string;
  trackingCode: string | null;
  status: CaseStatus;
  statusAt: string;
  channel: string | null;
  receivedAt: string | null;
  petitionerType: string | null;
  isAnonymous: boolean;
  contentExcerpt: string | null;
  kind: string | null;
  domain: string | null;
  level: string | null;
  isUrgent: boolean;
  wardCode: string | null;
  leadUnitId: string | null;
  leadUnitName: string | null;
  handlerId: string | null;
  handlerName: string | null;
  responsiblePersonId: string | null;
  dueAt: string | null;
  /** Event time of the last due date and handler change: a field set on two topics takes the newer event. */
  dueAtSetAt: string;
  handlerSetAt: string;
  /** The legal stage the due date belongs to: processing, then resolution once accepted. */
  stage: string | null;
  reassignmentCount: number;
  /** The lead unit's ancestors (nearest first): their heads see the case when it is overdue. */
  ancestorUnitIds: string[];
  extensionCount: number;
  transferCount: number;
  parentCaseId: string | null;
  escalationLevel: number;
  escalatedToUnitId: string | null;
  flags: string[];
  repeatOfCaseId: string | null;
  eventCount: number;
  lastEventAt: string;
}

export interface TimelineEntry {
  eventId: string;
  caseId: string;
  eventType: string;
  occurredAt: string;
  actorType: string;
  actorId: string;
  /** A short description for the timeline, and the reason where the step has one. */
  summary: string;
  reason: string | null;
}

const ACTIVITY_STATUS: Partial<Record<CaseActivityV1['activity'], CaseStatus>> = {
  accepted: 'accepted',
  info_requested: 'info_requested',
  info_received: 'info_received',
  resolved: 'resolved',
  rejected: 'rejected',
  transferred: 'transferred',
  withdrawn: 'withdrawn',
  filed: 'filed',
};

const PROJECTED_TYPES = new Set([
  CaseReceivedV1.eventType,
  CaseTriageV1.eventType,
  CaseClassifiedV1.eventType,
  CaseAssignedV1.eventType,
  CaseEscalatedV1.eventType,
  CaseActivityV1.eventType,
]);

export function emptyCase(caseId: string, at: string): CaseState {
  return {
    caseId,
    trackingCode: null,
    status: 'received',
    statusAt: '1970-01-01T00:00:00.000Z',
    channel: null,
    receivedAt: null,
    petitionerType: null,
    isAnonymous: false,
    contentExcerpt: null,
    kind: null,
    domain: null,
    level: null,
    isUrgent: false,
    wardCode: null,
    leadUnitId: null,
    leadUnitName: null,
    handlerId: null,
    handlerName: null,
    responsiblePersonId: null,
    dueAt: null,
    dueAtSetAt: '1970-01-01T00:00:00.000Z',
    handlerSetAt: '1970-01-01T00:00:00.000Z',
    stage: null,
    reassignmentCount: 0,
    ancestorUnitIds: [],
    extensionCount: 0,
    transferCount: 0,
    parentCaseId: null,
    escalationLevel: 0,
    escalatedToUnitId: null,
    flags: [],
    repeatOfCaseId: null,
    eventCount: 0,
    lastEventAt: at,
  };
}

// Events of one case travel on different topics, so they may arrive out of order: a status only moves
// forward in event time, and every other field is filled by the event that owns it.
function setStatus(s: CaseState, status: CaseStatus, at: string): void {
  if (at >= s.statusAt) {
    s.status = status;
    s.statusAt = at;
  }
}

function addFlags(s: CaseState, flags: string[]): string[] {
  return [...new Set([...s.flags, ...flags])].sort();
}

/**
 * Apply one event to a case's state. Pure and deterministic: casework's live projection and audit's replay
 * call the same function, so a replay equals the live view. The state passed in is never changed: the result is
 * one fresh copy, updated in place (replay folds millions of events, so copying once per event matters).
 */
export function projectCase(state: CaseState | undefined, env: EventEnvelope<object>): CaseState {
  // Only the case topics shape a case; anything else (e.g. access.recorded) leaves it untouched.
  if (!PROJECTED_TYPES.has(env.eventType)) return state ?? emptyCase(env.caseId, env.occurredAt);
  // States stored by an older version lack newer fields: fill them with their defaults.
  const s: CaseState = state
    ? Object.assign(emptyCase(env.caseId, state.lastEventAt), state)
    : emptyCase(env.caseId, env.occurredAt);
  return applyCaseEvent(s, env);
}

/**
 * `projectCase` for a fold that owns its state (audit's replay): the event is applied to `state` itself, which
 * must be a state this module made, never one read back from storage (those may lack newer fields). Returns the
 * state to carry on with, the same object unless `state` was undefined.
 */
export function projectCaseInPlace(state: CaseState | undefined, env: EventEnvelope<object>): CaseState {
  if (!state) return projectCase(undefined, env);
  if (!PROJECTED_TYPES.has(env.eventType)) return state;
  return applyCaseEvent(state, env);
}

function applyCaseEvent(s: CaseState, env: EventEnvelope<object>): CaseState {
  s.eventCount += 1;
  if (env.occurredAt > s.lastEventAt) s.lastEventAt = env.occurredAt;
  const at = env.occurredAt;
  switch (env.eventType) {
    case CaseReceivedV1.eventType: {
      const p = env.payload as CaseReceivedV1;
      s.trackingCode = p.trackingCode;
      s.channel = p.channel;
      s.receivedAt = p.receivedAt;
      s.petitionerType = p.petitioner.type;
      s.isAnonymous = p.isAnonymous;
      s.contentExcerpt = p.content.slice(0, 300);
      s.wardCode = s.wardCode ?? p.wardCode ?? null;
      s.repeatOfCaseId = p.repeatOfCaseId ?? null;
      s.flags = addFlags(s, [
        ...(p.isAnonymous ? ['anonymous'] : []),
        ...(p.repeatOfCaseId ? ['repeat'] : []),
        ...(p.petitioner.type === 'collective' ? ['collective'] : []),
      ]);
      setStatus(s, 'received', at);
      return s;
    }
    case CaseTriageV1.eventType: {
      const p = env.payload as CaseTriageV1;
      s.kind = s.kind ?? p.suggestedKind ?? null;
      s.domain = s.domain ?? p.suggestedDomain ?? null;
      setStatus(s, 'triage', at);
      return s;
    }
    case CaseClassifiedV1.eventType: {
      const p = env.payload as CaseClassifiedV1;
      s.kind = p.kind;
      s.domain = p.domain;
      s.level = p.level;
      s.isUrgent = p.isUrgent;
      s.wardCode = p.wardCode ?? s.wardCode;
      s.trackingCode = s.trackingCode ?? p.trackingCode ?? null;
      s.flags = addFlags(s, [
        ...(p.isUrgent ? ['urgent'] : []),
        ...(p.secondaryKinds?.length ? ['mixed'] : []),
      ]);
      setStatus(s, 'classified', at);
      return s;
    }
    case CaseAssignedV1.eventType: {
      const p = env.payload as CaseAssignedV1;
      s.leadUnitId = p.leadUnitId;
      s.leadUnitName = p.leadUnitName;
      if (at >= s.handlerSetAt) {
        s.handlerId = p.handlerId;
        s.handlerName = p.handlerName;
        s.handlerSetAt = at;
      }
      s.responsiblePersonId = p.responsiblePersonId;
      if (at >= s.dueAtSetAt) {
        s.dueAt = p.dueAt;
        s.dueAtSetAt = at;
      }
      s.stage = p.stage;
      if (p.escalationChain) s.ancestorUnitIds = p.escalationChain.map((r) => r.unitId);
      s.reassignmentCount = Math.max(s.reassignmentCount, p.reassignmentCount);
      s.flags = addFlags(s, p.flags);
      // A later stage's deadline (resolution after acceptance) moves the due date, not the status.
      if (p.stage === 'processing') setStatus(s, 'assigned', at);
      return s;
    }
    case CaseEscalatedV1.eventType: {
      const p = env.payload as CaseEscalatedV1;
      if (p.step !== 'escalated' && p.step !== 'overdue') return s;
      const level = p.step === 'escalated' ? p.levelReached : Math.max(s.escalationLevel, 0);
      // Compared with the level before this event.
      if (p.step === 'escalated' && p.levelReached >= s.escalationLevel) s.escalatedToUnitId = p.targetUnitId;
      s.escalationLevel = Math.max(s.escalationLevel, level);
      s.flags = addFlags(s, ['overdue']);
      return s;
    }
    case CaseActivityV1.eventType: {
      const p = env.payload as CaseActivityV1;
      if (p.activity === 'extended' && typeof p.details?.newDueAt === 'string') {
        s.extensionCount += 1;
        if (at >= s.dueAtSetAt) {
          s.dueAt = p.details.newDueAt;
          s.dueAtSetAt = at;
        }
      }
      if (p.activity === 'transferred') s.transferCount += 1;
      if (p.activity === 'reassigned' && typeof p.details?.handlerId === 'string' && at >= s.handlerSetAt) {
        s.handlerId = p.details.handlerId;
        s.handlerName = (p.details.handlerName as string) ?? s.handlerName;
        s.handlerSetAt = at;
      }
      if (p.activity === 'split' && typeof p.details?.parentCaseId === 'string') {
        s.parentCaseId = p.details.parentCaseId;
      }
      const status = ACTIVITY_STATUS[p.activity];
      if (status) setStatus(s, status, at);
      return s;
    }
    default:
      return s;
  }
}

const SUMMARY: Record<string, string> = {
  'case.received': 'Tiếp nhận đơn',
  'case.triage': 'Chuyển phân loại thủ công',
  'case.classified': 'Phân loại đơn',
  'case.assigned': 'Giao đơn vị chủ trì',
  'case.escalated': 'Cảnh báo / báo cáo cấp trên',
  'case.activity': 'Xử lý',
};

/** One timeline line per event, with actor, time and reason. */
export function timelineEntry(env: EventEnvelope<object>): TimelineEntry {
  const p = env.payload as Record<string, any>;
  let summary = SUMMARY[env.eventType] ?? env.eventType;
  let reason: string | null = null;
  if (env.eventType === 'case.classified') summary += `: ${p.kind} / ${p.domain} / ${p.level}`;
  if (env.eventType === 'case.assigned') {
    summary += `: ${p.leadUnitName}, hạn ${p.dueAt}`;
    reason = p.reason;
  }
  if (env.eventType === 'case.triage') reason = p.reason;
  if (env.eventType === 'case.escalated') {
    summary += `: ${p.step} → ${p.targetUnitId}`;
    reason = p.reason;
  }
  if (env.eventType === 'case.activity') {
    summary = `${summary}: ${p.activity}`;
    reason = p.reason ?? null;
  }
  return {
    eventId: env.eventId,
    caseId: env.caseId,
    eventType: env.eventType,
    occurredAt: env.occurredAt,
    actorType: env.actor.type,
    actorId: env.actor.id,
    summary,
    reason,
  };
}
