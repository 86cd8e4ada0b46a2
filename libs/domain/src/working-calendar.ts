// Vietnam has no daylight saving: Asia/Ho_Chi_Minh is UTC+7 all year.
const VN_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The calendar date (YYYY-MM-DD) of an instant in Asia/Ho_Chi_Minh. */
export function toVietnamDate(at: Date): string {
  return new Date(at.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * 24:00 of a Vietnamese calendar date (BLDS Art. 148: a period ends at 24:00 of its last day), as the last
 * millisecond before it (23:59:59.999 at UTC+7), so that the instant still belongs to that date.
 */
export function endOfVietnamDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) - VN_OFFSET_MS + DAY_MS - 1);
}

function addCalendarDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function weekday(date: string): number {
  return new Date(`${date}T00:00:00.000Z`).getUTCDay();
}

/** A limit is a whole, non-negative number of days; anything else used to loop forever (Infinity) or end early. */
function checkDayCount(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`a time limit must be a whole number of days >= 0: ${n}`);
  }
}

export interface CalendarDay {
  date: string;
  /** 'holiday' closes a weekday; 'working' opens a weekend day (ngày làm bù). */
  type: 'holiday' | 'working';
  name?: string;
}

/** Working days of Vietnamese public bodies: Monday–Friday, minus holidays, plus make-up Saturdays. */
export class WorkingCalendar {
  private readonly holidays = new Set<string>();
  private readonly makeUpDays = new Set<string>();

  constructor(days: readonly CalendarDay[]) {
    for (const d of days) (d.type === 'holiday' ? this.holidays : this.makeUpDays).add(d.date);
  }

  isWorkingDay(date: string): boolean {
    if (this.makeUpDays.has(date)) return true;
    if (this.holidays.has(date)) return false;
    const wd = weekday(date);
    return wd !== 0 && wd !== 6;
  }

  /**
   * The instant a limit of `n` working days ends, counted from `from`.
   * The day of the triggering event is not counted (BLDS Art. 147); the period ends at 24:00 of the n-th working day.
   */
  addWorkingDays(from: Date, n: number): Date {
    checkDayCount(n);
    let date = toVietnamDate(from);
    let left = n;
    while (left > 0) {
      date = addCalendarDays(date, 1);
      if (this.isWorkingDay(date)) left--;
    }
    if (n === 0) while (!this.isWorkingDay(date)) date = addCalendarDays(date, 1);
    return endOfVietnamDay(date);
  }

  /**
   * The end of a limit of `n` calendar days ("ngày"): counting starts the next day, and a last day that is a
   * weekend or holiday rolls to the end of the next working day (BLDS Art. 148(5)–(6)).
   */
  addCalendarDays(from: Date, n: number): Date {
    checkDayCount(n);
    let date = addCalendarDays(toVietnamDate(from), n);
    while (!this.isWorkingDay(date)) date = addCalendarDays(date, 1);
    return endOfVietnamDay(date);
  }

  /** Whole working days strictly after `from`'s date up to and including `to`'s date (0 if `to` is not later). */
  workingDaysBetween(from: Date, to: Date): number {
    let date = toVietnamDate(from);
    const end = toVietnamDate(to);
    let count = 0;
    while (date < end) {
      date = addCalendarDays(date, 1);
      if (this.isWorkingDay(date)) count++;
    }
    return count;
  }
}
