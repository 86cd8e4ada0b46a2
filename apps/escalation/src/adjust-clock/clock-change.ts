import { CaseActivityV1, EventEnvelope } from '@lib/contracts';
import { Stage, STAGES } from '../domain/ladder';
import { DeadlineTimerEntity } from '../infrastructure/deadline-timer.entity';

/** The stage a case.activity names in details.stage, if it names a valid one. */
export function stageOf(e: EventEnvelope<CaseActivityV1>): Stage | undefined {
  const s = e.payload.details?.stage;
  return typeof s === 'string' && (STAGES as readonly string[]).includes(s) ? (s as Stage) : undefined;
}

/** The clocks an activity acts on: the named stage's, or every clock of the case still running. */
export function targetsOf(timers: DeadlineTimerEntity[], stage: Stage | undefined): DeadlineTimerEntity[] {
  return timers.filter((t) => t.status !== 'stopped' && (stage === undefined || t.stage === stage));
}
