import { tetDate } from '@lib/domain';
import { calendarFromSeed, readSeed } from '../directory/seed-files';
import { dueAt, dueDate, policyFor, requirePolicy, SlaQuery } from './deadline';
import { SlaPolicy } from './directory';

const seed = readSeed('apps/assignment/seeds/v2');
const calendar = calendarFromSeed(seed);

/** The due date and the policy row the service would use. */
function due(q: SlaQuery): { date: string; policy: string } {
  const policy = requirePolicy(seed.policies, q);
  return { date: dueDate(calendar, policy, q.on), policy: policy.id };
}

describe('SLA policies (domain reference §3): every row, with its unit and effective dates', () => {
  // [what, query, due date, policy row]
  const rows: [string, SlaQuery, string, string][] = [
    // Processing (xử lý đơn): 10 working days, every kind without its own row.
    [
      'processing before TT05 (statutory calendar of 2020)',
      { kind: 'complaint', stage: 'processing', on: '2020-03-02' },
      '2020-03-16',
      'SLA-processing-all-2014',
    ],
    [
      'processing, TT05, across Tết 2026',
      { kind: 'complaint', stage: 'processing', on: '2026-02-12' },
      '2026-03-05',
      'SLA-processing-all',
    ],
    [
      'processing of a recommendation',
      { kind: 'recommendation', stage: 'processing', on: '2026-02-12' },
      '2026-03-05',
      'SLA-processing-all',
    ],
    [
      'processing of a reflection, second complaint instance does not matter',
      { kind: 'reflection', stage: 'processing', on: '2026-02-12' },
      '2026-03-05',
      'SLA-processing-all',
    ],
    [
      'denunciation processing: 7 working days across Tết',
      { kind: 'denunciation', stage: 'processing', on: '2026-02-12' },
      '2026-03-02',
      'SLA-processing-denunciation',
    ],
    [
      'denunciation processing, several sites: 10 working days',
      { kind: 'denunciation', stage: 'processing', on: '2026-02-12', complexity: 'complex' },
      '2026-03-05',
      'SLA-processing-denunciation-complex',
    ],
    // Acceptance (thụ lý).
    [
      'complaint acceptance before 1 Jul 2026: 10 days',
      { kind: 'complaint', stage: 'acceptance', on: '2026-06-30' },
      '2026-07-10',
      'SLA-acceptance-complaint-2012',
    ],
    [
      'complaint acceptance, 10 days ending on 30/4 roll past the holidays and the weekend',
      { kind: 'complaint', stage: 'acceptance', on: '2026-04-20' },
      '2026-05-04',
      'SLA-acceptance-complaint-2012',
    ],
    [
      'complaint acceptance from 1 Jul 2026: 7 working days',
      { kind: 'complaint', stage: 'acceptance', on: '2026-07-01' },
      '2026-07-10',
      'SLA-acceptance-complaint',
    ],
    [
      'complaint acceptance across National Day 2026',
      { kind: 'complaint', stage: 'acceptance', on: '2026-08-26' },
      '2026-09-09',
      'SLA-acceptance-complaint',
    ],
    [
      'complaint acceptance counts the make-up Saturday 22 Aug 2026',
      { kind: 'complaint', stage: 'acceptance', on: '2026-08-20' },
      '2026-08-28',
      'SLA-acceptance-complaint',
    ],
    [
      'second complaint acceptance before 1 Jul 2026',
      { kind: 'complaint', stage: 'acceptance', on: '2026-06-30', instance: 2 },
      '2026-07-10',
      'SLA-acceptance-complaint-second-2012',
    ],
    [
      'second complaint acceptance from 1 Jul 2026',
      { kind: 'complaint', stage: 'acceptance', on: '2026-07-01', instance: 2 },
      '2026-07-10',
      'SLA-acceptance-complaint-second',
    ],
    [
      'denunciation acceptance across Hùng Kings’ compensatory day and 30/4–1/5',
      { kind: 'denunciation', stage: 'acceptance', on: '2026-04-24' },
      '2026-05-08',
      'SLA-acceptance-denunciation',
    ],
    [
      'denunciation acceptance, several sites',
      { kind: 'denunciation', stage: 'acceptance', on: '2026-04-24', complexity: 'complex' },
      '2026-05-13',
      'SLA-acceptance-denunciation-complex',
    ],
    [
      'recommendation acceptance across New Year 2027',
      { kind: 'recommendation', stage: 'acceptance', on: '2026-12-30' },
      '2027-01-14',
      'SLA-acceptance-recommendation',
    ],
    [
      'reflection acceptance across New Year 2027',
      { kind: 'reflection', stage: 'acceptance', on: '2026-12-30' },
      '2027-01-14',
      'SLA-acceptance-reflection',
    ],
    // Resolution, from acceptance.
    [
      'first complaint: 30 days',
      { kind: 'complaint', stage: 'resolution', on: '2026-03-02' },
      '2026-04-01',
      'SLA-resolution-complaint',
    ],
    [
      'first complaint: 30 days ending in Tết roll to the first working day after it',
      { kind: 'complaint', stage: 'resolution', on: '2026-01-15' },
      '2026-02-23',
      'SLA-resolution-complaint',
    ],
    [
      'first complaint, complex: 45 days',
      { kind: 'complaint', stage: 'resolution', on: '2026-03-02', complexity: 'complex' },
      '2026-04-16',
      'SLA-resolution-complaint-complex',
    ],
    [
      'first complaint, remote area: 45 days',
      { kind: 'complaint', stage: 'resolution', on: '2026-03-02', area: 'remote' },
      '2026-04-16',
      'SLA-resolution-complaint-remote',
    ],
    [
      'first complaint, remote and complex: 60 days, last day 1 May rolls to Monday 4 May',
      { kind: 'complaint', stage: 'resolution', on: '2026-03-02', area: 'remote', complexity: 'complex' },
      '2026-05-04',
      'SLA-resolution-complaint-remote-complex',
    ],
    [
      'second complaint: 45 days',
      { kind: 'complaint', stage: 'resolution', on: '2026-03-02', instance: 2 },
      '2026-04-16',
      'SLA-resolution-complaint-second',
    ],
    [
      'second complaint, complex: 60 days',
      { kind: 'complaint', stage: 'resolution', on: '2026-03-02', instance: 2, complexity: 'complex' },
      '2026-05-04',
      'SLA-resolution-complaint-second-complex',
    ],
    [
      'second complaint, remote area: 60 days',
      { kind: 'complaint', stage: 'resolution', on: '2026-03-02', instance: 2, area: 'remote' },
      '2026-05-04',
      'SLA-resolution-complaint-second-remote',
    ],
    [
      'second complaint, remote and complex: 70 days',
      {
        kind: 'complaint',
        stage: 'resolution',
        on: '2026-03-02',
        instance: 2,
        area: 'remote',
        complexity: 'complex',
      },
      '2026-05-11',
      'SLA-resolution-complaint-second-remote-complex',
    ],
    [
      'denunciation: 30 days (extensions are decisions, handled by escalation)',
      { kind: 'denunciation', stage: 'resolution', on: '2026-03-02', complexity: 'complex' },
      '2026-04-01',
      'SLA-resolution-denunciation',
    ],
    [
      'recommendation: city policy, 10 working days',
      { kind: 'recommendation', stage: 'resolution', on: '2026-02-12' },
      '2026-03-05',
      'SLA-resolution-recommendation-city',
    ],
    [
      'reflection: city policy, 10 working days',
      { kind: 'reflection', stage: 'resolution', on: '2026-02-12', area: 'remote' },
      '2026-03-05',
      'SLA-resolution-reflection-city',
    ],
  ];

  it.each(rows)('%s', (_what, q, date, policy) => {
    expect(due(q)).toEqual({ date, policy });
  });

  it('tests every policy row of the seed data', () => {
    const tested = new Set(rows.map((r) => r[3]));
    expect(seed.policies.map((p) => p.id).filter((id) => !tested.has(id))).toEqual([]);
  });

  it('stores the unit of every row as the law words it: working days or plain days', () => {
    const unit = (id: string) => seed.policies.find((p) => p.id === id)?.unit;
    expect(unit('SLA-processing-all')).toBe('working_days');
    expect(unit('SLA-processing-denunciation')).toBe('working_days');
    expect(unit('SLA-acceptance-complaint-2012')).toBe('days');
    expect(unit('SLA-acceptance-complaint')).toBe('working_days');
    expect(unit('SLA-resolution-complaint')).toBe('days');
    expect(unit('SLA-resolution-denunciation')).toBe('days');
    expect(seed.policies.every((p) => p.legalBasis.length > 10)).toBe(true);
  });

  it('picks the row in force on the day the clock starts', () => {
    expect(policyFor(seed.policies, { kind: 'complaint', stage: 'processing', on: '2021-11-14' })?.id).toBe(
      'SLA-processing-all-2014',
    );
    expect(policyFor(seed.policies, { kind: 'complaint', stage: 'processing', on: '2021-11-15' })?.id).toBe(
      'SLA-processing-all',
    );
    expect(policyFor(seed.policies, { kind: 'complaint', stage: 'acceptance', on: '2026-06-30' })?.id).toBe(
      'SLA-acceptance-complaint-2012',
    );
  });

  it('marks the recommendation and reflection limits as city policy, not law', () => {
    for (const kind of ['recommendation', 'reflection'] as const) {
      const p = requirePolicy(seed.policies, { kind, stage: 'resolution', on: '2026-03-02' });
      expect(p.isStatutory).toBe(false);
      expect(p.legalBasis).toMatch(/không có thời hạn luật định/);
    }
  });

  it('has no row for what the law does not provide', () => {
    expect(
      policyFor(seed.policies, { kind: 'denunciation', stage: 'resolution', on: '2026-03-02', instance: 2 }),
    ).toBeUndefined();
    // Before the 2018 Law on Denunciations the data has no denunciation row: the general processing row applies.
    expect(
      policyFor(seed.policies, { kind: 'denunciation', stage: 'processing', on: '2018-12-31' })?.id,
    ).toBe('SLA-processing-all-2014');
    expect(() =>
      requirePolicy(seed.policies, { kind: 'complaint', stage: 'resolution', on: '2011-01-03' }),
    ).toThrow(/no SLA policy for complaint resolution/);
  });
});

describe('the working-day calendar deadlines count on', () => {
  const vn = (local: string) => new Date(`${local}+07:00`);
  const working = (n: number) => ({ ...seed.policies[0], amount: n, unit: 'working_days' as const });
  const days = (n: number) => ({ ...seed.policies[0], amount: n, unit: 'days' as const });
  const plus = (p: SlaPolicy, from: string) => dueDate(calendar, p, from);

  it('skips weekends and does not count the day the clock starts', () => {
    expect(plus(working(1), '2026-03-06')).toBe('2026-03-09');
    expect(plus(working(10), '2026-03-02')).toBe('2026-03-16');
    expect(plus(days(1), '2026-03-05')).toBe('2026-03-06');
  });

  it('ends at 24:00 Vietnam time, from the Vietnamese date of the trigger', () => {
    expect(dueAt(calendar, working(1), vn('2026-03-02T23:30:00')).toISOString()).toBe(
      '2026-03-03T16:59:59.999Z',
    );
    expect(dueAt(calendar, working(1), vn('2026-03-03T00:30:00')).toISOString()).toBe(
      '2026-03-04T16:59:59.999Z',
    );
  });

  it('skips the nine days of Tết Ất Tỵ 2025', () => {
    expect(plus(working(1), '2025-01-24')).toBe('2025-02-03');
    expect(calendar.isWorkingDay('2025-01-29')).toBe(false);
  });

  it('skips Tết Bính Ngọ 2026 and rolls a plain-day limit ending inside it', () => {
    expect(plus(working(1), '2026-02-13')).toBe('2026-02-23');
    expect(plus(days(3), '2026-02-13')).toBe('2026-02-23');
  });

  it('counts make-up Saturdays as working days', () => {
    expect(calendar.isWorkingDay('2026-01-10')).toBe(true);
    expect(plus(working(1), '2026-01-09')).toBe('2026-01-10');
    expect(plus(working(1), '2025-04-25')).toBe('2025-04-26');
    expect(plus(working(1), '2024-05-03')).toBe('2024-05-04');
  });

  it('gives the compensatory day off when a holiday falls on a weekend', () => {
    // Hùng Kings' day 2026 is Sunday 26 April: Monday 27 April is off.
    expect(calendar.isWorkingDay('2026-04-27')).toBe(false);
    expect(plus(working(1), '2026-04-24')).toBe('2026-04-28');
    // 2 September 2029 is a Sunday (statutory default, provisional): the next working day is off.
    expect(calendar.isWorkingDay('2029-09-03')).toBe(false);
  });

  it('uses the statutory default computed from the lunar calendar for years the data does not cover', () => {
    expect(calendar.isWorkingDay('2031-01-01')).toBe(false);
    expect(plus(working(1), '2030-12-31')).toBe('2031-01-02');
    const tet = tetDate(2031);
    expect(calendar.isWorkingDay(tet)).toBe(false);
    expect(calendar.isWorkingDay('2099-01-01')).toBe(false);
  });
});
