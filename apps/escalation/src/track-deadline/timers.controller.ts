import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DeadlineTimerEntity } from '../infrastructure/deadline-timer.entity';
import { EscalationStepEntity } from '../infrastructure/escalation-step.entity';
import { TimerChangeEntity } from '../infrastructure/timer-change.entity';
import { LadderRepository } from '../ladder/ladder.repository';

@Controller()
export class TimersController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ladders: LadderRepository,
  ) {}

  /** The deadline timers of one case. */
  @Get('timers/:caseId')
  list(@Param('caseId', new ParseUUIDPipe()) caseId: string) {
    return this.dataSource.manager.find(DeadlineTimerEntity, { where: { caseId }, order: { id: 'ASC' } });
  }

  /** The ladder steps fired for one case, oldest first. */
  @Get('timers/:caseId/steps')
  steps(@Param('caseId', new ParseUUIDPipe()) caseId: string) {
    return this.dataSource.manager.find(EscalationStepEntity, {
      where: { caseId },
      order: { scheduledAt: 'ASC', level: 'ASC' },
    });
  }

  /** Every change made to the case's clocks, including refused ones (invalid extensions…). */
  @Get('timers/:caseId/changes')
  changes(@Param('caseId', new ParseUUIDPipe()) caseId: string) {
    return this.dataSource.manager.find(TimerChangeEntity, { where: { caseId }, order: { id: 'ASC' } });
  }

  /** Open cases escalated to a unit: the highest step each reached there, while the case's clock still runs. */
  @Get('units/:unitId/escalated-cases')
  escalatedTo(@Param('unitId') unitId: string) {
    return this.dataSource.query(
      `SELECT DISTINCT ON (s.case_id) s.case_id AS "caseId", s.stage, s.level, s.days_overdue AS "daysOverdue",
         s.due_at AS "dueAt", s.fired_at AS "firedAt", t.lead_unit_id AS "leadUnitId"
       FROM escalation_steps s JOIN deadline_timers t ON t.id = s.timer_id
       WHERE s.target_unit_id = $1 AND s.step = 'escalated' AND t.status <> 'stopped'
       ORDER BY s.case_id, s.scheduled_at DESC`,
      [unitId],
    );
  }

  /** The escalation ladder rules, every version. */
  @Get('ladders')
  rules() {
    return this.ladders.all();
  }
}
