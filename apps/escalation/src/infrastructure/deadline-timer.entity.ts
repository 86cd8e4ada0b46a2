import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A durable timer per case and stage; the sweep fires ladder steps from it. */
@Entity({ name: 'deadline_timers' })
export class DeadlineTimerEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ name: 'case_id', type: 'uuid' }) caseId: string;
  @Column({ type: 'text' }) stage: string;
  @Column({ name: 'lead_unit_id', type: 'text' }) leadUnitId: string;
  @Column({ name: 'handler_id', type: 'text' }) handlerId: string;
  @Column({ name: 'responsible_person_id', type: 'text' }) responsiblePersonId: string;
  @Column({ name: 'due_at', type: 'timestamptz' }) dueAt: Date;
  @Column({ type: 'text' }) status: 'active' | 'paused' | 'stopped';
  @Column({ name: 'next_fire_at', type: 'timestamptz', nullable: true }) nextFireAt: Date | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
