import { CalendarDay, statutoryHolidays, WorkingCalendar } from '@lib/domain';

/** Years the working-day calendar answers for (the lunar computation is checked for 2000–2100). */
export const CALENDAR_FIRST_YEAR = 2000;
export const CALENDAR_LAST_YEAR = 2100;

const statutoryCache = new Map<number, CalendarDay[]>();

function statutoryDaysOf(year: number): CalendarDay[] {
  let days = statutoryCache.get(year);
  if (!days) {
    days = statutoryHolidays(year).map(({ date, type, name }) => ({ date, type, name }));
    statutoryCache.set(year, days);
  }
  return days;
}

/**
 * The calendar the deadlines use: the loaded days (decided break schedules, make-up Saturdays, provisional
 * defaults) for the years the data covers, and the statutory default computed from the lunar calendar for every
 * other year 2000–2100 (doc §6: "a year whose schedule has not been decided yet"). A tool that needs a few years
 * only may narrow `years`.
 */
export function buildCalendar(
  days: readonly CalendarDay[],
  coveredYears: Iterable<number>,
  years: { from: number; to: number } = { from: CALENDAR_FIRST_YEAR, to: CALENDAR_LAST_YEAR },
): WorkingCalendar {
  const covered = new Set(coveredYears);
  for (const d of days) covered.add(Number(d.date.slice(0, 4)));
  const all: CalendarDay[] = [...days];
  const from = Math.max(years.from, CALENDAR_FIRST_YEAR);
  const to = Math.min(years.to, CALENDAR_LAST_YEAR);
  for (let y = from; y <= to; y++) {
    if (!covered.has(y)) all.push(...statutoryDaysOf(y));
  }
  return new WorkingCalendar(all);
}
