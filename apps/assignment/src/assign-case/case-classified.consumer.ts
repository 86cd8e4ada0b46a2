import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { CaseClassifiedV1, EventEnvelope, Topics } from '@lib/contracts';
import { applyOnce } from '@lib/messaging';
import { AssignCaseUseCase } from './assign-case.use-case';

export const ASSIGNMENT_CONSUMER = 'assignment';

@Controller()
export class CaseClassifiedConsumer {
  constructor(
    private readonly assignCase: AssignCaseUseCase,
    private readonly dataSource: DataSource,
  ) {}

  @EventPattern(Topics.CaseClassified)
  async handle(@Payload() event: EventEnvelope<CaseClassifiedV1>): Promise<void> {
    const p = event.payload;
    const flags = [
      ...(p.isUrgent ? ['urgent'] : []),
      ...(p.isAnonymous ? ['anonymous'] : []),
      ...(p.secondaryKinds?.length ? ['mixed'] : []),
    ];
    const applied = await applyOnce(this.dataSource, ASSIGNMENT_CONSUMER, event.eventId, (m) =>
      this.assignCase.execute(m, {
        caseId: event.caseId,
        trackingCode: p.trackingCode,
        kind: p.kind,
        domain: p.domain,
        level: p.level,
        wardCode: p.wardCode,
        submittedToLevel: p.submittedToLevel,
        receivedAt: new Date(p.receivedAt ?? event.occurredAt),
        flags,
        excludeUnitIds: [],
        reason: p.isManual ? 'phân loại lại thủ công' : undefined,
        actor: { type: 'system', id: 'assignment' },
        correlationId: event.correlationId,
        causationId: event.eventId,
      }),
    );
    if (applied) this.assignCase.wake();
  }
}
