import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An event a consumer has applied; inserted in the same transaction as the state change. */
@Entity({ name: 'inbox' })
export class InboxEntryEntity {
  @PrimaryColumn({ type: 'text' })
  consumer: string;

  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'applied_at', type: 'timestamptz', default: () => 'now()' })
  appliedAt: Date;
}
