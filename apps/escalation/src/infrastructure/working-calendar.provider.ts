import { calendarFor, WorkingCalendar } from '@lib/domain';

// Years the calendar covers: published break schedules where decided, the statutory default elsewhere (doc §6).
const FIRST_YEAR = 2020;
const LAST_YEAR = 2075;

/** The working-day calendar the ladder counts in (Asia/Ho_Chi_Minh, Vietnamese holidays as data). */
export function escalationCalendar(): WorkingCalendar {
  const years: number[] = [];
  for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) years.push(y);
  return new WorkingCalendar(calendarFor(years));
}
