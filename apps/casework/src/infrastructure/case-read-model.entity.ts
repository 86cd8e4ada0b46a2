import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CaseState } from '@lib/projection';

/** The case read model: the projection's state plus the columns queues filter and sort on. */
@Entity({ name: 'cases' })
export class CaseReadModelEntity {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' }) caseId: string;
  @Column({ name: 'tracking_code', type: 'text', nullable: true }) trackingCode: string | null;
  @Column({ type: 'text' }) status: string;
  @Column({ type: 'text', nullable: true }) kind: string | null;
  @Column({ type: 'text', nullable: true }) domain: string | null;
  @Column({ name: 'ward_code', type: 'text', nullable: true }) wardCode: string | null;
  @Column({ name: 'lead_unit_id', type: 'text', nullable: true }) leadUnitId: string | null;
  @Column({ name: 'handler_id', type: 'text', nullable: true }) handlerId: string | null;
  @Column({ name: 'due_at', type: 'timestamptz', nullable: true }) dueAt: Date | null;
  @Column({ name: 'escalation_level', type: 'int' }) escalationLevel: number;
  @Column({ name: 'escalated_to_unit_id', type: 'text', nullable: true }) escalatedToUnitId: string | null;
  @Column({ name: 'ancestor_unit_ids', type: 'text', array: true }) ancestorUnitIds: string[];
  @Column({ name: 'content_folded', type: 'text', nullable: true }) contentFolded: string | null;
  @Column({ type: 'jsonb' }) state: CaseState;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

@Entity({ name: 'case_timeline' })
export class CaseTimelineEntity {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' }) eventId: string;
  @Column({ name: 'case_id', type: 'uuid' }) caseId: string;
  @Column({ name: 'event_type', type: 'text' }) eventType: string;
  @Column({ name: 'occurred_at', type: 'timestamptz' }) occurredAt: Date;
  @Column({ name: 'actor_type', type: 'text' }) actorType: string;
  @Column({ name: 'actor_id', type: 'text' }) actorId: string;
  @Column({ type: 'text' }) summary: string;
  @Column({ type: 'text', nullable: true }) reason: string | null;
}
