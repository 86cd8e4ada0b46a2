import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { CaseActivityV1, CaseDomain, CaseKind, CompetentLevel, EventEnvelope, Topics } from '@lib/contracts';
import { applyOnce } from '@lib/messaging';
import { AssignmentEntity } from '../infrastructure/assignment.entity';
import { SubmissionLevel } from '../domain/route-case';
import { AssignCaseUseCase } from './assign-case.use-case';
import { StartStageUseCase } from './start-stage.use-case';
import { ASSIGNMENT_CONSUMER } from './case-classified.consumer';

const CLOSING = new Set(['resolved', 'rejected', 'filed', 'withdrawn']);

/** Keeps handler workloads current and re-routes a case a unit declined or transferred. */
@Controller()
export class CaseActivityConsumer {
  constructor(
    private readonly assignCase: AssignCaseUseCase,
    private readonly startStage: StartStageUseCase,
    private readonly dataSource: DataSource,
  ) {}

  @EventPattern(Topics.CaseActivity)
  async handle(@Payload() event: EventEnvelope<CaseActivityV1>): Promise<void> {
    const { activity, details, reason } = event.payload;
    if (!CLOSING.has(activity) && !['declined', 'transferred', 'accepted'].includes(activity)) return;
    const applied = await applyOnce(this.dataSource, ASSIGNMENT_CONSUMER, event.eventId, async (m) => {
      const a = await m.findOne(AssignmentEntity, { where: { caseId: event.caseId } });
      if (!a) return; // never assigned here (e.g. withdrawn in triage)
      if (CLOSING.has(activity)) {
        await m.update(AssignmentEntity, { caseId: event.caseId }, { isOpen: false });
        return;
      }
      if (activity === 'accepted') {
        // Thụ lý: the resolution clock starts from the acceptance, under the kind's resolution policy.
        // details.instance (2 = second complaint) and details.isComplex pick the policy row when casework sends them.
        await this.startStage.execute(m, a, 'resolution', new Date(event.occurredAt), event, {
          instance: details?.instance === 2 ? 2 : undefined,
          complexity: details?.isComplex === true ? 'complex' : undefined,
        });
        return;
      }
      await this.assignCase.execute(m, {
        caseId: a.caseId,
        kind: a.kind as CaseKind,
        domain: a.domain as CaseDomain,
        level: a.level as CompetentLevel,
        wardCode: a.wardCode ?? undefined,
        areaUnitId: a.areaUnitId ?? undefined,
        submittedToLevel: (a.submittedToLevel ?? undefined) as SubmissionLevel | undefined,
        receivedAt: a.receivedAt,
        // Routing recomputes its own flags; a declined case may only go where the decline rule allows.
        flags: activity === 'declined' ? [...a.inputFlags, 'declined'] : a.inputFlags,
        excludeUnitIds: activity === 'declined' ? [a.leadUnitId] : [],
        forcedUnitId: activity === 'transferred' ? (details?.targetUnitId as string | undefined) : undefined,
        reason: `${activity === 'declined' ? 'đơn vị từ chối' : 'chuyển đơn'}: ${reason ?? ''}`.trim(),
        actor: event.actor,
        correlationId: event.correlationId,
        causationId: event.eventId,
      });
    });
    if (applied) this.assignCase.wake();
  }
}
