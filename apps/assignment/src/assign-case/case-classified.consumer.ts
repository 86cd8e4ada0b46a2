import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { CaseClassifiedV1, EventEnvelope, Topics } from '@lib/contracts';
import { applyBatchOnce, BATCH } from '@lib/messaging';
import { AssignCaseCommand, AssignCaseUseCase } from './assign-case.use-case';

export const ASSIGNMENT_CONSUMER = 'assignment';

@Controller()
export class CaseClassifiedConsumer {
  constructor(
    private readonly assignCase: AssignCaseUseCase,
    private readonly dataSource: DataSource,
  ) {}

  /** A partition's batch is assigned in one transaction, in order: each case sees the load the earlier ones added. */
  @EventPattern(Topics.CaseClassified, BATCH)
  async handle(@Payload() events: EventEnvelope<CaseClassifiedV1>[]): Promise<void> {
    const fresh = await applyBatchOnce(this.dataSource, ASSIGNMENT_CONSUMER, events, async (m, todo) => {
      await this.assignCase.executeMany(m, todo.map(commandFor));
    });
    if (fresh.length) this.assignCase.wake();
  }
}

function commandFor(event: EventEnvelope<CaseClassifiedV1>): AssignCaseCommand {
  const p = event.payload;
  const flags = [
    ...(p.isUrgent ? ['urgent'] : []),
    ...(p.isAnonymous ? ['anonymous'] : []),
    ...(p.secondaryKinds?.length ? ['mixed'] : []),
  ];
  return {
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
  };
}
