import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A petition as intake registered it. Petitioner identity is protected data. */
@Entity({ name: 'cases' })
export class PetitionCaseEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'tracking_code', type: 'text', unique: true })
  trackingCode: string;

  @Column({ type: 'text' })
  channel: string;

  @Column({ name: 'channel_details', type: 'jsonb', default: {} })
  channelDetails: Record<string, any>;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  @Column({ name: 'registered_at', type: 'timestamptz' })
  registeredAt: Date;

  @Column({ name: 'petitioner_type', type: 'text' })
  petitionerType: string;

  @Column({ type: 'jsonb' })
  petitioner: Record<string, any>;

  @Column({ type: 'text' })
  content: string;

  @Column({ name: 'ward_code', type: 'text', nullable: true })
  wardCode: string | null;

  @Column({ name: 'location_text', type: 'text', nullable: true })
  locationText: string | null;

  @Column({ name: 'is_anonymous', type: 'boolean' })
  isAnonymous: boolean;

  @Column({ name: 'repeat_of_case_id', type: 'uuid', nullable: true })
  repeatOfCaseId: string | null;

  @Column({ name: 'petitioner_key', type: 'char', length: 64, nullable: true })
  petitionerKey: string | null;

  @Column({ name: 'content_folded', type: 'text', nullable: true })
  contentFolded: string | null;

  @Column({ name: 'conference_id', type: 'uuid', nullable: true })
  conferenceId: string | null;

  @Column({ name: 'is_repeat', type: 'boolean', default: false })
  isRepeat: boolean;

  @Column({ type: 'jsonb', default: [] })
  attachments: Record<string, any>[];
}
