import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { CaseActivityV1, CaseAssignedV1, EventEnvelope, Topics } from '@lib/contracts';
import { Clock } from '@lib/domain';
import { applyOnce } from '@lib/messaging';

export const ESCALATION_CONSUMER = 'escalation';
const STOPPING = new Set(['resolved', 'rejected', 'filed', 'withdrawn']);

/** Starts (or, on reassignment, moves) the case's deadline timer; stops it for good when the case closes. */
@Controller()
export class TrackDeadlineConsumer {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  @EventPattern(Topics.CaseAssigned)
  async onAssigned(@Payload() event: EventEnvelope<CaseAssignedV1>): Promise<void> {
    const p = event.payload;
    const now = this.clock.now();
    await applyOnce(this.dataSource, ESCALATION_CONSUMER, event.eventId, async (m) => {
      await m.query(
        `INSERT INTO deadline_timers (case_id, stage, lead_unit_id, handler_id, responsible_person_id, due_at, status,
           next_fire_at, created_at, updated_at)
         VALUES ($1,$2,$3,$4,$5,$6,'active',$6,$7,$7)
         ON CONFLICT (case_id, stage) DO UPDATE SET lead_unit_id=$3, handler_id=$4, responsible_person_id=$5,
           due_at=$6, next_fire_at=$6, status='active', updated_at=$7`,
        [event.caseId, p.stage, p.leadUnitId, p.handlerId, p.responsiblePersonId, p.dueAt, now],
      );
    });
  }

  @EventPattern(Topics.CaseActivity)
  async onActivity(@Payload() event: EventEnvelope<CaseActivityV1>): Promise<void> {
    if (!STOPPING.has(event.payload.activity)) return;
    const now = this.clock.now();
    await applyOnce(this.dataSource, ESCALATION_CONSUMER, event.eventId, async (m) => {
      await m.query(
        `UPDATE deadline_timers SET status='stopped', next_fire_at=NULL, updated_at=$2 WHERE case_id=$1`,
        [event.caseId, now],
      );
    });
  }
}
