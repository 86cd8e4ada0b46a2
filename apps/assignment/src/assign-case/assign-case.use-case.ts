import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  CaseAssignedV1,
  CaseDomain,
  CaseKind,
  CompetentLevel,
  createEnvelope,
  EscalationRungV1,
  EventActor,
} from '@lib/contracts';
import { Directory } from '../domain/directory';
import { Clock, DomainError } from '@lib/domain';
import { addToOutbox, OutboxRelay } from '@lib/messaging';
import { dueAt, policyFor } from '../domain/deadline';
import { pickHandler, routeCase } from '../domain/route-case';
import { DirectoryRepository } from '../directory/directory.repository';
import { AssignmentEntity } from '../infrastructure/assignment.entity';

export interface AssignCaseCommand {
  caseId: string;
  trackingCode?: string;
  kind: CaseKind;
  domain: CaseDomain;
  level: CompetentLevel;
  wardCode?: string;
  receivedAt: Date;
  flags: string[];
  /** Units that declined the case, never chosen again. */
  excludeUnitIds: string[];
  /** Set when a handler or unit forces the lead unit (transfer). */
  forcedUnitId?: string;
  reason?: string;
  actor: EventActor;
  correlationId: string;
  causationId: string;
}

/** Route a case to one lead unit, pick its handler, set the processing deadline, and emit case.assigned. */
@Injectable()
export class AssignCaseUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directories: DirectoryRepository,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
  ) {}

  /** Runs inside the caller's transaction (the inbox claim is part of it). */
  async execute(m: EntityManager, cmd: AssignCaseCommand): Promise<void> {
    const { directory, calendar } = await this.directories.snapshot();
    const previous = await m.findOne(AssignmentEntity, {
      where: { caseId: cmd.caseId },
      lock: { mode: 'pessimistic_write' },
    });
    const excluded = [...new Set([...(previous?.declinedUnitIds ?? []), ...cmd.excludeUnitIds])];
    const decision = cmd.forcedUnitId
      ? (() => {
          const unit = directory.unit(cmd.forcedUnitId);
          if (!unit)
            throw new DomainError('ASSIGNMENT.UNKNOWN_UNIT', `unit ${cmd.forcedUnitId} does not exist`);
          return {
            leadUnit: unit,
            coordinatingUnitIds: [],
            rule: { id: 'manual-transfer' },
            reason: cmd.reason ?? '',
            flags: cmd.flags,
          };
        })()
      : routeCase(directory, { ...cmd, excludedUnitIds: excluded });

    const open: { handler_id: string; n: string }[] = await m.query(
      `SELECT handler_id, count(*) AS n FROM assignments WHERE is_open AND lead_unit_id = $1 GROUP BY handler_id`,
      [decision.leadUnit.id],
    );
    const handler = pickHandler(
      directory,
      decision.leadUnit,
      cmd.domain,
      new Map(open.map((r) => [r.handler_id, Number(r.n)])),
    );
    const responsible = decision.leadUnit.headStaffId ?? handler?.id;
    if (!handler || !responsible) {
      throw new DomainError('ASSIGNMENT.NO_ELIGIBLE_HANDLER', `unit ${decision.leadUnit.id} has no staff`);
    }
    const policy = policyFor(directory.policies, cmd.kind, 'processing');
    if (!policy) throw new DomainError('ASSIGNMENT.NO_POLICY', `no processing policy for ${cmd.kind}`);
    const now = this.clock.now();
    const due = dueAt(calendar, policy, cmd.receivedAt);
    const reassignmentCount = previous ? previous.reassignmentCount + 1 : 0;
    const reason = cmd.reason ? `${decision.reason} — ${cmd.reason}` : decision.reason;

    await m.save(AssignmentEntity, {
      caseId: cmd.caseId,
      trackingCode: cmd.trackingCode ?? previous?.trackingCode ?? null,
      kind: cmd.kind,
      domain: cmd.domain,
      level: cmd.level,
      wardCode: cmd.wardCode ?? null,
      leadUnitId: decision.leadUnit.id,
      coordinatingUnitIds: decision.coordinatingUnitIds,
      handlerId: handler.id,
      responsiblePersonId: responsible,
      ruleId: decision.rule.id,
      reason,
      flags: decision.flags,
      stage: 'processing',
      policyId: policy.id,
      receivedAt: cmd.receivedAt,
      dueAt: due,
      reassignmentCount,
      declinedUnitIds: excluded,
      isOpen: true,
      assignedAt: now,
    });
    await addToOutbox(m, [
      createEnvelope({
        payloadClass: CaseAssignedV1,
        payload: {
          leadUnitId: decision.leadUnit.id,
          leadUnitName: decision.leadUnit.name,
          coordinatingUnitIds: decision.coordinatingUnitIds,
          handlerId: handler.id,
          handlerName: handler.fullName,
          responsiblePersonId: responsible,
          ruleId: decision.rule.id,
          reason,
          stage: 'processing',
          dueAt: due.toISOString(),
          slaWorkingDays: policy.unit === 'working_days' ? policy.amount : 0,
          policyId: policy.id,
          reassignmentCount,
          flags: decision.flags,
          previousUnitId: previous?.leadUnitId,
          legalBasis: policy.legalBasis,
          escalationChain: this.chainAbove(directory, decision.leadUnit.id),
        },
        caseId: cmd.caseId,
        producer: 'assignment',
        actor: cmd.actor,
        occurredAt: now,
        correlationId: cmd.correlationId,
        causationId: cmd.causationId,
      }),
    ]);
  }

  private chainAbove(directory: Directory, unitId: string): EscalationRungV1[] {
    const chain: EscalationRungV1[] = [];
    for (let u = directory.parentOf(unitId); u; u = directory.parentOf(u.id)) {
      chain.push({ unitId: u.id, unitName: u.name, level: u.level, headStaffId: u.headStaffId ?? undefined });
      if (chain.length > 20) break; // a cycle in edited data must not hang routing
    }
    return chain;
  }

  wake(): void {
    this.relay.wake();
  }
}
