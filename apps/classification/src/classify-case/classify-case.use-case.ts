import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  CaseClassifiedV1,
  CaseReceivedV1,
  CaseTriageV1,
  createEnvelope,
  EventEnvelope,
} from '@lib/contracts';
import { Clock } from '@lib/domain';
import { addToOutbox, applyBatchOnce, OutboxRelay } from '@lib/messaging';
import { SERVICE_ENV } from '@lib/platform';
import { ClassificationEnv } from '../classification.env';
import { classify } from '../domain/classifier';
import { ClassificationEntity } from '../infrastructure/classification.entity';

export const CLASSIFICATION_CONSUMER = 'classification';

@Injectable()
export class ClassifyCaseUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
    @Inject(SERVICE_ENV) private readonly env: ClassificationEnv,
  ) {}

  async execute(received: EventEnvelope<CaseReceivedV1>): Promise<void> {
    await this.executeBatch([received]);
  }

  /** Classify a batch; the rows, inbox entries and outgoing events of all of them commit in one transaction. */
  async executeBatch(batch: EventEnvelope<CaseReceivedV1>[]): Promise<void> {
    const fresh = await applyBatchOnce(this.dataSource, CLASSIFICATION_CONSUMER, batch, async (m, todo) => {
      const outcomes = todo.map((received) => this.decide(received));
      // One row per case (the last word wins if a batch holds two petitions' events for one case).
      const rows = new Map(outcomes.map((o) => [o.row.caseId, o.row]));
      await m.upsert(ClassificationEntity, [...rows.values()], ['caseId']);
      await addToOutbox(
        m,
        outcomes.map((o) => o.event),
      );
    });
    if (fresh.length) this.relay.wake();
  }

  private decide(received: EventEnvelope<CaseReceivedV1>): {
    row: Partial<ClassificationEntity> & { caseId: string };
    event: EventEnvelope<object>;
  } {
    const p = received.payload;
    const result = classify({
      content: p.content,
      wardCode: p.wardCode,
      locationText: p.locationText,
      channel: p.channel,
      petitionerType: p.petitioner.type,
    });
    const isTriage = Math.min(result.confidence.kind, result.confidence.domain) < this.env.TRIAGE_THRESHOLD;
    // A location found in the text fills in what intake could not set.
    const wardCode =
      p.wardCode ??
      (result.location?.wardCode && result.location.confidence >= 0.5 ? result.location.wardCode : undefined);
    const explanation = [
      ...result.explanation,
      ...(!p.wardCode && wardCode
        ? [`location: ${result.location?.wardName ?? wardCode} found in the text`]
        : []),
      ...(result.mixedPassages ?? []).map((mp) => `mixed: ${mp.kind} — "${mp.passage.slice(0, 200)}"`),
    ];
    const now = this.clock.now();
    const common = {
      caseId: received.caseId,
      producer: 'classification',
      actor: { type: 'system' as const, id: 'classification' },
      occurredAt: now,
      correlationId: received.correlationId,
      causationId: received.eventId,
    };
    const event = isTriage
      ? createEnvelope({
          ...common,
          payloadClass: CaseTriageV1,
          payload: {
            reason: `low confidence (kind ${result.confidence.kind}, domain ${result.confidence.domain})`,
            suggestedKind: result.kind,
            suggestedDomain: result.domain,
            explanation,
            modelVersion: result.modelVersion,
          },
        })
      : createEnvelope({
          ...common,
          payloadClass: CaseClassifiedV1,
          payload: {
            kind: result.kind,
            domain: result.domain,
            level: result.level,
            isUrgent: result.isUrgent,
            urgentReason: result.urgentReason,
            wardCode,
            secondaryKinds: result.secondaryKinds,
            confidence: result.confidence,
            explanation,
            modelVersion: result.modelVersion,
            isManual: false,
            isAnonymous: p.isAnonymous,
            receivedAt: p.receivedAt,
            trackingCode: p.trackingCode,
            submittedToLevel: p.submittedToLevel,
          },
        });
    return {
      event,
      row: {
        caseId: received.caseId,
        kind: result.kind,
        domain: result.domain,
        level: result.level,
        isUrgent: result.isUrgent,
        confidence: result.confidence,
        explanation,
        modelVersion: result.modelVersion,
        isTriage,
        isManual: false,
        content: p.content,
        wardCode: wardCode ?? null,
        isAnonymous: p.isAnonymous,
        receivedAt: new Date(p.receivedAt),
        trackingCode: p.trackingCode,
        classifiedAt: now,
      },
    };
  }
}
