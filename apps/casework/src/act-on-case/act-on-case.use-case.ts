import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  CaseActivityV1,
  CaseClassifiedV1,
  CaseReceivedV1,
  createEnvelope,
  EventActor,
  EventEnvelope,
} from '@lib/contracts';
import { Clock, newTrackingCode } from '@lib/domain';
import { addToOutbox, claimEvent, OutboxRelay } from '@lib/messaging';
import {
  ACTIVITY_OF_ACTION,
  allowedActions,
  CaseAction,
  CaseState,
  EXTENSION_LIMITS,
  FILING_GROUNDS,
  NOT_ACCEPTED_GROUNDS,
  RESOLUTION_OUTCOMES,
} from '@lib/projection';
import {
  ActionConflictError,
  ActionValidationError,
  CaseNotFoundError,
  ForbiddenActionError,
  InvalidTransitionError,
} from '../domain/casework.errors';
import { canActOn, canSeeCase, Viewer } from '../domain/viewer';
import { CaseReadModelEntity } from '../infrastructure/case-read-model.entity';
import { CASEWORK_CONSUMER, ProjectCaseUseCase } from '../project-case/project-case.use-case';
import { CaseActionDto } from './case-action.dto';

type Fields = { field: string; reason: string }[];
const need = (ok: boolean, field: string, reason: string, out: Fields) => {
  if (!ok) out.push({ field, reason });
};
const DAY_MS = 86400000;

/**
 * One handler action: checked against the state machine and the viewer's rights, recorded as case.activity
 * through the outbox, and projected at once in the same transaction (the consumer later skips it via the inbox).
 */
@Injectable()
export class ActOnCaseUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
    private readonly projector: ProjectCaseUseCase,
  ) {}

  async execute(viewer: Viewer, caseId: string, action: CaseAction, dto: CaseActionDto): Promise<CaseState> {
    const now = this.clock.now();
    const state = await this.dataSource.transaction(async (m) => {
      const row = await m.findOne(CaseReadModelEntity, {
        where: { caseId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row || !canSeeCase(viewer, row.state, now)) throw new CaseNotFoundError();
      const s = row.state;
      if (!canActOn(viewer, s)) throw new ForbiddenActionError();
      const allowed = allowedActions(s.status);
      if (!allowed.includes(action)) throw new InvalidTransitionError(action, s.status, allowed);
      const details = await this.validate(m, viewer, s, action, dto, now);
      const actor: EventActor = { type: 'user', id: viewer.userId, role: viewer.role };
      const activity = createEnvelope({
        payloadClass: CaseActivityV1,
        payload: {
          activity: ACTIVITY_OF_ACTION[action] as CaseActivityV1['activity'],
          reason: dto.reason ?? dto.text ?? dto.decisionText,
          details,
        },
        caseId,
        producer: 'casework',
        actor,
        occurredAt: now,
        correlationId: caseId,
      });
      const events: EventEnvelope<object>[] = [activity];
      if (action === 'split') events.push(...(await this.childCases(m, s, dto, actor, activity, now)));
      await addToOutbox(m, events);
      // Read-your-writes: project our own event now and mark it applied for the consumer.
      await claimEvent(m, CASEWORK_CONSUMER, activity.eventId);
      await this.projector.apply(m, activity);
      const after = await m.findOneOrFail(CaseReadModelEntity, { where: { caseId } });
      return after.state;
    });
    this.relay.wake();
    return state;
  }

  private async validate(
    m: EntityManager,
    viewer: Viewer,
    s: CaseState,
    action: CaseAction,
    dto: CaseActionDto,
    now: Date,
  ): Promise<Record<string, unknown>> {
    const f: Fields = [];
    const reasonNeeded = ['request_info', 'transfer', 'extend', 'reject', 'withdraw', 'file'].includes(
      action,
    );
    if (reasonNeeded)
      need(Boolean(dto.reason && dto.reason.length >= 5), 'reason', 'reason (≥ 5 characters) is required', f);
    switch (action) {
      case 'transfer':
        need(Boolean(dto.targetUnitId), 'targetUnitId', 'targetUnitId is required', f);
        need(dto.targetUnitId !== s.leadUnitId, 'targetUnitId', 'must differ from the current lead unit', f);
        if (!f.length && s.transferCount >= 1) {
          // TT05 Art. 14(1): the same content is transferred only once.
          throw new ActionConflictError('Đơn có cùng nội dung chỉ được chuyển một lần');
        }
        if (f.length) break;
        return { targetUnitId: dto.targetUnitId, fromUnitId: s.leadUnitId };
      case 'extend': {
        need(Number.isInteger(dto.days), 'days', 'days (whole number) is required', f);
        const limit = s.kind ? EXTENSION_LIMITS[s.kind] : undefined;
        if (f.length) break;
        if (!limit || s.stage !== 'resolution') {
          throw new ActionConflictError('Loại đơn hoặc giai đoạn này không được gia hạn theo quy định');
        }
        if (s.extensionCount >= limit.maxCount) {
          throw new ActionConflictError(`Đã gia hạn tối đa ${limit.maxCount} lần`);
        }
        need(dto.days! <= limit.maxDays, 'days', `an extension is at most ${limit.maxDays} days`, f);
        if (f.length) break;
        const base = s.dueAt ? new Date(s.dueAt) : now;
        return {
          days: dto.days,
          previousDueAt: s.dueAt,
          newDueAt: new Date(base.getTime() + dto.days! * DAY_MS).toISOString(),
          stage: s.stage,
        };
      }
      case 'resolve': {
        const outcomes = RESOLUTION_OUTCOMES[s.kind ?? ''] ?? [];
        need(
          Boolean(dto.outcome && outcomes.includes(dto.outcome)),
          'outcome',
          `outcome must be one of: ${outcomes.join(', ')}`,
          f,
        );
        need(
          Boolean(dto.decisionText && dto.decisionText.length >= 10),
          'decisionText',
          'decisionText (≥ 10 characters) is required',
          f,
        );
        if (f.length) break;
        return { outcome: dto.outcome, decisionText: dto.decisionText };
      }
      case 'reject':
        need(
          Boolean(dto.ground && (NOT_ACCEPTED_GROUNDS as readonly string[]).includes(dto.ground)),
          'ground',
          `ground must be one of: ${NOT_ACCEPTED_GROUNDS.join(', ')}`,
          f,
        );
        if (f.length) break;
        return { ground: dto.ground };
      case 'file':
        need(
          Boolean(dto.ground && (FILING_GROUNDS as readonly string[]).includes(dto.ground)),
          'ground',
          `ground must be one of: ${FILING_GROUNDS.join(', ')}`,
          f,
        );
        if (f.length) break;
        return { ground: dto.ground };
      case 'reclassify':
        need(Boolean(dto.kind), 'kind', 'kind is required', f);
        need(Boolean(dto.domain), 'domain', 'domain is required', f);
        if (f.length) break;
        return {
          kind: dto.kind,
          domain: dto.domain,
          level: dto.level ?? 'commune',
          wardCode: s.wardCode ?? undefined,
        };
      case 'split':
        need(Boolean(dto.parts && dto.parts.length >= 2), 'parts', 'a split needs at least two parts', f);
        if (f.length) break;
        return { parts: dto.parts!.map((p) => ({ kind: p.kind, domain: p.domain })) };
      case 'note':
        need(Boolean(dto.text && dto.text.length >= 1), 'text', 'text is required', f);
        if (f.length) break;
        return {};
      case 'reassign': {
        if (viewer.role !== 'unit_head' || viewer.unitId !== s.leadUnitId) {
          throw new ForbiddenActionError('Chỉ người đứng đầu đơn vị được giao lại cho cán bộ khác');
        }
        need(Boolean(dto.handlerId), 'handlerId', 'handlerId is required', f);
        if (f.length) break;
        const [target] = await m.query(
          `SELECT staff_id, full_name FROM users WHERE staff_id = $1 AND unit_id = $2 AND role = 'handler' AND is_active`,
          [dto.handlerId, s.leadUnitId],
        );
        need(Boolean(target), 'handlerId', 'must be an active handler of the lead unit', f);
        if (f.length) break;
        return { handlerId: target.staff_id, handlerName: target.full_name, previousHandlerId: s.handlerId };
      }
      default:
        break;
    }
    if (f.length) throw new ActionValidationError(f);
    return {};
  }

  /** Split a mixed petition: one linked child case per part, classified by the handler and routed as usual. */
  private async childCases(
    m: EntityManager,
    parent: CaseState,
    dto: CaseActionDto,
    actor: EventActor,
    cause: EventEnvelope<object>,
    now: Date,
  ): Promise<EventEnvelope<object>[]> {
    const [p] = await m.query(`SELECT * FROM case_petitioners WHERE case_id = $1`, [parent.caseId]);
    const events: EventEnvelope<object>[] = [];
    const childIds: string[] = [];
    for (const part of dto.parts ?? []) {
      const childId = randomUUID();
      childIds.push(childId);
      const common = {
        caseId: childId,
        producer: 'casework',
        actor,
        occurredAt: now,
        correlationId: cause.correlationId,
        causationId: cause.eventId,
      };
      const received = createEnvelope({
        ...common,
        payloadClass: CaseReceivedV1,
        payload: {
          trackingCode: newTrackingCode(now),
          channel: (parent.channel ?? 'in_person') as CaseReceivedV1['channel'],
          receivedAt: parent.receivedAt ?? now.toISOString(),
          petitioner: {
            type: (p?.type ?? parent.petitionerType ?? 'anonymous') as CaseReceivedV1['petitioner']['type'],
            fullName: p?.full_name ?? undefined,
            nationalId: p?.national_id ?? undefined,
            phone: p?.phone ?? undefined,
            address: p?.address ?? undefined,
            organisationName: p?.organisation_name ?? undefined,
            signatoryCount: p?.signatory_count ?? undefined,
          },
          content: part.passage,
          wardCode: parent.wardCode ?? undefined,
          isAnonymous: parent.isAnonymous,
          repeatOfCaseId: undefined,
        },
      });
      const classified = createEnvelope({
        ...common,
        payloadClass: CaseClassifiedV1,
        causationId: received.eventId,
        payload: {
          kind: part.kind,
          domain: part.domain,
          level: part.level ?? 'commune',
          isUrgent: parent.isUrgent,
          wardCode: parent.wardCode ?? undefined,
          secondaryKinds: [],
          confidence: { kind: 1, domain: 1, level: 1 },
          explanation: [`split from ${parent.trackingCode ?? parent.caseId} by ${actor.id}`],
          modelVersion: 'manual',
          isManual: true,
          isAnonymous: parent.isAnonymous,
          receivedAt: parent.receivedAt ?? now.toISOString(),
          trackingCode: (received.payload as CaseReceivedV1).trackingCode,
        },
      });
      const link = createEnvelope({
        ...common,
        payloadClass: CaseActivityV1,
        payload: {
          activity: 'split',
          reason: `tách từ đơn ${parent.trackingCode ?? parent.caseId}`,
          details: { parentCaseId: parent.caseId },
        },
      });
      events.push(received, classified, link);
    }
    (cause.payload as CaseActivityV1).details = {
      ...((cause.payload as CaseActivityV1).details ?? {}),
      childCaseIds: childIds,
    };
    return events;
  }
}
