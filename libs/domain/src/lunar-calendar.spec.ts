import {
  canChiYear,
  hungKingsDate,
  lunarNewYearsEve,
  lunarToSolar,
  lunarToSolarInZone,
  solarToLunar,
  tetDate,
} from './lunar-calendar';

const DAY_MS = 86_400_000;
const isoDays = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
};

describe('Vietnamese lunar calendar (UTC+7)', () => {
  // Tết Nguyên đán as published in Vietnamese calendars.
  const KNOWN_TET: Record<number, string> = {
    2020: '2020-01-25',
    2021: '2021-02-12',
    2022: '2022-02-01',
    2023: '2023-01-22',
    2024: '2024-02-10',
    2025: '2025-01-29',
    2026: '2026-02-17',
    2027: '2027-02-06',
    2028: '2028-01-26',
    2029: '2029-02-13',
    2030: '2030-02-02',
    2031: '2031-01-23',
    2032: '2032-02-11',
    2033: '2033-01-31',
    2034: '2034-02-19',
    2035: '2035-02-08',
  };

  it.each(Object.entries(KNOWN_TET))('Tết %s is %s', (year, date) => {
    expect(tetDate(Number(year))).toBe(date);
    expect(solarToLunar(date)).toEqual({ year: Number(year), month: 1, day: 1, isLeap: false });
  });

  it.each([
    [2020, '2020-04-02'],
    [2021, '2021-04-21'],
    [2022, '2022-04-10'],
    [2023, '2023-04-29'],
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
    [2027, '2027-04-16'],
  ])("Hùng Kings' day (10/3 lunar) %i is %s", (year, date) => {
    expect(hungKingsDate(year)).toBe(date);
  });

  it('differs from the Chinese (UTC+8) calendar where a new moon falls between 16:00 and 17:00 UTC', () => {
    // Tết 2030: 2 Feb in Vietnam, 3 Feb in China (doc §6); 1985 and 2007 are the classic examples.
    expect(lunarToSolarInZone(2030, 1, 1, false, 8)).toBe('2030-02-03');
    expect(tetDate(1985)).toBe('1985-01-21');
    expect(lunarToSolarInZone(1985, 1, 1, false, 8)).toBe('1985-02-20');
    expect(tetDate(2007)).toBe('2007-02-17');
    expect(lunarToSolarInZone(2007, 1, 1, false, 8)).toBe('2007-02-18');
    // ...and agrees where it should.
    expect(lunarToSolarInZone(2026, 1, 1, false, 8)).toBe(tetDate(2026));
  });

  it('gives the last day of the old year (29 or 30 of month 12)', () => {
    expect(lunarNewYearsEve(2026)).toBe('2026-02-16');
    expect(solarToLunar('2026-02-16')).toEqual({ year: 2025, month: 12, day: 29, isLeap: false });
    expect(lunarNewYearsEve(2025)).toBe('2025-01-28');
    expect(lunarNewYearsEve(2027)).toBe('2027-02-05');
  });

  it('places leap months', () => {
    expect(lunarToSolar(2025, 6, 1, true)).toBe('2025-07-25');
    expect(solarToLunar('2025-07-25')).toEqual({ year: 2025, month: 6, day: 1, isLeap: true });
    expect(solarToLunar('2025-07-24')).toEqual({ year: 2025, month: 6, day: 30, isLeap: false });
    expect(lunarToSolar(2023, 2, 1, true)).toBe('2023-03-22');
    // 2033: the leap month is the 11th (the "2033 problem" of the Chinese calendar).
    expect(lunarToSolar(2033, 11, 1)).toBe('2033-11-22');
    expect(lunarToSolar(2033, 11, 1, true)).toBe('2033-12-22');
    // A month after the leap month is shifted by one lunation.
    expect(lunarToSolar(2025, 8, 15)).toBe('2025-10-06'); // Mid-Autumn 2025
  });

  it('round-trips every day from 2000 to 2060', () => {
    const failures = isoDays('2000-01-01', '2060-12-31').filter((date) => {
      const l = solarToLunar(date);
      return lunarToSolar(l.year, l.month, l.day, l.isLeap) !== date;
    });
    expect(failures).toEqual([]);
  });

  it('never yields day 0 or a day past 30 (the published algorithm can, next to a new moon)', () => {
    const bad = isoDays('1990-01-01', '2100-12-31').filter((d) => {
      const { day } = solarToLunar(d);
      return day < 1 || day > 30;
    });
    expect(bad).toEqual([]);
  });

  it('rejects dates that do not exist', () => {
    expect(() => lunarToSolar(2026, 5, 1, true)).toThrow(RangeError); // 2026 has no leap month
    expect(() => lunarToSolar(2025, 5, 1, true)).toThrow(RangeError); // 2025's leap month is the 6th
    expect(() => lunarToSolar(2025, 12, 30)).toThrow(RangeError); // month 12 of Ất Tỵ has 29 days
    expect(() => lunarToSolar(2025, 13, 1)).toThrow(RangeError);
    expect(() => lunarToSolar(2025, 1, 0)).toThrow(RangeError);
    expect(() => solarToLunar('2026-02-30')).toThrow(RangeError);
    expect(() => solarToLunar('17/02/2026')).toThrow(RangeError);
    expect(() => tetDate(1800)).toThrow(RangeError);
  });

  it('names years in the sexagenary cycle', () => {
    expect(canChiYear(2025)).toBe('Ất Tỵ');
    expect(canChiYear(2026)).toBe('Bính Ngọ');
    expect(canChiYear(2027)).toBe('Đinh Mùi');
    expect(canChiYear(1984)).toBe('Giáp Tý');
  });
});
