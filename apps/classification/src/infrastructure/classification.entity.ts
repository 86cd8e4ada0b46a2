import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The latest classification of a case, automatic or manual. */
@Entity({ name: 'classifications' })
export class ClassificationEntity {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column({ type: 'text' }) kind: string;
  @Column({ type: 'text' }) domain: string;
  @Column({ type: 'text' }) level: string;
  @Column({ name: 'is_urgent', type: 'boolean' }) isUrgent: boolean;
  @Column({ type: 'jsonb' }) confidence: { kind: number; domain: number; level: number };
  @Column({ type: 'jsonb' }) explanation: string[];
  @Column({ name: 'model_version', type: 'text' }) modelVersion: string;
  @Column({ name: 'is_triage', type: 'boolean' }) isTriage: boolean;
  @Column({ name: 'is_manual', type: 'boolean', default: false }) isManual: boolean;
  /** Kept for reclassification and feedback export. */
  @Column({ type: 'text' }) content: string;
  @Column({ name: 'ward_code', type: 'text', nullable: true }) wardCode: string | null;
  @Column({ name: 'is_anonymous', type: 'boolean', default: false }) isAnonymous: boolean;
  @Column({ name: 'received_at', type: 'timestamptz', nullable: true }) receivedAt: Date | null;
  @Column({ name: 'tracking_code', type: 'text', nullable: true }) trackingCode: string | null;
  @Column({ name: 'classified_at', type: 'timestamptz' }) classifiedAt: Date;
}
