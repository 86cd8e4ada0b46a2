import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A change a consumer applied to a clock, or refused (and why). */
@Entity({ name: 'timer_changes' })
export class TimerChangeEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ name: 'case_id', type: 'uuid' }) caseId: string;
  @Column({ type: 'text', nullable: true }) stage: string | null;
  @Column({ name: 'event_id', type: 'uuid' }) eventId: string;
  @Column({ type: 'text' }) change: string;
  @Column({ type: 'text' }) outcome: 'applied' | 'rejected' | 'ignored';
  @Column({ type: 'text' }) reason: string;
  @Column({ type: 'jsonb' }) detail: Record<string, unknown>;
  @Column({ name: 'recorded_at', type: 'timestamptz' }) recordedAt: Date;
}
