import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Rung } from '../domain/ladder';

/** A durable timer per case and stage; the sweep fires ladder steps from it. */
@Entity({ name: 'deadline_timers' })
export class DeadlineTimerEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ name: 'case_id', type: 'uuid' }) caseId: string;
  @Column({ type: 'text' }) stage: string;
  @Column({ name: 'lead_unit_id', type: 'text' }) leadUnitId: string;
  @Column({ name: 'lead_unit_name', type: 'text' }) leadUnitName: string;
  @Column({ name: 'handler_id', type: 'text' }) handlerId: string;
  @Column({ name: 'responsible_person_id', type: 'text' }) responsiblePersonId: string;
  @Column({ name: 'policy_id', type: 'text' }) policyId: string;
  @Column({ name: 'escalation_chain', type: 'jsonb' }) escalationChain: Rung[];
  @Column({ name: 'reassignment_count', type: 'int' }) reassignmentCount: number;
  @Column({ name: 'ladder_key', type: 'text', nullable: true }) ladderKey: string | null;
  @Column({ type: 'int' }) round: number;
  @Column({ name: 'next_step', type: 'int' }) nextStep: number;
  @Column({ name: 'started_at', type: 'timestamptz' }) startedAt: Date;
  @Column({ name: 'original_due_at', type: 'timestamptz' }) originalDueAt: Date;
  @Column({ name: 'due_at', type: 'timestamptz' }) dueAt: Date;
  @Column({ type: 'text' }) status: 'active' | 'paused' | 'stopped' | 'completed';
  @Column({ name: 'next_fire_at', type: 'timestamptz', nullable: true }) nextFireAt: Date | null;
  @Column({ name: 'paused_at', type: 'timestamptz', nullable: true }) pausedAt: Date | null;
  @Column({ name: 'paused_working_days', type: 'int' }) pausedWorkingDays: number;
  @Column({ name: 'extension_count', type: 'int' }) extensionCount: number;
  @Column({ name: 'stop_reason', type: 'text', nullable: true }) stopReason: string | null;
  @Column({ name: 'correlation_id', type: 'uuid', nullable: true }) correlationId: string | null;
  @Column({ name: 'assigned_event_id', type: 'uuid', nullable: true }) assignedEventId: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
