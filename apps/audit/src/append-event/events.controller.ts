import { Controller, Get, Param, ParseUUIDPipe, UseGuards } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InternalAuthGuard, RequireRoles } from '@lib/auth';

/** The raw stored chain, for auditors (bearer token with role auditor) like the rest of the audit API. */
@Controller('api/audit')
@UseGuards(InternalAuthGuard)
@RequireRoles('auditor')
export class EventsController {
  constructor(private readonly dataSource: DataSource) {}

  /** Every stored event of a case in chain order, with Kafka coordinates and hashes. */
  @Get('cases/:caseId/events')
  async caseEvents(@Param('caseId', new ParseUUIDPipe()) caseId: string) {
    const rows = await this.dataSource.query(
      `SELECT case_seq, event_id, event_type, occurred_at, topic, kafka_partition, kafka_offset, stored_at,
              envelope, prev_hash, hash
       FROM event_store WHERE case_id = $1 ORDER BY case_seq`,
      [caseId],
    );
    return {
      caseId,
      events: rows.map((r: any) => ({
        caseSeq: r.case_seq,
        eventId: r.event_id,
        eventType: r.event_type,
        occurredAt: r.occurred_at,
        kafka: { topic: r.topic, partition: r.kafka_partition, offset: r.kafka_offset },
        storedAt: r.stored_at,
        actor: r.envelope.actor,
        prevHash: r.prev_hash,
        hash: r.hash,
      })),
    };
  }
}
