// Vietnamese lunisolar calendar (âm lịch), after Hồ Ngọc Đức's astronomical algorithm
// ("Computing the Vietnamese lunar calendar", https://www.informatik.uni-leipzig.de/~duc/amlich/calrules.html).
//
// Months start on the day (in local time) of the astronomical new moon; month 11 is the month containing the winter
// solstice; a year with 13 months repeats the first month after month 11 that contains no major solar term
// (trung khí). Vietnam computes this for UTC+7 since 1968, China for UTC+8, so the two calendars differ whenever a new
// moon falls between 16:00 and 17:00 UTC (e.g. Tết 2030 is 2 Feb in Vietnam, 3 Feb in China) — a Chinese-calendar
// library therefore gives wrong Vietnamese holidays.
//
// The new-moon and sun-longitude formulas are accurate to a few minutes; dates are supported for 1900–2199.

/** Asia/Ho_Chi_Minh, in hours east of UTC (no daylight saving). */
const VIETNAM_TIME_ZONE = 7;
const MIN_YEAR = 1900;
const MAX_YEAR = 2199;
const SYNODIC_MONTH = 29.530588853;
/** Julian day of the new moon of 1 Jan 1900 (k = 0 in the series below). */
const NEW_MOON_EPOCH = 2415021.076998695;
const DR = Math.PI / 180;

export interface LunarDate {
  year: number;
  /** 1–12; a leap month repeats the number of the month before it, with `isLeap` set. */
  month: number;
  /** 1–30. */
  day: number;
  isLeap: boolean;
}

/** Julian day number of a Gregorian date. */
function jdFromDate(dd: number, mm: number, yy: number): number {
  const a = Math.floor((14 - mm) / 12);
  const y = yy + 4800 - a;
  const m = mm + 12 * a - 3;
  return (
    dd +
    Math.floor((153 * m + 2) / 5) +
    365 * y +
    Math.floor(y / 4) -
    Math.floor(y / 100) +
    Math.floor(y / 400) -
    32045
  );
}

/** Gregorian date (YYYY-MM-DD) of a Julian day number. */
function jdToIso(jd: number): string {
  return new Date(Date.UTC(1970, 0, 1) + (jd - 2440588) * 86_400_000).toISOString().slice(0, 10);
}

/** Julian day (fractional, UT) of the k-th new moon after 1 Jan 1900 (Meeus-style series, as in Hồ Ngọc Đức). */
function newMoon(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * DR);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3;
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3;
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3;
  let c1 = (0.1734 - 0.000393 * T) * Math.sin(M * DR) + 0.0021 * Math.sin(2 * DR * M);
  c1 = c1 - 0.4068 * Math.sin(Mpr * DR) + 0.0161 * Math.sin(DR * 2 * Mpr);
  c1 = c1 - 0.0004 * Math.sin(DR * 3 * Mpr);
  c1 = c1 + 0.0104 * Math.sin(DR * 2 * F) - 0.0051 * Math.sin(DR * (M + Mpr));
  c1 = c1 - 0.0074 * Math.sin(DR * (M - Mpr)) + 0.0004 * Math.sin(DR * (2 * F + M));
  c1 = c1 - 0.0004 * Math.sin(DR * (2 * F - M)) - 0.0006 * Math.sin(DR * (2 * F + Mpr));
  c1 = c1 + 0.001 * Math.sin(DR * (2 * F - Mpr)) + 0.0005 * Math.sin(DR * (2 * Mpr + M));
  const deltaT =
    T < -11
      ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
      : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd1 + c1 - deltaT;
}

/** Julian day number of the local calendar day on which the k-th new moon falls. */
function newMoonDay(k: number, timeZone: number): number {
  return Math.floor(newMoon(k) + 0.5 + timeZone / 24);
}

/** Apparent sun longitude in radians, [0, 2π), at a (fractional, UT) Julian day. */
function sunLongitude(jdn: number): number {
  const T = (jdn - 2451545.0) / 36525;
  const T2 = T * T;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  let dl = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(DR * M);
  dl += (0.019993 - 0.000101 * T) * Math.sin(DR * 2 * M) + 0.00029 * Math.sin(DR * 3 * M);
  const l = (L0 + dl) * DR;
  return l - Math.PI * 2 * Math.floor(l / (Math.PI * 2));
}

/** Which 30° sector (0–11) the sun is in at the start of a local day; sector 9 starts at the winter solstice. */
function sunSector(dayNumber: number, timeZone: number): number {
  return Math.floor((sunLongitude(dayNumber - 0.5 - timeZone / 24) / Math.PI) * 6);
}

/** Julian day number of the first day of lunar month 11 (the month containing the winter solstice) of year `yy`. */
function lunarMonth11(yy: number, timeZone: number): number {
  const off = jdFromDate(31, 12, yy) - 2415021;
  const k = Math.floor(off / SYNODIC_MONTH);
  const nm = newMoonDay(k, timeZone);
  return sunSector(nm, timeZone) >= 9 ? newMoonDay(k - 1, timeZone) : nm;
}

/** In a 13-month year starting at month 11 `a11`, the offset (months after a11) of the leap month. */
function leapMonthOffset(a11: number, timeZone: number): number {
  const k = Math.floor((a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let arc = sunSector(newMoonDay(k + i, timeZone), timeZone);
  let last: number;
  do {
    last = arc;
    i++;
    arc = sunSector(newMoonDay(k + i, timeZone), timeZone);
  } while (arc !== last && i < 14);
  return i - 1;
}

function parseIso(date: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const parsed = m ? new Date(`${date}T00:00:00.000Z`) : undefined;
  if (!m || !parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) {
    throw new RangeError(`not a calendar date (YYYY-MM-DD): ${date}`);
  }
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`lunar calendar supports years ${MIN_YEAR}–${MAX_YEAR}, got ${year}`);
  }
}

/** @internal `timeZone` is exposed only so that tests can compare against the Chinese (UTC+8) calendar. */
export function solarToLunarInZone(date: string, timeZone: number): LunarDate {
  const [yy, mm, dd] = parseIso(date);
  checkYear(yy);
  const dayNumber = jdFromDate(dd, mm, yy);
  // The mean-month estimate can be one lunation off near a new moon (the published algorithm then yields day 0):
  // step to the lunation that really contains the day.
  let k = Math.floor((dayNumber - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  while (newMoonDay(k + 1, timeZone) <= dayNumber) k++;
  while (newMoonDay(k, timeZone) > dayNumber) k--;
  const monthStart = newMoonDay(k, timeZone);
  let a11 = lunarMonth11(yy, timeZone);
  let b11 = a11;
  let year: number;
  if (a11 >= monthStart) {
    year = yy;
    a11 = lunarMonth11(yy - 1, timeZone);
  } else {
    year = yy + 1;
    b11 = lunarMonth11(yy + 1, timeZone);
  }
  const day = dayNumber - monthStart + 1;
  const diff = Math.floor((monthStart - a11) / 29);
  let isLeap = false;
  let month = diff + 11;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11, timeZone);
    if (diff >= leapDiff) {
      month = diff + 10;
      isLeap = diff === leapDiff;
    }
  }
  if (month > 12) month -= 12;
  if (month >= 11 && diff < 4) year -= 1;
  return { year, month, day, isLeap };
}

/** @internal See {@link solarToLunarInZone}. */
export function lunarToSolarInZone(
  year: number,
  month: number,
  day: number,
  isLeapMonth: boolean,
  timeZone: number,
): string {
  checkYear(year);
  if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(day) || day < 1 || day > 30) {
    throw new RangeError(`not a lunar date: ${year}/${month}/${day}`);
  }
  let a11: number;
  let b11: number;
  if (month < 11) {
    a11 = lunarMonth11(year - 1, timeZone);
    b11 = lunarMonth11(year, timeZone);
  } else {
    a11 = lunarMonth11(year, timeZone);
    b11 = lunarMonth11(year + 1, timeZone);
  }
  const k = Math.floor(0.5 + (a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  let off = month - 11;
  if (off < 0) off += 12;
  let leapMonth: number | undefined;
  if (b11 - a11 > 365) {
    const leapOff = leapMonthOffset(a11, timeZone);
    leapMonth = leapOff - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (isLeapMonth || off >= leapOff) off += 1;
  }
  if (isLeapMonth && month !== leapMonth) {
    throw new RangeError(`lunar year ${year} has no leap month ${month}`);
  }
  const monthStart = newMoonDay(k + off, timeZone);
  const monthLength = newMoonDay(k + off + 1, timeZone) - monthStart;
  if (day > monthLength) {
    throw new RangeError(
      `lunar month ${month}${isLeapMonth ? ' (leap)' : ''} of ${year} has ${monthLength} days`,
    );
  }
  return jdToIso(monthStart + day - 1);
}

/** The Vietnamese lunar date of a Gregorian date (YYYY-MM-DD), computed for UTC+7. */
export function solarToLunar(date: string): LunarDate {
  return solarToLunarInZone(date, VIETNAM_TIME_ZONE);
}

/**
 * The Gregorian date (YYYY-MM-DD) of a Vietnamese lunar date, computed for UTC+7.
 * Throws a RangeError if the month is marked leap but is not the leap month of that year, or the day does not exist.
 */
export function lunarToSolar(
  lunarYear: number,
  lunarMonth: number,
  lunarDay: number,
  isLeapMonth = false,
): string {
  return lunarToSolarInZone(lunarYear, lunarMonth, lunarDay, isLeapMonth, VIETNAM_TIME_ZONE);
}

/** Tết Nguyên đán: the 1st day of the 1st lunar month of `year`. */
export function tetDate(year: number): string {
  return lunarToSolar(year, 1, 1);
}

/** The last day of the lunar year that ends just before Tết of `year` (29 or 30 of month 12: "Tất niên"). */
export function lunarNewYearsEve(year: number): string {
  const tet = Date.parse(`${tetDate(year)}T00:00:00.000Z`);
  return new Date(tet - 86_400_000).toISOString().slice(0, 10);
}

/** Giỗ Tổ Hùng Vương: the 10th day of the 3rd lunar month of `year` (BLLĐ Art. 112(1)). */
export function hungKingsDate(year: number): string {
  return lunarToSolar(year, 3, 10);
}

const STEMS = ['Giáp', 'Ất', 'Bính', 'Đinh', 'Mậu', 'Kỷ', 'Canh', 'Tân', 'Nhâm', 'Quý'];
const BRANCHES = ['Tý', 'Sửu', 'Dần', 'Mão', 'Thìn', 'Tỵ', 'Ngọ', 'Mùi', 'Thân', 'Dậu', 'Tuất', 'Hợi'];

/** The sexagenary (can chi) name of a lunar year, e.g. 2026 → "Bính Ngọ". */
export function canChiYear(year: number): string {
  return `${STEMS[(((year + 6) % 10) + 10) % 10]} ${BRANCHES[(((year + 8) % 12) + 12) % 12]}`;
}
