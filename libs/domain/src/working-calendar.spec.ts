import { calendarFor } from './holidays';
import { endOfVietnamDay, toVietnamDate, WorkingCalendar } from './working-calendar';

/** An instant given as Vietnamese wall-clock time (UTC+7). */
const vn = (local: string): Date => new Date(`${local}+07:00`);
/** The deadline instant for a Vietnamese calendar date: 24:00 of that day, less 1 ms. */
const endOf = (date: string): string => endOfVietnamDay(date).toISOString();

describe('toVietnamDate / endOfVietnamDay (Asia/Ho_Chi_Minh, UTC+7, no DST)', () => {
  it('changes date at 17:00 UTC', () => {
    expect(toVietnamDate(new Date('2026-03-05T16:59:59.999Z'))).toBe('2026-03-05');
    expect(toVietnamDate(new Date('2026-03-05T17:00:00.000Z'))).toBe('2026-03-06');
    expect(toVietnamDate(vn('2026-03-06T00:30:00'))).toBe('2026-03-06');
    // Summer and winter alike: Vietnam has no daylight saving.
    expect(toVietnamDate(new Date('2026-07-01T17:00:00.000Z'))).toBe('2026-07-02');
  });

  it('ends a day at 24:00 Vietnam time (the last millisecond of the day)', () => {
    expect(endOf('2026-03-09')).toBe('2026-03-09T16:59:59.999Z');
    expect(endOfVietnamDay('2026-03-09').getTime() + 1).toBe(vn('2026-03-10T00:00:00').getTime());
    expect(toVietnamDate(endOfVietnamDay('2026-03-09'))).toBe('2026-03-09');
    expect(endOf('2026-12-31')).toBe('2026-12-31T16:59:59.999Z');
  });
});

describe('WorkingCalendar', () => {
  const plain = new WorkingCalendar([]);
  const cal = new WorkingCalendar(calendarFor([2025, 2026, 2027]));

  describe('isWorkingDay', () => {
    it('is Monday to Friday by default', () => {
      expect(
        ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06'].map((d) =>
          plain.isWorkingDay(d),
        ),
      ).toEqual([true, true, true, true, true]);
      expect(plain.isWorkingDay('2026-03-07')).toBe(false);
      expect(plain.isWorkingDay('2026-03-08')).toBe(false);
    });

    it('closes holidays and opens make-up Saturdays (New Year 2026: Fri 2 Jan off, Sat 10 Jan worked)', () => {
      expect(cal.isWorkingDay('2026-01-01')).toBe(false);
      expect(cal.isWorkingDay('2026-01-02')).toBe(false);
      expect(cal.isWorkingDay('2026-01-05')).toBe(true);
      expect(cal.isWorkingDay('2026-01-10')).toBe(true);
      expect(cal.isWorkingDay('2026-01-11')).toBe(false);
    });

    it('closes the whole Tết 2026 break (Sat 14 – Sun 22 Feb)', () => {
      const days = ['13', '14', '15', '16', '17', '18', '19', '20', '21', '22', '23'].map((d) =>
        cal.isWorkingDay(`2026-02-${d}`),
      );
      expect(days).toEqual([true, false, false, false, false, false, false, false, false, false, true]);
    });

    it('lets a make-up day win over a holiday listed for the same date', () => {
      const c = new WorkingCalendar([
        { date: '2026-03-07', type: 'working' },
        { date: '2026-03-07', type: 'holiday' },
      ]);
      expect(c.isWorkingDay('2026-03-07')).toBe(true);
    });
  });

  describe('addWorkingDays (limits in ngày làm việc)', () => {
    it('does not count the day of the triggering event (BLDS Art. 147)', () => {
      // Received Monday 08:00: day 1 is Tuesday, not Monday.
      expect(endOf('2026-03-03')).toBe(plain.addWorkingDays(vn('2026-03-02T08:00:00'), 1).toISOString());
      expect(plain.addWorkingDays(vn('2026-03-02T08:00:00'), 10).toISOString()).toBe(endOf('2026-03-16'));
    });

    it('skips weekends', () => {
      expect(plain.addWorkingDays(vn('2026-03-04T10:00:00'), 5).toISOString()).toBe(endOf('2026-03-11'));
      expect(plain.addWorkingDays(vn('2026-03-04T10:00:00'), 3).toISOString()).toBe(endOf('2026-03-09'));
    });

    it('counts from a Friday evening as from Friday (the first working day is Monday)', () => {
      const fridayEvening = vn('2026-03-06T20:30:00'); // 13:30 UTC
      expect(plain.addWorkingDays(fridayEvening, 1).toISOString()).toBe(endOf('2026-03-09'));
      // 23:59 Friday in Hanoi is still Friday, although it is Friday 16:59 UTC.
      expect(plain.addWorkingDays(vn('2026-03-06T23:59:00'), 1).toISOString()).toBe(endOf('2026-03-09'));
      // 00:30 Saturday in Hanoi (still Friday in UTC) is Saturday: Monday is still day 1.
      expect(plain.addWorkingDays(new Date('2026-03-06T17:30:00Z'), 1).toISOString()).toBe(
        endOf('2026-03-09'),
      );
      expect(plain.addWorkingDays(fridayEvening, 10).toISOString()).toBe(endOf('2026-03-20'));
    });

    it('counts from a holiday or weekend as from that day (the next working day is day 1)', () => {
      // Received on mùng 1 Tết (Tue 17 Feb 2026): day 1 is Mon 23 Feb.
      expect(cal.addWorkingDays(vn('2026-02-17T09:00:00'), 1).toISOString()).toBe(endOf('2026-02-23'));
      expect(cal.addWorkingDays(vn('2026-02-17T09:00:00'), 10).toISOString()).toBe(endOf('2026-03-06'));
      // Received on a Sunday.
      expect(plain.addWorkingDays(vn('2026-03-08T15:00:00'), 1).toISOString()).toBe(endOf('2026-03-09'));
    });

    it('runs across Tết 2026', () => {
      // Fri 13 Feb + 3 working days: Mon 23, Tue 24, Wed 25 Feb.
      expect(cal.addWorkingDays(vn('2026-02-13T16:00:00'), 3).toISOString()).toBe(endOf('2026-02-25'));
      // Without the holidays it would have been Wed 18 Feb.
      expect(plain.addWorkingDays(vn('2026-02-13T16:00:00'), 3).toISOString()).toBe(endOf('2026-02-18'));
      // 10 working days (petition processing, TT05) from Thu 12 Feb: 13, 23, 24, 25, 26, 27 Feb, 2, 3, 4, 5 Mar.
      expect(cal.addWorkingDays(vn('2026-02-12T10:00:00'), 10).toISOString()).toBe(endOf('2026-03-05'));
    });

    it('counts the make-up Saturday 10 Jan 2026 and skips 1–2 Jan', () => {
      // Received Wed 31 Dec 2025: 1 Jan (Thu) and 2 Jan (Fri) are off; day 1 is Mon 5 Jan.
      expect(cal.addWorkingDays(vn('2025-12-31T14:00:00'), 1).toISOString()).toBe(endOf('2026-01-05'));
      // Days 1–5 are Mon 5 – Fri 9 Jan; day 6 is Saturday 10 Jan.
      expect(cal.addWorkingDays(vn('2025-12-31T14:00:00'), 5).toISOString()).toBe(endOf('2026-01-09'));
      expect(cal.addWorkingDays(vn('2025-12-31T14:00:00'), 6).toISOString()).toBe(endOf('2026-01-10'));
      expect(cal.addWorkingDays(vn('2026-01-09T14:00:00'), 1).toISOString()).toBe(endOf('2026-01-10'));
      expect(cal.addWorkingDays(vn('2026-01-09T14:00:00'), 2).toISOString()).toBe(endOf('2026-01-12'));
    });

    it('runs across the National Day 2026 swap (Sat 22 Aug worked, Mon 31 Aug – Wed 2 Sep off)', () => {
      expect(cal.addWorkingDays(vn('2026-08-21T09:00:00'), 1).toISOString()).toBe(endOf('2026-08-22'));
      expect(cal.addWorkingDays(vn('2026-08-28T09:00:00'), 1).toISOString()).toBe(endOf('2026-09-03'));
    });

    it('with 0 days ends the same day, or the next working day if that is not one', () => {
      expect(plain.addWorkingDays(vn('2026-03-04T10:00:00'), 0).toISOString()).toBe(endOf('2026-03-04'));
      expect(plain.addWorkingDays(vn('2026-03-07T10:00:00'), 0).toISOString()).toBe(endOf('2026-03-09'));
    });

    it('rejects a count that is not a whole number of days', () => {
      for (const n of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
        expect(() => plain.addWorkingDays(vn('2026-03-04T10:00:00'), n)).toThrow(RangeError);
        expect(() => plain.addCalendarDays(vn('2026-03-04T10:00:00'), n)).toThrow(RangeError);
      }
    });
  });

  describe('addCalendarDays (limits in plain ngày)', () => {
    it('does not count the first day and ends at 24:00 of the last (BLDS Art. 147–148)', () => {
      // Decision issued Mon 2 Mar: 10 days end Thu 12 Mar 24:00.
      expect(plain.addCalendarDays(vn('2026-03-02T08:00:00'), 10).toISOString()).toBe(endOf('2026-03-12'));
      expect(plain.addCalendarDays(vn('2026-03-02T23:59:00'), 1).toISOString()).toBe(endOf('2026-03-03'));
    });

    it('rolls a last day on a weekend to the end of the next working day', () => {
      // Thu 5 Mar + 2 = Sat 7 Mar -> Mon 9 Mar.
      expect(plain.addCalendarDays(vn('2026-03-05T08:00:00'), 2).toISOString()).toBe(endOf('2026-03-09'));
    });

    it('rolls a last day on a holiday to the end of the next working day', () => {
      // 30 days from Sat 17 Jan 2026 = Mon 16 Feb, a Tết day -> Mon 23 Feb after the break.
      expect(cal.addCalendarDays(vn('2026-01-17T08:00:00'), 30).toISOString()).toBe(endOf('2026-02-23'));
      // Ending on 30 Apr 2026 (Thu) -> Mon 4 May (30 Apr, 1 May off; 2–3 May weekend).
      expect(cal.addCalendarDays(vn('2026-04-20T08:00:00'), 10).toISOString()).toBe(endOf('2026-05-04'));
      // Ending on Sun 26 Apr 2026 (Hùng Kings) -> Mon 27 Apr is its compensatory day -> Tue 28 Apr.
      expect(cal.addCalendarDays(vn('2026-04-16T08:00:00'), 10).toISOString()).toBe(endOf('2026-04-28'));
    });

    it('does not roll a last day that is a make-up working Saturday', () => {
      expect(cal.addCalendarDays(vn('2026-01-03T08:00:00'), 7).toISOString()).toBe(endOf('2026-01-10'));
    });

    it('rolls only the last day: holidays inside the period count as calendar days', () => {
      // 46 days from Thu 1 Jan 2026 = Mon 16 Feb (Tết) -> Mon 23 Feb; 53 days = Mon 23 Feb itself; 54 = Tue 24 Feb.
      expect(cal.addCalendarDays(vn('2026-01-01T08:00:00'), 46).toISOString()).toBe(endOf('2026-02-23'));
      expect(cal.addCalendarDays(vn('2026-01-01T08:00:00'), 53).toISOString()).toBe(endOf('2026-02-23'));
      expect(cal.addCalendarDays(vn('2026-01-01T08:00:00'), 54).toISOString()).toBe(endOf('2026-02-24'));
    });
  });

  describe('workingDaysBetween', () => {
    it('counts working days strictly after the start date, up to and including the end date', () => {
      expect(plain.workingDaysBetween(vn('2026-03-06T20:00:00'), vn('2026-03-09T08:00:00'))).toBe(1);
      expect(cal.workingDaysBetween(vn('2026-02-13T08:00:00'), vn('2026-02-23T08:00:00'))).toBe(1);
      expect(cal.workingDaysBetween(vn('2026-01-09T08:00:00'), vn('2026-01-12T08:00:00'))).toBe(2);
    });

    it('is 0 on the same day or backwards', () => {
      expect(plain.workingDaysBetween(vn('2026-03-04T08:00:00'), vn('2026-03-04T20:00:00'))).toBe(0);
      expect(plain.workingDaysBetween(vn('2026-03-05T08:00:00'), vn('2026-03-04T08:00:00'))).toBe(0);
    });

    it('inverts addWorkingDays', () => {
      const starts = [
        '2025-12-31T09:00:00',
        '2026-02-13T18:00:00',
        '2026-08-21T09:00:00',
        '2027-02-04T09:00:00',
      ];
      for (const s of starts) {
        for (let n = 1; n <= 30; n++) {
          expect(cal.workingDaysBetween(vn(s), cal.addWorkingDays(vn(s), n))).toBe(n);
        }
      }
    });
  });
});
