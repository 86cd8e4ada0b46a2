import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CaseActivityV1, EventEnvelope } from '@lib/contracts';
import { Clock } from '@lib/domain';
import { queryRows } from '@lib/persistence';
import { lockCase, recordChange } from '../infrastructure/timer.repository';

/** resolved, rejected, filed, withdrawn: every clock of the case stops for good; pending steps never fire. */
@Injectable()
export class StopTimersUseCase {
  constructor(private readonly clock: Clock) {}

  async execute(m: EntityManager, e: EventEnvelope<CaseActivityV1>): Promise<void> {
    const now = this.clock.now();
    await lockCase(m, e.caseId);
    await m.query(
      `INSERT INTO closed_cases (case_id, activity, closed_at) VALUES ($1,$2,$3) ON CONFLICT (case_id) DO NOTHING`,
      [e.caseId, e.payload.activity, new Date(e.occurredAt)],
    );
    // Waits for a sweep that holds one of these rows; once this commits, no sweep can fire for the case.
    const stopped = await queryRows<{ stage: string }>(
      m,
      `UPDATE deadline_timers SET status = 'stopped', next_fire_at = NULL, stop_reason = $2, updated_at = $3
       WHERE case_id = $1 AND status <> 'stopped' RETURNING stage`,
      [e.caseId, e.payload.activity, now],
    );
    await recordChange(m, {
      caseId: e.caseId,
      eventId: e.eventId,
      at: now,
      change: 'stop',
      outcome: 'applied',
      reason: e.payload.activity,
      detail: { stages: stopped.map((s) => s.stage) },
    });
  }
}
