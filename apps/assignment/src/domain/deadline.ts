import { CaseKind } from '@lib/contracts';
import { WorkingCalendar } from '@lib/domain';
import { SlaPolicy } from './directory';

/** The policy for a stage: the kind-specific one wins over the general one. */
export function policyFor(
  policies: SlaPolicy[],
  kind: CaseKind,
  stage: SlaPolicy['stage'],
): SlaPolicy | undefined {
  const forStage = policies.filter((p) => p.stage === stage);
  return forStage.find((p) => p.kind === kind) ?? forStage.find((p) => p.kind === null);
}

/** When a stage's limit ends, counted from its trigger in the unit the policy names. */
export function dueAt(calendar: WorkingCalendar, policy: SlaPolicy, from: Date): Date {
  return policy.unit === 'working_days'
    ? calendar.addWorkingDays(from, policy.amount)
    : calendar.addCalendarDays(from, policy.amount);
}
