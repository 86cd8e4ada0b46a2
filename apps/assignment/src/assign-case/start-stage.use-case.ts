import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CaseAssignedV1, CaseKind, createEnvelope, EventEnvelope } from '@lib/contracts';
import { Clock, toVietnamDate } from '@lib/domain';
import { addToOutbox } from '@lib/messaging';
import { dueAt, policyFor } from '../domain/deadline';
import { Complexity } from '../domain/directory';
import { policyFlags } from './assign-case.use-case';
import { DirectoryRepository } from '../directory/directory.repository';
import { AssignmentEntity } from '../infrastructure/assignment.entity';

/**
 * Start the next legal stage of an assigned case (e.g. resolution after acceptance): same lead unit and handler,
 * a new deadline from the stage's policy, announced with case.assigned for that stage. Recommendations and
 * reflections have no statutory resolution limit: their city policy applies and the case is flagged
 * city_policy_deadline. A kind with no policy for the stage gets no new deadline.
 */
@Injectable()
export class StartStageUseCase {
  constructor(
    private readonly directories: DirectoryRepository,
    private readonly clock: Clock,
  ) {}

  async execute(
    m: EntityManager,
    a: AssignmentEntity,
    stage: 'acceptance' | 'resolution',
    from: Date,
    cause: EventEnvelope<object>,
    facts: { instance?: number; complexity?: Complexity } = {},
  ): Promise<boolean> {
    const { directory, calendar } = await this.directories.snapshot();
    const instance = facts.instance ?? a.instance ?? 1;
    const complexity = facts.complexity ?? (a.complexity as Complexity) ?? 'normal';
    const policy = policyFor(directory.policies, {
      kind: a.kind as CaseKind,
      stage,
      on: toVietnamDate(from),
      instance,
      complexity,
      area: directory.isRemote(a.leadUnitId) ? 'remote' : 'normal',
    });
    // Only a policy of the kind itself starts a stage: the general processing rows say nothing about resolution.
    if (!policy || policy.kind === null) return false;
    const due = dueAt(calendar, policy, from);
    const flags = policyFlags(a.flags, policy);
    await m.update(
      AssignmentEntity,
      { caseId: a.caseId },
      { stage, policyId: policy.id, dueAt: due, instance, complexity, flags },
    );
    const unit = directory.unit(a.leadUnitId);
    const handler = directory.staffOf(a.leadUnitId).find((s) => s.id === a.handlerId);
    const chain = [];
    for (let u = directory.parentOf(a.leadUnitId); u && chain.length < 20; u = directory.parentOf(u.id)) {
      chain.push({ unitId: u.id, unitName: u.name, level: u.level, headStaffId: u.headStaffId ?? undefined });
    }
    await addToOutbox(m, [
      createEnvelope({
        payloadClass: CaseAssignedV1,
        payload: {
          leadUnitId: a.leadUnitId,
          leadUnitName: unit?.name ?? a.leadUnitId,
          coordinatingUnitIds: a.coordinatingUnitIds,
          handlerId: a.handlerId,
          handlerName: handler?.fullName ?? a.handlerId,
          responsiblePersonId: a.responsiblePersonId,
          ruleId: a.ruleId,
          reason: `Bắt đầu giai đoạn ${stage === 'resolution' ? 'giải quyết' : 'thụ lý'}: ${policy.legalBasis}`,
          stage,
          dueAt: due.toISOString(),
          slaWorkingDays: policy.unit === 'working_days' ? policy.amount : 0,
          policyId: policy.id,
          reassignmentCount: a.reassignmentCount,
          flags,
          legalBasis: policy.legalBasis,
          escalationChain: chain,
        },
        caseId: a.caseId,
        producer: 'assignment',
        actor: { type: 'system', id: 'assignment' },
        occurredAt: this.clock.now(),
        correlationId: cause.correlationId,
        causationId: cause.eventId,
      }),
    ]);
    return true;
  }
}
