import { describe, expect, it } from 'vitest';
import { computeDeadlines, computeFollowUpDeadline, extendClock, extendDeadline, readClock, remaining, slaLight, usedShare } from '../src/index.ts';
import type { SlaPolicy } from '../src/index.ts';
import { calendarWith, codeOf, config } from './support.ts';

const { policy, calendar } = config;

describe('computeFollowUpDeadline (回访)', () => {
  it('starts at the 办结 and counts the policy working days, over weekends and holidays', () => {
    // 80 % of three working days is 57.6 h: Friday's last 5 h, Monday, Tuesday and 4.6 h of Wednesday.
    expect(computeFollowUpDeadline('2025-11-14T19:00:00+08:00', policy, calendar)).toEqual({
      clock: { due: '2025-11-19T19:00:00+08:00', basis: 'working', duration: 'P3D', yellowAt: 0.8, warnAt: '2025-11-19T04:36:00+08:00', setBy: 'policy:followUp' },
      warnings: [],
    });
    // Resolved the day before 国庆: the eight days off do not count, the make-up Saturday (11 October) does.
    expect(computeFollowUpDeadline('2025-09-30T10:00:00+08:00', policy, calendar)?.clock.due).toBe('2025-10-11T10:00:00+08:00');
  });

  it('is absent when the policy sets no 回访 clock', () => {
    const { followUp: _none, ...withoutFollowUp } = policy;
    expect(computeFollowUpDeadline('2025-11-14T19:00:00+08:00', withoutFollowUp, calendar)).toBeUndefined();
  });
});

describe('computeDeadlines', () => {
  it('gives a ticket received on Friday evening its sign-for deadline on Monday', () => {
    const deadlines = computeDeadlines({ priority: 'normal', startAt: '2025-11-14T19:00:00+08:00' }, policy, calendar);
    expect(deadlines).toEqual({
      signForBy: '2025-11-17T19:00:00+08:00',
      firstContactBy: '2025-11-18T19:00:00+08:00',
      resolveBy: '2025-11-25T19:00:00+08:00',
      clocks: {
        // Yellow at 80 % of the window in working time: 19.2 h of P1D is Friday's last 5 h and 14.2 h of Monday.
        signFor: { due: '2025-11-17T19:00:00+08:00', basis: 'working', duration: 'P1D', yellowAt: 0.8, warnAt: '2025-11-17T14:12:00+08:00', setBy: 'priority:normal' },
        firstContact: { due: '2025-11-18T19:00:00+08:00', basis: 'working', duration: 'P2D', yellowAt: 0.8, warnAt: '2025-11-18T09:24:00+08:00', setBy: 'priority:normal' },
        resolve: { due: '2025-11-25T19:00:00+08:00', basis: 'working', duration: 'P7D', yellowAt: 0.8, warnAt: '2025-11-24T09:24:00+08:00', setBy: 'priority:normal' },
      },
      warnings: [],
    });
  });

  it('puts the sign-for deadline on a make-up working day when the weekend has one', () => {
    expect(computeDeadlines({ priority: 'normal', startAt: '2025-09-26T19:00:00+08:00' }, policy, calendar).signForBy).toBe('2025-09-28T19:00:00+08:00');
    expect(computeDeadlines({ priority: 'normal', startAt: '2026-02-13T19:00:00+08:00' }, policy, calendar).signForBy).toBe('2026-02-14T19:00:00+08:00');
  });

  it('runs working clocks over 国庆: seven working days from 30 September end on 16 October', () => {
    // 30 Sep from 10:00 (14 h), 9, 10, 11 (调休), 13, 14, 15 October (24 h each), then 10 h of 16 October.
    expect(computeDeadlines({ priority: 'normal', startAt: '2025-09-30T10:00:00+08:00' }, policy, calendar).resolveBy).toBe('2025-10-16T10:00:00+08:00');
  });

  it('runs calendar clocks straight through holidays', () => {
    const urgent = computeDeadlines({ priority: 'urgent', startAt: '2025-10-01T09:00:00+08:00' }, policy, calendar);
    expect([urgent.signForBy, urgent.firstContactBy, urgent.resolveBy]).toEqual([
      '2025-10-01T09:30:00+08:00',
      '2025-10-01T10:00:00+08:00',
      '2025-10-01T11:00:00+08:00',
    ]);
    const high = computeDeadlines({ priority: 'high', startAt: '2026-02-17T22:00:00+08:00' }, policy, calendar);
    expect([high.signForBy, high.firstContactBy, high.resolveBy]).toEqual([
      '2026-02-18T00:00:00+08:00',
      '2026-02-18T04:00:00+08:00',
      '2026-02-18T22:00:00+08:00',
    ]);
  });

  it('needs no holiday schedule for calendar clocks, even in an uncovered year', () => {
    const deadlines = computeDeadlines({ priority: 'high', startAt: '2027-01-01T08:00:00+08:00' }, policy, calendar);
    expect(deadlines.resolveBy).toBe('2027-01-02T08:00:00+08:00');
    expect(deadlines.warnings).toEqual([]);
  });

  it('throws for a working clock that reaches 2027 by default, and warns with the fallback', () => {
    const input = { priority: 'normal', startAt: '2026-12-30T10:00:00+08:00' } as const;
    expect(codeOf(() => computeDeadlines(input, policy, calendar))).toBe('SLA_CALENDAR_YEAR_NOT_COVERED');

    const deadlines = computeDeadlines(input, policy, calendarWith({ uncoveredYears: 'weekend-fallback' }));
    expect(deadlines.signForBy).toBe('2026-12-31T10:00:00+08:00');
    // 30 Dec (14 h), 31 Dec, then 1 Jan 2027 counted as an ordinary Friday (the real 元旦 is unknown), 4–7 Jan, 8 Jan 10 h.
    expect(deadlines.resolveBy).toBe('2027-01-08T10:00:00+08:00');
    expect(deadlines.warnings).toHaveLength(1);
    expect(deadlines.warnings[0]).toMatch(/^SLA_CALENDAR_FALLBACK: no holiday schedule for 2027/);
  });

  it('applies kind and complex rules in order, and says which rule set each clock', () => {
    const start = '2025-11-17T10:00:00+08:00'; // Monday
    const consultation = computeDeadlines({ priority: 'normal', kind: 'consultation', startAt: start }, policy, calendar);
    expect(consultation.clocks.resolve).toMatchObject({ due: '2025-11-20T10:00:00+08:00', duration: 'P3D', setBy: 'rule:consultation-normal' });
    expect(consultation.clocks.signFor.setBy).toBe('priority:normal');

    const complex = computeDeadlines({ priority: 'normal', kind: 'consultation', complex: true, startAt: start }, policy, calendar);
    expect(complex.clocks.resolve).toMatchObject({ due: '2025-12-08T10:00:00+08:00', duration: 'P15D', basis: 'working', setBy: 'rule:complex' });
    expect(complex.warnings).toEqual([]);

    const highComplex = computeDeadlines({ priority: 'high', complex: true, startAt: start }, policy, calendar);
    expect(highComplex.clocks.signFor).toMatchObject({ duration: 'PT2H', basis: 'calendar' });
    expect(highComplex.clocks.resolve).toMatchObject({ duration: 'P15D', basis: 'working' });
  });

  it('matches category rules exactly', () => {
    const withCategory: SlaPolicy = {
      ...policy,
      rules: [
        {
          id: 'noise-night',
          description: 'test',
          when: { category: ['噪音扰民'] },
          clocks: { firstContact: { duration: 'PT4H', basis: 'calendar', source: 'test' } },
        },
      ],
    };
    const start = '2025-11-17T22:00:00+08:00';
    expect(computeDeadlines({ priority: 'normal', category: '噪音扰民', startAt: start }, withCategory, calendar).clocks.firstContact).toMatchObject({
      due: '2025-11-18T02:00:00+08:00', setBy: 'rule:noise-night',
    });
    expect(computeDeadlines({ priority: 'normal', category: '噪音', startAt: start }, withCategory, calendar).clocks.firstContact.setBy).toBe('priority:normal');
    expect(computeDeadlines({ priority: 'normal', startAt: start }, withCategory, calendar).clocks.firstContact.setBy).toBe('priority:normal');
  });

  it('keeps the emergency clocks of an urgent ticket marked complex, with a warning', () => {
    const deadlines = computeDeadlines({ priority: 'urgent', complex: true, startAt: '2025-11-17T10:00:00+08:00' }, policy, calendar);
    expect(deadlines.resolveBy).toBe('2025-11-17T12:00:00+08:00');
    expect(deadlines.warnings).toEqual([expect.stringMatching(/^SLA_COMPLEX_IGNORED/)]);
  });

  it('accepts any offset and answers in Shanghai time', () => {
    const fromUtc = computeDeadlines({ priority: 'normal', startAt: '2025-11-14T11:00:00Z' }, policy, calendar);
    const fromParis = computeDeadlines({ priority: 'normal', startAt: new Date('2025-11-14T12:00:00+01:00') }, policy, calendar);
    expect(fromUtc.signForBy).toBe('2025-11-17T19:00:00+08:00');
    expect(fromParis).toEqual(fromUtc);
    // 23:30 UTC on Friday is 07:30 on Saturday in Shanghai: the clock starts on Monday, not on Friday.
    expect(computeDeadlines({ priority: 'normal', startAt: '2025-11-14T23:30:00Z' }, policy, calendar).signForBy).toBe('2025-11-18T00:00:00+08:00');
    expect(codeOf(() => computeDeadlines({ priority: 'normal', startAt: '2025-11-14 19:00' }, policy, calendar))).toBe('SLA_INVALID_TIME');
  });

  it('follows a business-hours working-time model when the policy chooses one', () => {
    const officeHours: SlaPolicy = {
      ...policy,
      workingTime: { model: 'business-hours', periods: [{ start: '09:00', end: '12:00' }, { start: '13:30', end: '17:30' }], source: 'test' },
    };
    const deadlines = computeDeadlines({ priority: 'normal', startAt: '2025-11-14T19:00:00+08:00' }, officeHours, calendar);
    expect(deadlines.signForBy).toBe('2025-11-17T17:30:00+08:00');
    expect(deadlines.firstContactBy).toBe('2025-11-18T17:30:00+08:00');
    // 80 % of a 7 h working day is 5 h 36 min of office hours: 09:00–12:00, then 13:30 + 2 h 36 min.
    expect(deadlines.clocks.signFor.warnAt).toBe('2025-11-17T16:06:00+08:00');
  });

  it('puts the yellow point of a calendar clock at its share of the plain window', () => {
    const urgent = computeDeadlines({ priority: 'urgent', startAt: '2025-10-01T09:00:00+08:00' }, policy, calendar);
    expect(urgent.clocks.signFor).toMatchObject({ basis: 'calendar', due: '2025-10-01T09:30:00+08:00', yellowAt: 0.8, warnAt: '2025-10-01T09:24:00+08:00' });
  });

  it('warns when a policy makes a clock due after the resolve clock', () => {
    const odd: SlaPolicy = {
      ...policy,
      clocks: { ...policy.clocks, normal: { ...policy.clocks.normal, signFor: { duration: 'P10D', basis: 'working', source: 'test' } } },
    };
    const deadlines = computeDeadlines({ priority: 'normal', startAt: '2025-11-17T10:00:00+08:00' }, odd, calendar);
    expect(deadlines.warnings).toEqual([expect.stringMatching(/^SLA_CLOCK_ORDER: signFor/)]);
  });
});

describe('extendDeadline (延期)', () => {
  it('adds working days after the current due, skipping the holiday', () => {
    expect(extendDeadline('2025-09-30T10:00:00+08:00', 'P2D', 'working', calendar)).toEqual({ due: '2025-10-10T10:00:00+08:00', warnings: [] });
    expect(extendDeadline('2025-11-25T19:00:00+08:00', 'P5D', 'working', calendar).due).toBe('2025-12-02T19:00:00+08:00');
  });

  it('adds calendar time on a calendar clock', () => {
    expect(extendDeadline('2025-10-01T11:00:00+08:00', 'PT12H', 'calendar', calendar).due).toBe('2025-10-01T23:00:00+08:00');
    expect(extendDeadline('2026-12-31T11:00:00+08:00', 'P2D', 'calendar', calendar).due).toBe('2027-01-02T11:00:00+08:00');
  });

  it('refuses a zero or unsupported amount, and an uncovered year on a working clock', () => {
    expect(codeOf(() => extendDeadline('2025-10-01T11:00:00+08:00', 'P0D', 'working', calendar))).toBe('SLA_INVALID_DURATION');
    expect(codeOf(() => extendDeadline('2025-10-01T11:00:00+08:00', 'P1W', 'working', calendar))).toBe('SLA_INVALID_DURATION');
    expect(codeOf(() => extendDeadline('2026-12-28T11:00:00+08:00', 'P5D', 'working', calendar))).toBe('SLA_CALENDAR_YEAR_NOT_COVERED');
    const fallback = extendDeadline('2026-12-28T11:00:00+08:00', 'P5D', 'working', calendarWith({ uncoveredYears: 'weekend-fallback' }));
    expect(fallback.due).toBe('2027-01-04T11:00:00+08:00');
    expect(fallback.warnings).toEqual([expect.stringMatching(/^SLA_CALENDAR_FALLBACK/)]);
  });
});

describe('extendClock (延期 of a running clock)', () => {
  it('moves the yellow point with the due to the same share of the longer window', () => {
    // P7D from Friday 19:00 was due on the 25th; five working days more make twelve, and 80 % of twelve working
    // days (230.4 h) from Friday 19:00 ends at 09:24 on Friday the 28th.
    const extended = extendClock({ startAt: '2025-11-14T19:00:00+08:00', due: '2025-11-25T19:00:00+08:00', basis: 'working', yellowAt: 0.8 }, 'P5D', calendar);
    expect(extended).toEqual({ due: '2025-12-02T19:00:00+08:00', warnAt: '2025-11-28T09:24:00+08:00', warnings: [] });
    const calendarClock = extendClock({ startAt: '2025-10-01T09:00:00+08:00', due: '2025-10-01T21:00:00+08:00', basis: 'calendar', yellowAt: 0.8 }, 'PT12H', calendar);
    expect(calendarClock).toEqual({ due: '2025-10-02T09:00:00+08:00', warnAt: '2025-10-02T04:12:00+08:00', warnings: [] });
  });

  it('agrees with the light: green before the new yellow point, yellow from it', () => {
    const extended = extendClock({ startAt: '2025-11-17T00:00:00+08:00', due: '2025-11-18T00:00:00+08:00', basis: 'working', yellowAt: 0.5 }, 'PT12H', calendar);
    expect(extended.warnAt).toBe('2025-11-17T18:00:00+08:00');
    const at = (now: string) => slaLight({ startAt: '2025-11-17T00:00:00+08:00', due: extended.due, now, yellowAt: 0.5, basis: 'working', calendar });
    expect([at('2025-11-17T17:59:00+08:00'), at('2025-11-17T18:00:00+08:00')]).toEqual(['green', 'yellow']);
  });
});

describe('slaLight', () => {
  // A ten-hour calendar window: 1 % is six minutes.
  const window = { startAt: '2025-11-17T00:00:00+08:00', due: '2025-11-17T10:00:00+08:00', yellowAt: 0.8 };

  it('is green at 0 % and 79 %, yellow at 80 % and 81 %, red at 100 % and 101 %', () => {
    expect(slaLight({ ...window, now: '2025-11-17T00:00:00+08:00' })).toBe('green');
    expect(slaLight({ ...window, now: '2025-11-17T07:54:00+08:00' })).toBe('green');
    expect(slaLight({ ...window, now: '2025-11-17T08:00:00+08:00' })).toBe('yellow');
    expect(slaLight({ ...window, now: '2025-11-17T08:06:00+08:00' })).toBe('yellow');
    expect(slaLight({ ...window, now: '2025-11-17T10:00:00+08:00' })).toBe('red');
    expect(slaLight({ ...window, now: '2025-11-17T10:06:00+08:00' })).toBe('red');
    expect(slaLight({ ...window, now: '2025-11-16T23:00:00+08:00' })).toBe('green');
    expect(usedShare({ ...window, now: '2025-11-17T07:54:00+08:00' })).toBeCloseTo(0.79, 10);
  });

  it('measures a working clock in working time, so the weekend does not use the window', () => {
    // Friday 19:00 → Monday 19:00 is 24 working hours; Monday 14:00 has used 19 of them (79 %), 14:30 19.5 (81 %).
    const signFor = { startAt: '2025-11-14T19:00:00+08:00', due: '2025-11-17T19:00:00+08:00', yellowAt: 0.8, basis: 'working', calendar } as const;
    expect(slaLight({ ...signFor, now: '2025-11-16T12:00:00+08:00' })).toBe('green');
    expect(slaLight({ ...signFor, now: '2025-11-17T14:00:00+08:00' })).toBe('green');
    expect(slaLight({ ...signFor, now: '2025-11-17T14:30:00+08:00' })).toBe('yellow');
    expect(slaLight({ ...signFor, now: '2025-11-17T19:06:00+08:00' })).toBe('red');
    // The same window on the wall clock would already be yellow on Monday at 14:00 (67 of 72 hours).
    expect(slaLight({ ...signFor, basis: 'calendar', now: '2025-11-17T14:00:00+08:00' })).toBe('yellow');
  });

  it('refuses a yellow share outside (0, 1]', () => {
    expect(codeOf(() => slaLight({ ...window, yellowAt: 0, now: '2025-11-17T01:00:00+08:00' }))).toBe('SLA_INVALID_SHARE');
  });
});

describe('remaining', () => {
  it('counts calendar time to the due, negative once overdue', () => {
    expect(remaining('2025-11-17T10:00:00+08:00', '2025-11-17T07:40:00+08:00', 'calendar', calendar)).toEqual({
      milliseconds: 140 * 60_000, duration: 'PT2H20M', overdue: false, basis: 'calendar', warnings: [],
    });
    expect(remaining('2025-11-17T10:00:00+08:00', '2025-11-17T10:30:00+08:00', 'calendar', calendar)).toMatchObject({ duration: '-PT30M', overdue: true });
  });

  it('counts working time on a working clock', () => {
    expect(remaining('2025-11-17T19:00:00+08:00', '2025-11-15T12:00:00+08:00', 'working', calendar)).toMatchObject({ duration: 'PT19H', overdue: false });
    expect(remaining('2025-10-16T10:00:00+08:00', '2025-09-30T10:00:00+08:00', 'working', calendar).duration).toBe('P7D');
    expect(remaining('2025-11-17T19:00:00+08:00', '2025-11-18T01:00:00+08:00', 'working', calendar)).toMatchObject({ duration: '-PT6H', overdue: true });
  });

  it('reads a stored clock: light, share and remaining time at once', () => {
    const startAt = '2025-11-14T19:00:00+08:00';
    const deadlines = computeDeadlines({ priority: 'normal', startAt }, policy, calendar);
    const reading = readClock(startAt, deadlines.clocks.signFor, '2025-11-17T14:30:00+08:00', policy, calendar);
    expect(reading.light).toBe('yellow');
    expect(reading.usedShare).toBeCloseTo(19.5 / 24, 10);
    expect(reading.remaining).toMatchObject({ duration: 'PT4H30M', overdue: false, basis: 'working' });
  });
});
