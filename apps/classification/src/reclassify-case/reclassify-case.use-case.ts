import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  CASE_DOMAINS,
  CASE_KINDS,
  CaseActivityV1,
  CaseClassifiedV1,
  COMPETENT_LEVELS,
  createEnvelope,
  EventEnvelope,
} from '@lib/contracts';
import { Clock, PermanentError } from '@lib/domain';
import { addToOutbox, applyOnce, OutboxRelay } from '@lib/messaging';
import { ClassificationEntity } from '../infrastructure/classification.entity';
import { FeedbackEntity } from '../infrastructure/feedback.entity';
import { CLASSIFICATION_CONSUMER } from '../classify-case/classify-case.use-case';

/** A handler's reclassification: stored as training feedback and re-emitted as a manual case.classified. */
@Injectable()
export class ReclassifyCaseUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
  ) {}

  async execute(activity: EventEnvelope<CaseActivityV1>): Promise<void> {
    if (activity.payload.activity !== 'reclassified') return;
    const d = activity.payload.details ?? {};
    const kind = d.kind as (typeof CASE_KINDS)[number];
    const domain = d.domain as (typeof CASE_DOMAINS)[number];
    const level = (d.level ?? 'commune') as (typeof COMPETENT_LEVELS)[number];
    if (!CASE_KINDS.includes(kind) || !CASE_DOMAINS.includes(domain) || !COMPETENT_LEVELS.includes(level)) {
      throw new PermanentError(
        'CLASSIFICATION.INVALID_RECLASSIFICATION',
        'reclassification needs kind, domain, level',
      );
    }
    const now = this.clock.now();
    const applied = await applyOnce(this.dataSource, CLASSIFICATION_CONSUMER, activity.eventId, async (m) => {
      const previous = await m.findOne(ClassificationEntity, { where: { caseId: activity.caseId } });
      if (!previous) throw new Error(`case ${activity.caseId} not classified yet`); // retried: events may race
      await m.insert(FeedbackEntity, {
        eventId: activity.eventId,
        caseId: activity.caseId,
        content: previous.content,
        predicted: { kind: previous.kind, domain: previous.domain, level: previous.level },
        corrected: { kind, domain, level },
        actorId: activity.actor.id,
        createdAt: now,
      });
      await m.update(
        ClassificationEntity,
        { caseId: activity.caseId },
        { kind, domain, level, isTriage: false, isManual: true, classifiedAt: now, modelVersion: 'manual' },
      );
      await addToOutbox(m, [
        createEnvelope({
          payloadClass: CaseClassifiedV1,
          payload: {
            kind,
            domain,
            level,
            isUrgent: Boolean(d.isUrgent ?? previous.isUrgent),
            wardCode: (d.wardCode as string | undefined) ?? previous.wardCode ?? undefined,
            secondaryKinds: [],
            confidence: { kind: 1, domain: 1, level: 1 },
            explanation: [
              `reclassified by ${activity.actor.id}${activity.payload.reason ? `: ${activity.payload.reason}` : ''}`,
            ],
            modelVersion: 'manual',
            isManual: true,
            isAnonymous: previous.isAnonymous,
            receivedAt: previous.receivedAt?.toISOString(),
            trackingCode: previous.trackingCode ?? undefined,
          },
          caseId: activity.caseId,
          producer: 'classification',
          actor: activity.actor,
          occurredAt: now,
          correlationId: activity.correlationId,
          causationId: activity.eventId,
        }),
      ]);
    });
    if (applied) this.relay.wake();
  }
}
