// Public holidays for the working-day calendar (domain reference §6).
//
// Entries follow the CalendarDay convention of WorkingCalendar: a 'holiday' closes a weekday and a 'working' entry
// opens a weekend day (ngày làm bù). A statutory day that falls on a Saturday or Sunday is therefore not listed
// itself; its compensatory weekday is. At most one entry per date (the seed table's key is the date).
import { canChiYear, hungKingsDate, lunarNewYearsEve, tetDate } from './lunar-calendar';
import { CalendarDay } from './working-calendar';

export type HolidayDay = CalendarDay & {
  name: string;
  /** True while the day is our default rather than a published decision (Tết days, National Day's extra day). */
  provisional: boolean;
};

export type DecidedDay = HolidayDay & {
  /** Set when the day comes from news reports and has not been checked against the Government Office letter. */
  unverified?: true;
};

const DAY_MS = 86_400_000;

function shift(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function isWeekend(date: string): boolean {
  const wd = new Date(`${date}T00:00:00.000Z`).getUTCDay();
  return wd === 0 || wd === 6;
}

const iso = (year: number, month: number, day: number): string =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/**
 * National Day's adjacent day (BLLĐ Art. 112(1) gives "2 Sep + one day before or after"; the Prime Minister picks
 * it each year). Our default, by the weekday of 2 Sep: the adjacent weekday that joins the break to a weekend; if
 * neither or both do, 1 Sep. It reproduces every decision since the two-day rule began (2021–2026):
 *
 *   2 Sep on   Mon  Tue  Wed  Thu  Fri  Sat  Sun
 *   extra day  3rd  1st  1st  3rd  1st  1st  3rd
 *   precedent  2024 2025 2026 2021 2022 2023  —
 */
const NATIONAL_DAY_EXTRA_BY_WEEKDAY = [3, 3, 1, 1, 3, 1, 1] as const; // index: getUTCDay() of 2 Sep (0 = Sunday)

export function nationalDayExtraDay(year: number): string {
  const wd = new Date(Date.UTC(year, 8, 2)).getUTCDay();
  return iso(year, 9, NATIONAL_DAY_EXTRA_BY_WEEKDAY[wd]);
}

/** "Quốc khánh", "Quốc khánh (tạm tính)", "Tết Nguyên đán Đinh Mùi (nghỉ bù, tạm tính)". */
function label(name: string, notes: string[], provisional: boolean): string {
  const all = provisional ? [...notes, 'tạm tính'] : notes;
  return all.length ? `${name} (${all.join(', ')})` : name;
}

interface StatutoryDay {
  date: string;
  name: string;
  provisional: boolean;
}

/** The 11 statutory days of a year (BLLĐ Art. 112(1)), whatever weekday they fall on, in date order. */
export function statutoryDays(year: number): StatutoryDay[] {
  const tetName = `Tết Nguyên đán ${canChiYear(year)}`;
  const tet = tetDate(year);
  const days: StatutoryDay[] = [
    { date: iso(year, 1, 1), name: 'Tết Dương lịch', provisional: false },
    // Tết: 5 days, by default the last day of the old lunar year and the first four of the new one (doc §6).
    { date: lunarNewYearsEve(year), name: tetName, provisional: true },
    ...[0, 1, 2, 3].map((i) => ({ date: shift(tet, i), name: tetName, provisional: true })),
    { date: hungKingsDate(year), name: 'Giỗ Tổ Hùng Vương', provisional: false },
    { date: iso(year, 4, 30), name: '30/4 – 1/5', provisional: false },
    { date: iso(year, 5, 1), name: '30/4 – 1/5', provisional: false },
    { date: iso(year, 9, 2), name: 'Quốc khánh', provisional: false },
    { date: nationalDayExtraDay(year), name: 'Quốc khánh', provisional: true },
  ];
  return days.sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * Holidays of a year whose break schedule has not been decided (doc §6): the statutory days only, each one that
 * falls on a Saturday or Sunday giving the next weekday off that is not itself a statutory day or an earlier
 * compensatory day (BLLĐ Art. 111(3)). No swaps or make-up Saturdays — those exist only by decision.
 * A compensatory day inherits `provisional` from the day it replaces.
 */
export function statutoryHolidays(year: number): HolidayDay[] {
  const statutory = statutoryDays(year);
  const taken = new Set(statutory.map((d) => d.date));
  const emitted = new Set<string>();
  const out: HolidayDay[] = [];
  for (const d of statutory) {
    // Two statutory days on one date (possible in principle: Hùng Kings' day is lunar) are treated like a
    // weekend clash, so that no holiday is lost and every date appears once.
    if (!isWeekend(d.date) && !emitted.has(d.date)) {
      emitted.add(d.date);
      out.push({
        date: d.date,
        type: 'holiday',
        name: label(d.name, [], d.provisional),
        provisional: d.provisional,
      });
      continue;
    }
    let date = shift(d.date, 1);
    while (isWeekend(date) || taken.has(date) || emitted.has(date)) date = shift(date, 1);
    emitted.add(date);
    out.push({
      date,
      type: 'holiday',
      name: label(d.name, ['nghỉ bù'], d.provisional),
      provisional: d.provisional,
    });
  }
  return out.sort((a, b) => a.date.localeCompare(b.date));
}

const holiday = (date: string, name: string, unverified?: true): DecidedDay => ({
  date,
  type: 'holiday',
  name,
  provisional: false,
  ...(unverified ? { unverified } : {}),
});
const makeUp = (date: string, name: string, unverified?: true): DecidedDay => ({
  date,
  type: 'working',
  name,
  provisional: false,
  ...(unverified ? { unverified } : {}),
});

/**
 * Published break schedules for public servants (doc §6 table), weekdays off and make-up Saturdays only.
 * A year listed here replaces the statutory default entirely.
 */
export const decidedSchedules: Readonly<Record<number, readonly DecidedDay[]>> = {
  2025: [
    holiday('2025-01-01', 'Tết Dương lịch'),
    // Tết Ất Tỵ: 9 days Sat 25 Jan – Sun 2 Feb (letter 8726/VPCP-KGVX, 26 Nov 2024; dates from news).
    ...['2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31'].map((d) =>
      holiday(d, 'Tết Nguyên đán Ất Tỵ', true),
    ),
    holiday('2025-04-07', 'Giỗ Tổ Hùng Vương'),
    // 30 Apr – 4 May: Fri 2 May swapped with Sat 26 Apr (from news).
    makeUp('2025-04-26', 'Làm bù cho 02/5/2025', true),
    holiday('2025-04-30', '30/4 – 1/5'),
    holiday('2025-05-01', '30/4 – 1/5'),
    holiday('2025-05-02', '30/4 – 1/5', true),
    holiday('2025-09-01', 'Quốc khánh'),
    holiday('2025-09-02', 'Quốc khánh'),
  ],
  2026: [
    // Thu 1 – Sun 4 Jan; Fri 2 Jan swapped with Sat 10 Jan (letter 12729/VPCP-KGVX, 25 Dec 2025).
    holiday('2026-01-01', 'Tết Dương lịch'),
    holiday('2026-01-02', 'Tết Dương lịch'),
    makeUp('2026-01-10', 'Làm bù cho 02/01/2026'),
    // Tết Bính Ngọ: 9 days Sat 14 – Sun 22 Feb, statutory days Mon 16 – Fri 20 (Government Office letter, Oct 2025).
    ...['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20'].map((d) =>
      holiday(d, 'Tết Nguyên đán Bính Ngọ'),
    ),
    // Hùng Kings' day is Sun 26 Apr → Mon 27 Apr off; 30 Apr (Thu) – 3 May break (derived; unverified).
    holiday('2026-04-27', 'Giỗ Tổ Hùng Vương (nghỉ bù)', true),
    holiday('2026-04-30', '30/4 – 1/5', true),
    holiday('2026-05-01', '30/4 – 1/5', true),
    // Sat 29 Aug – Wed 2 Sep; Mon 31 Aug swapped with Sat 22 Aug (same Oct 2025 decision).
    makeUp('2026-08-22', 'Làm bù cho 31/8/2026'),
    holiday('2026-08-31', 'Quốc khánh'),
    holiday('2026-09-01', 'Quốc khánh'),
    holiday('2026-09-02', 'Quốc khánh'),
  ],
};

/** Calendar entries for the given years: the decided schedule where one is published, else the statutory default. */
export function calendarFor(years: readonly number[]): HolidayDay[] {
  const unique = [...new Set(years)].sort((a, b) => a - b);
  return unique.flatMap((year) =>
    (decidedSchedules[year] ?? statutoryHolidays(year)).map(
      ({ date, type, name, provisional }): HolidayDay => ({ date, type, name, provisional }),
    ),
  );
}
