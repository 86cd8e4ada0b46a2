import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A human's correction of the classifier, exportable into the training corpus. */
@Entity({ name: 'feedback' })
export class FeedbackEntity {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' }) eventId: string;
  @Column({ name: 'case_id', type: 'uuid' }) caseId: string;
  @Column({ type: 'text' }) content: string;
  @Column({ name: 'predicted', type: 'jsonb' }) predicted: { kind: string; domain: string; level: string };
  @Column({ name: 'corrected', type: 'jsonb' }) corrected: { kind: string; domain: string; level: string };
  @Column({ name: 'actor_id', type: 'text' }) actorId: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
