import { calendarFor, FakeClock, WorkingCalendar } from '@lib/domain';
import { checkExtension, dueAfterPause } from './deadline-changes';
import {
  dueSteps,
  eventIdOfStep,
  LadderRule,
  ladderSequence,
  nextFireAt,
  planStep,
  selectRule,
  TimerState,
} from './ladder';

const calendar = new WorkingCalendar(calendarFor([2026, 2027]));
// Vietnamese wall-clock time (UTC+7) as an instant.
const vn = (local: string) => new Date(`${local}+07:00`);
const endOfDay = (date: string) => vn(`${date}T23:59:59.999`);

const rule = (over: Partial<LadderRule> = {}): LadderRule => ({
  key: 'LADDER-test@v1',
  id: 'LADDER-test',
  version: 'v1',
  effectiveFrom: new Date('2024-01-01T00:00:00+07:00'),
  stage: null,
  policyId: null,
  warningWorkingDays: 2,
  escalateAfterWorkingDays: 3,
  nextRungAfterWorkingDays: 5,
  maxLevel: null,
  isPausable: true,
  onReassignment: 'keep',
  maxExtensions: 0,
  maxExtensionDays: 0,
  legalBasis: 'test',
  ...over,
});

const chain = [
  { unitId: 'hn-q-bd', unitName: 'UBND quận Ba Đình', level: 'district', headStaffId: 'st-bd-head' },
  { unitId: 'hn', unitName: 'UBND thành phố Hà Nội', level: 'city', headStaffId: 'st-hn-head' },
];

const timer = (over: Partial<TimerState> = {}): TimerState => ({
  caseId: '6f1c1d1e-1111-4222-8333-444455556666',
  stage: 'processing',
  round: 0,
  nextStep: 0,
  dueAt: endOfDay('2026-03-13'), // a Friday
  startedAt: vn('2026-02-27T09:00:00'),
  leadUnitId: 'hn-p-kim-ma',
  leadUnitName: 'UBND phường Kim Mã',
  handlerId: 'st-km-1',
  responsiblePersonId: 'st-km-head',
  chain,
  ...over,
});

describe('escalation ladder', () => {
  it('climbs warning, overdue, then one rung per ancestor up to the top or the cap', () => {
    expect(ladderSequence(rule(), 2)).toEqual([
      { step: 'warning', level: 0 },
      { step: 'overdue', level: 0 },
      { step: 'escalated', level: 1 },
      { step: 'escalated', level: 2 },
    ]);
    expect(ladderSequence(rule({ maxLevel: 1, warningWorkingDays: 0 }), 2)).toEqual([
      { step: 'overdue', level: 0 },
      { step: 'escalated', level: 1 },
    ]);
  });

  it('counts across a weekend: warning Thursday, overdue at the end of Friday, escalation after 3 working days', () => {
    const clock = new FakeClock(vn('2026-03-11T23:59:00'));
    const t = timer();
    expect(dueSteps(calendar, rule(), t, clock.now()).fired).toEqual([]);
    expect(nextFireAt(calendar, rule(), t)).toEqual(vn('2026-03-12T00:00:00'));

    clock.set(vn('2026-03-13T23:59:59'));
    let due = dueSteps(calendar, rule(), t, clock.now());
    expect(due.fired.map((s) => s.step)).toEqual(['warning']);
    expect(due.fired[0]).toMatchObject({
      targetUnitId: 'hn-p-kim-ma',
      targetPersonId: 'st-km-1',
      daysOverdue: 0,
    });
    expect(due.fired[0].reason).toContain('còn 2 ngày làm việc');
    expect(due.nextFireAt).toEqual(vn('2026-03-14T00:00:00')); // Saturday 00:00: the due moment has passed

    clock.set(vn('2026-03-18T23:59:59')); // Mon, Tue, Wed overdue: not yet three whole working days
    due = dueSteps(calendar, rule(), { ...t, nextStep: 1 }, clock.now());
    expect(due.fired.map((s) => [s.step, s.level, s.targetPersonId])).toEqual([['overdue', 0, 'st-km-head']]);
    expect(due.nextFireAt).toEqual(vn('2026-03-19T00:00:00'));

    clock.set(vn('2026-03-19T00:00:00'));
    due = dueSteps(calendar, rule(), { ...t, nextStep: 2 }, clock.now());
    expect(due.fired).toHaveLength(1);
    expect(due.fired[0]).toMatchObject({
      step: 'escalated',
      level: 1,
      targetUnitId: 'hn-q-bd',
      targetPersonId: 'st-bd-head',
      daysOverdue: 3,
    });
    expect(due.fired[0].reason).toContain('UBND quận Ba Đình');
    // The next rung 5 working days later: Thu 19, Fri 20, Mon 23, Tue 24, Wed 25 → Thursday 26 at 00:00.
    expect(due.nextFireAt).toEqual(vn('2026-03-26T00:00:00'));
  });

  it('skips Tết 2027 (5 and 8–11 Feb are days off): escalation waits until 17 Feb', () => {
    const t = timer({ dueAt: endOfDay('2027-02-04'), startedAt: vn('2027-01-21T10:00:00') });
    const clock = new FakeClock(vn('2027-02-05T00:00:00'));
    expect(dueSteps(calendar, rule(), t, clock.now()).fired.map((s) => s.step)).toEqual([
      'warning',
      'overdue',
    ]);
    expect(planStep(calendar, rule(), t, 0)?.fireAt).toEqual(vn('2027-02-03T00:00:00'));

    clock.set(vn('2027-02-16T23:59:59')); // overdue working days so far: Fri 12, Mon 15, Tue 16 (not yet ended)
    expect(dueSteps(calendar, rule(), { ...t, nextStep: 2 }, clock.now()).fired).toEqual([]);
    clock.set(vn('2027-02-17T00:00:00'));
    const due = dueSteps(calendar, rule(), { ...t, nextStep: 2 }, clock.now());
    expect(due.fired.map((s) => [s.step, s.level, s.daysOverdue])).toEqual([['escalated', 1, 3]]);
  });

  it('catches up every missed step in order, and completes at the top of the tree', () => {
    const due = dueSteps(calendar, rule(), timer(), vn('2026-06-01T00:00:00'));
    expect(due.fired.map((s) => `${s.step}:${s.level}`)).toEqual([
      'warning:0',
      'overdue:0',
      'escalated:1',
      'escalated:2',
    ]);
    expect(due.nextStep).toBe(4);
    expect(due.nextFireAt).toBeNull();
    expect(new Set(due.fired.map((s) => s.stepId)).size).toBe(4);
  });

  it('never warns before the clock started', () => {
    const t = timer({ startedAt: vn('2026-03-13T08:00:00') });
    expect(planStep(calendar, rule(), t, 0)?.fireAt).toEqual(vn('2026-03-13T08:00:00'));
  });

  it('gives each step a stable id and event id, different per round', () => {
    const a = planStep(calendar, rule(), timer(), 1)!;
    const b = planStep(calendar, rule(), timer({ round: 1 }), 1)!;
    expect(a.stepId).toBe('6f1c1d1e-1111-4222-8333-444455556666:processing:r0:overdue:0');
    expect(eventIdOfStep(a.stepId)).toBe(eventIdOfStep(a.stepId));
    expect(eventIdOfStep(a.stepId)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(eventIdOfStep(b.stepId)).not.toBe(eventIdOfStep(a.stepId));
  });

  it('selects the policy-specific rule in force when the clock starts', () => {
    const rules = [
      rule({ key: 'd', id: 'd' }),
      rule({ key: 'res', id: 'res', stage: 'resolution' }),
      rule({
        key: 'c',
        id: 'c',
        stage: 'resolution',
        policyId: 'SLA-resolution-complaint',
        isPausable: false,
      }),
      rule({
        key: 'c26',
        id: 'c26',
        stage: 'resolution',
        policyId: 'SLA-resolution-complaint',
        effectiveFrom: vn('2026-07-01T00:00:00'),
      }),
    ];
    expect(selectRule(rules, 'processing', 'SLA-processing-all', vn('2026-03-01T00:00:00'))?.key).toBe('d');
    expect(selectRule(rules, 'resolution', 'SLA-resolution-x', vn('2026-03-01T00:00:00'))?.key).toBe('res');
    expect(selectRule(rules, 'resolution', 'SLA-resolution-complaint', vn('2026-06-30T23:00:00'))?.key).toBe(
      'c',
    );
    expect(selectRule(rules, 'resolution', 'SLA-resolution-complaint', vn('2026-07-01T00:00:00'))?.key).toBe(
      'c26',
    );
  });
});

describe('deadline changes', () => {
  const denunciation = rule({ maxExtensions: 2, maxExtensionDays: 30, legalBasis: 'LTC Điều 30' });

  it('allows at most two extensions of at most 30 days each', () => {
    const t = { dueAt: endOfDay('2026-04-10'), extensionCount: 0 };
    expect(checkExtension(calendar, denunciation, t, endOfDay('2026-05-08'))).toEqual({ isAllowed: true });
    expect(
      checkExtension(calendar, denunciation, { ...t, extensionCount: 1 }, endOfDay('2026-05-08')),
    ).toEqual({
      isAllowed: true,
    });
    const third = checkExtension(calendar, denunciation, { ...t, extensionCount: 2 }, endOfDay('2026-05-08'));
    expect(third).toMatchObject({ isAllowed: false, reason: expect.stringContaining('tối đa 2 lần') });
  });

  it('refuses an extension longer than 30 days, but lets the 30th day roll past a weekend', () => {
    const t = { dueAt: endOfDay('2026-04-10'), extensionCount: 0 }; // +30 days = Sun 10 May → Mon 11 May
    expect(checkExtension(calendar, denunciation, t, endOfDay('2026-05-11')).isAllowed).toBe(true);
    expect(checkExtension(calendar, denunciation, t, endOfDay('2026-05-12'))).toMatchObject({
      isAllowed: false,
      reason: expect.stringContaining('quá 30 ngày'),
    });
    expect(checkExtension(calendar, denunciation, t, endOfDay('2026-04-09')).isAllowed).toBe(false);
    expect(checkExtension(calendar, rule(), t, endOfDay('2026-04-20')).isAllowed).toBe(false);
  });

  it('moves the due date by the working days the clock stood still', () => {
    // Paused Friday 6 Mar, resumed Wednesday 11 Mar: Mon, Tue, Wed did not count.
    const moved = dueAfterPause(
      calendar,
      endOfDay('2026-03-13'),
      vn('2026-03-06T10:00:00'),
      vn('2026-03-11T15:00:00'),
    );
    expect(moved).toEqual({ pausedWorkingDays: 3, dueAt: endOfDay('2026-03-18') });
    // Paused over Tết 2027: 4 Feb → 15 Feb is only Fri 12 and Mon 15.
    const tet = dueAfterPause(
      calendar,
      endOfDay('2027-02-26'),
      vn('2027-02-04T10:00:00'),
      vn('2027-02-15T09:00:00'),
    );
    expect(tet).toEqual({ pausedWorkingDays: 2, dueAt: endOfDay('2027-03-02') });
    const sameDay = dueAfterPause(
      calendar,
      endOfDay('2026-03-13'),
      vn('2026-03-06T08:00:00'),
      vn('2026-03-06T16:00:00'),
    );
    expect(sameDay.pausedWorkingDays).toBe(0);
  });
});
