import { WorkingCalendar } from '@lib/domain';
import { LadderRule, vietnameseDate } from './ladder';

export type Verdict = { isAllowed: true } | { isAllowed: false; reason: string };

/**
 * Whether an extension (gia hạn) to `newDueAt` is within the legal limit the rule carries: a number of extensions
 * and a longest single extension in days (LTC Art. 30: at most 2, each at most 30 days, for denunciations).
 */
export function checkExtension(
  calendar: WorkingCalendar,
  rule: LadderRule,
  timer: { dueAt: Date; extensionCount: number },
  newDueAt: Date,
): Verdict {
  if (rule.maxExtensions === 0) {
    return { isAllowed: false, reason: `giai đoạn này không được gia hạn (${rule.legalBasis})` };
  }
  if (timer.extensionCount >= rule.maxExtensions) {
    return {
      isAllowed: false,
      reason: `đã gia hạn ${timer.extensionCount} lần, tối đa ${rule.maxExtensions} lần (${rule.legalBasis})`,
    };
  }
  if (newDueAt.getTime() <= timer.dueAt.getTime()) {
    return {
      isAllowed: false,
      reason: `hạn mới ${vietnameseDate(newDueAt)} không sau hạn hiện tại ${vietnameseDate(timer.dueAt)}`,
    };
  }
  // "Days" are calendar days; a last day on a weekend or holiday rolls to the next working day (BLDS Art. 148).
  const latest = calendar.addCalendarDays(timer.dueAt, rule.maxExtensionDays);
  if (newDueAt.getTime() > latest.getTime()) {
    return {
      isAllowed: false,
      reason:
        `gia hạn quá ${rule.maxExtensionDays} ngày: hạn mới ${vietnameseDate(newDueAt)} ` +
        `sau ${vietnameseDate(latest)} (${rule.legalBasis})`,
    };
  }
  return { isAllowed: true };
}

/**
 * The due date after a pause: moved by the working days that began while the clock stood still (from the day
 * after the request up to the day the information arrived).
 */
export function dueAfterPause(
  calendar: WorkingCalendar,
  dueAt: Date,
  pausedAt: Date,
  resumedAt: Date,
): { dueAt: Date; pausedWorkingDays: number } {
  const pausedWorkingDays = calendar.workingDaysBetween(pausedAt, resumedAt);
  if (pausedWorkingDays === 0) return { dueAt, pausedWorkingDays };
  return { dueAt: calendar.addWorkingDays(dueAt, pausedWorkingDays), pausedWorkingDays };
}
