import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The ledger: one row per fired ladder step. Its key (case, stage, stepId) is what makes a step fire once. */
@Entity({ name: 'escalation_steps' })
export class EscalationStepEntity {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' }) caseId: string;
  @PrimaryColumn({ type: 'text' }) stage: string;
  @PrimaryColumn({ name: 'step_id', type: 'text' }) stepId: string;
  @Column({ name: 'event_id', type: 'uuid' }) eventId: string;
  @Column({ name: 'timer_id', type: 'bigint' }) timerId: string;
  @Column({ type: 'int' }) round: number;
  @Column({ type: 'text' }) step: string;
  @Column({ type: 'int' }) level: number;
  @Column({ name: 'target_unit_id', type: 'text' }) targetUnitId: string;
  @Column({ name: 'target_person_id', type: 'text', nullable: true }) targetPersonId: string | null;
  @Column({ name: 'days_overdue', type: 'int' }) daysOverdue: number;
  @Column({ name: 'due_at', type: 'timestamptz' }) dueAt: Date;
  @Column({ name: 'scheduled_at', type: 'timestamptz' }) scheduledAt: Date;
  @Column({ name: 'fired_at', type: 'timestamptz' }) firedAt: Date;
}
