import {
  calendarFor,
  decidedSchedules,
  nationalDayExtraDay,
  statutoryDays,
  statutoryHolidays,
} from './holidays';
import { WorkingCalendar } from './working-calendar';

const weekday = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();
const isWeekend = (date: string): boolean => weekday(date) === 0 || weekday(date) === 6;
const dates = (days: readonly { date: string }[]): string[] => days.map((d) => d.date);

describe('statutoryDays', () => {
  it('lists the 11 statutory days of BLLĐ Art. 112(1), Tết from the Vietnamese lunar calendar', () => {
    expect(statutoryDays(2027).map((d) => [d.date, d.provisional])).toEqual([
      ['2027-01-01', false],
      ['2027-02-05', true], // last day of the old lunar year
      ['2027-02-06', true], // mùng 1 Tết Đinh Mùi
      ['2027-02-07', true],
      ['2027-02-08', true],
      ['2027-02-09', true],
      ['2027-04-16', false], // 10/3 lunar
      ['2027-04-30', false],
      ['2027-05-01', false],
      ['2027-09-02', false],
      ['2027-09-03', true], // National Day's adjacent day (our default)
    ]);
  });

  it('uses Vietnamese Tết 2030 (2 Feb), not the Chinese date (3 Feb)', () => {
    expect(dates(statutoryDays(2030)).filter((d) => d.startsWith('2030-02'))).toEqual([
      '2030-02-01',
      '2030-02-02',
      '2030-02-03',
      '2030-02-04',
      '2030-02-05',
    ]);
  });
});

describe('nationalDayExtraDay (the day next to 2 Sep: joins the break to a weekend, else 1 Sep)', () => {
  it.each([
    [2021, 'Thu', '2021-09-03'],
    [2022, 'Fri', '2022-09-01'],
    [2023, 'Sat', '2023-09-01'],
    [2024, 'Mon', '2024-09-03'],
    [2025, 'Tue', '2025-09-01'],
    [2026, 'Wed', '2026-09-01'],
    [2029, 'Sun', '2029-09-03'],
  ])('%i (2 Sep on %s) -> %s, as decided 2021–2026', (year, _wd, date) => {
    expect(nationalDayExtraDay(year)).toBe(date);
  });
});

describe('statutoryHolidays (a year without a published schedule)', () => {
  it('gives 2027: weekend Tết days compensated after the statutory ones', () => {
    expect(statutoryHolidays(2027)).toEqual([
      { date: '2027-01-01', type: 'holiday', name: 'Tết Dương lịch', provisional: false },
      { date: '2027-02-05', type: 'holiday', name: 'Tết Nguyên đán Đinh Mùi (tạm tính)', provisional: true },
      { date: '2027-02-08', type: 'holiday', name: 'Tết Nguyên đán Đinh Mùi (tạm tính)', provisional: true },
      { date: '2027-02-09', type: 'holiday', name: 'Tết Nguyên đán Đinh Mùi (tạm tính)', provisional: true },
      // Sat 6 and Sun 7 Feb: Mon 8 and Tue 9 are Tết themselves, so Wed 10 and Thu 11.
      {
        date: '2027-02-10',
        type: 'holiday',
        name: 'Tết Nguyên đán Đinh Mùi (nghỉ bù, tạm tính)',
        provisional: true,
      },
      {
        date: '2027-02-11',
        type: 'holiday',
        name: 'Tết Nguyên đán Đinh Mùi (nghỉ bù, tạm tính)',
        provisional: true,
      },
      { date: '2027-04-16', type: 'holiday', name: 'Giỗ Tổ Hùng Vương', provisional: false },
      { date: '2027-04-30', type: 'holiday', name: '30/4 – 1/5', provisional: false },
      // 1 May is a Saturday.
      { date: '2027-05-03', type: 'holiday', name: '30/4 – 1/5 (nghỉ bù)', provisional: false },
      { date: '2027-09-02', type: 'holiday', name: 'Quốc khánh', provisional: false },
      { date: '2027-09-03', type: 'holiday', name: 'Quốc khánh (tạm tính)', provisional: true },
    ]);
  });

  it('gives Tue 2 May when 30 Apr is a Sunday and 1 May the Monday (doc §6 example, 2028)', () => {
    const days = statutoryHolidays(2028);
    expect(dates(days).filter((d) => d >= '2028-04-29' && d <= '2028-05-05')).toEqual([
      '2028-05-01',
      '2028-05-02',
    ]);
    expect(days.find((d) => d.date === '2028-05-02')?.name).toBe('30/4 – 1/5 (nghỉ bù)');
    // New Year's Day 2028 is a Saturday -> Monday 3 Jan.
    expect(days[0]).toMatchObject({ date: '2028-01-03', name: 'Tết Dương lịch (nghỉ bù)' });
  });

  it("gives the Monday when Hùng Kings' day is a Saturday (2033: Sat 9 Apr -> Mon 11 Apr)", () => {
    expect(statutoryHolidays(2033).find((d) => d.name.startsWith('Giỗ Tổ'))).toEqual({
      date: '2033-04-11',
      type: 'holiday',
      name: 'Giỗ Tổ Hùng Vương (nghỉ bù)',
      provisional: false,
    });
  });

  it('skips earlier compensatory days (2023: Hùng Kings Sat 29 Apr, 30 Apr Sun, 1 May Mon)', () => {
    const days = statutoryHolidays(2023).filter((d) => d.date >= '2023-04-01' && d.date <= '2023-05-31');
    expect(days.map((d) => [d.date, d.name])).toEqual([
      ['2023-05-01', '30/4 – 1/5'],
      ['2023-05-02', 'Giỗ Tổ Hùng Vương (nghỉ bù)'],
      ['2023-05-03', '30/4 – 1/5 (nghỉ bù)'],
    ]);
    // 2 Sep 2023 is a Saturday: Fri 1 Sep is the adjacent day, Mon 4 Sep the compensatory day.
    expect(dates(statutoryHolidays(2023)).filter((d) => d >= '2023-08-28')).toEqual([
      '2023-09-01',
      '2023-09-04',
    ]);
  });

  it('compensates National Day on a Sunday after its adjacent Monday (2029: Mon 3, Tue 4 Sep)', () => {
    expect(statutoryHolidays(2029).filter((d) => d.date >= '2029-08-28')).toEqual([
      { date: '2029-09-03', type: 'holiday', name: 'Quốc khánh (tạm tính)', provisional: true },
      { date: '2029-09-04', type: 'holiday', name: 'Quốc khánh (nghỉ bù)', provisional: false },
    ]);
  });

  it('always closes exactly 11 distinct weekdays (1901–2199)', () => {
    for (let year = 1901; year <= 2199; year++) {
      const days = statutoryHolidays(year);
      const ds = dates(days);
      expect({ year, n: days.length, unique: new Set(ds).size, weekend: ds.filter(isWeekend) }).toEqual({
        year,
        n: 11,
        unique: 11,
        weekend: [],
      });
      expect(ds.every((d) => d.startsWith(`${year}-`))).toBe(true);
      expect([...ds].sort()).toEqual(ds);
    }
  });

  it("handles Hùng Kings' day falling on 30 Apr (1947)", () => {
    const ds = dates(statutoryHolidays(1947));
    expect(ds).toContain('1947-04-30');
    expect(ds).toContain('1947-05-01');
    expect(ds).toContain('1947-05-02'); // the second holiday on 30 Apr, compensated
  });
});

describe('decidedSchedules', () => {
  it('holds the published 2025 and 2026 schedules', () => {
    expect(Object.keys(decidedSchedules).map(Number)).toEqual([2025, 2026]);
  });

  it('2026: New Year 1–4 Jan with Sat 10 Jan worked; Tết 14–22 Feb; Hùng Kings Mon 27 Apr; 30 Apr–3 May; 29 Aug–2 Sep with Sat 22 Aug worked', () => {
    const s = decidedSchedules[2026];
    expect(dates(s.filter((d) => d.type === 'working'))).toEqual(['2026-01-10', '2026-08-22']);
    expect(dates(s.filter((d) => d.type === 'holiday'))).toEqual([
      '2026-01-01',
      '2026-01-02',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-04-27',
      '2026-04-30',
      '2026-05-01',
      '2026-08-31',
      '2026-09-01',
      '2026-09-02',
    ]);
  });

  it('2025: Tết 25 Jan – 2 Feb; 30 Apr – 4 May with Fri 2 May swapped for Sat 26 Apr (marked unverified)', () => {
    const s = decidedSchedules[2025];
    expect(dates(s.filter((d) => d.date.startsWith('2025-01-2') || d.date.startsWith('2025-01-3')))).toEqual([
      '2025-01-27',
      '2025-01-28',
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
    ]);
    expect(s.find((d) => d.date === '2025-04-26')).toMatchObject({ type: 'working', unverified: true });
    expect(s.find((d) => d.date === '2025-05-02')).toMatchObject({ type: 'holiday', unverified: true });
    expect(dates(s.filter((d) => d.date.startsWith('2025-09')))).toEqual(['2025-09-01', '2025-09-02']);
  });

  it.each([2025, 2026])(
    '%i closes 11 weekdays net, holidays on weekdays and make-up days on Saturdays',
    (year) => {
      const s = decidedSchedules[year];
      const holidays = s.filter((d) => d.type === 'holiday');
      const makeUps = s.filter((d) => d.type === 'working');
      expect(holidays.length - makeUps.length).toBe(11);
      expect(holidays.filter((d) => isWeekend(d.date))).toEqual([]);
      expect(makeUps.every((d) => weekday(d.date) === 6)).toBe(true);
      expect(new Set(dates(s)).size).toBe(s.length);
      expect(s.every((d) => d.provisional === false && d.name.length > 0)).toBe(true);
    },
  );
});

describe('calendarFor', () => {
  it('uses the decided schedule where there is one, the statutory default otherwise', () => {
    const days = calendarFor([2027, 2025, 2026, 2025]);
    expect(days.filter((d) => d.date.startsWith('2025-')).length).toBe(decidedSchedules[2025].length);
    expect(days.filter((d) => d.date.startsWith('2026-')).length).toBe(decidedSchedules[2026].length);
    expect(days.filter((d) => d.date.startsWith('2027-'))).toEqual(statutoryHolidays(2027));
    expect(new Set(dates(days)).size).toBe(days.length);
  });

  it('emits only the seed fields {date, type, name, provisional}', () => {
    for (const d of calendarFor([2025, 2026, 2027])) {
      expect(Object.keys(d).sort()).toEqual(['date', 'name', 'provisional', 'type']);
    }
  });

  it('feeds WorkingCalendar: a working day stays open, the 2026 breaks close', () => {
    const cal = new WorkingCalendar(calendarFor([2026]));
    expect(cal.isWorkingDay('2026-04-27')).toBe(false);
    expect(cal.isWorkingDay('2026-04-28')).toBe(true);
    expect(cal.isWorkingDay('2026-08-22')).toBe(true);
    expect(cal.isWorkingDay('2026-08-31')).toBe(false);
  });
});
