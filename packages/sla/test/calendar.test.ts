import { afterEach, describe, expect, it } from 'vitest';
import { calendarCoverage, calendarHorizon, toShanghaiIso } from '../src/index.ts';
import { calendarWith, codeOf, config, thrown } from './support.ts';

const calendar = config.calendar;
const iso = (date: Date) => toShanghaiIso(date);
const HOUR = 60 * 60 * 1000;
const lunchBreak = [
  { start: '09:00', end: '12:00' },
  { start: '13:30', end: '17:30' },
];

describe('working days', () => {
  it('does not count a statutory holiday that falls on a weekday', () => {
    expect(calendar.isWorkingDay('2025-10-01')).toBe(false); // Wednesday, 国庆
    expect(calendar.isWorkingDay('2025-05-05')).toBe(false); // Monday, 劳动节
    expect(calendar.isWorkingDay('2026-02-16')).toBe(false); // Monday, 春节
    expect(calendar.describeDay('2025-10-01')).toEqual({
      date: '2025-10-01', weekday: 3, working: false, reason: 'holiday', holiday: '国庆节、中秋节', covered: true,
    });
  });

  it('counts a 调休 make-up Saturday or Sunday as a working day, and no other weekend day', () => {
    expect(calendar.isWorkingDay('2025-10-11')).toBe(true); // Saturday
    expect(calendar.isWorkingDay('2025-09-28')).toBe(true); // Sunday
    expect(calendar.isWorkingDay('2026-02-14')).toBe(true); // Saturday before 春节
    expect(calendar.describeDay('2025-10-11').reason).toBe('make-up-workday');
    expect(calendar.isWorkingDay('2025-10-18')).toBe(false); // an ordinary Saturday
    expect(calendar.describeDay('2025-10-15')).toMatchObject({ working: true, reason: 'workday' });
  });

  it('adds working days across 国庆 2025 (1–8 October off, 28 September and 11 October worked)', () => {
    expect(iso(calendar.addWorkingDays('2025-09-30T10:00:00+08:00', 1))).toBe('2025-10-09T10:00:00+08:00');
    expect(iso(calendar.addWorkingDays('2025-09-30T10:00:00+08:00', 3))).toBe('2025-10-11T10:00:00+08:00');
    // Friday before: the make-up Sunday counts, the Saturday does not.
    expect(iso(calendar.addWorkingDays('2025-09-26T10:00:00+08:00', 2))).toBe('2025-09-29T10:00:00+08:00');
  });

  it('adds working days across 春节 2026 (15–23 February off, 14 and 28 February worked)', () => {
    expect(iso(calendar.addWorkingDays('2026-02-13T10:00:00+08:00', 2))).toBe('2026-02-24T10:00:00+08:00');
    expect(iso(calendar.addWorkingDays('2026-02-13T10:00:00+08:00', 5))).toBe('2026-02-27T10:00:00+08:00');
    expect(iso(calendar.addWorkingDays('2026-02-13T10:00:00+08:00', 6))).toBe('2026-02-28T10:00:00+08:00');
  });

  it('starts a working clock at the next working midnight when started on a rest day', () => {
    expect(iso(calendar.addWorkingDays('2025-11-15T10:00:00+08:00', 1))).toBe('2025-11-18T00:00:00+08:00'); // Sat → end of Monday
    expect(iso(calendar.addWorkingHours('2025-10-03T15:00:00+08:00', 2))).toBe('2025-10-09T02:00:00+08:00');
  });

  it('returns the start for zero and refuses negative or fractional days', () => {
    expect(iso(calendar.addWorkingDays('2025-10-03T15:00:00+08:00', 0))).toBe('2025-10-03T15:00:00+08:00');
    expect(codeOf(() => calendar.addWorkingDays('2025-10-03T15:00:00+08:00', -1))).toBe('SLA_INVALID_DURATION');
    expect(codeOf(() => calendar.addWorkingDays('2025-10-03T15:00:00+08:00', 1.5))).toBe('SLA_INVALID_DURATION');
  });

  it('measures working time between two instants, negative when reversed', () => {
    expect(calendar.workingTimeBetween('2025-11-14T19:00:00+08:00', '2025-11-17T19:00:00+08:00')).toBe(24 * HOUR);
    expect(calendar.workingTimeBetween('2025-11-17T19:00:00+08:00', '2025-11-14T19:00:00+08:00')).toBe(-24 * HOUR);
    expect(calendar.workingTimeBetween('2025-09-30T00:00:00+08:00', '2025-10-09T00:00:00+08:00')).toBe(24 * HOUR);
    expect(calendar.workingTimeBetween('2025-10-02T00:00:00+08:00', '2025-10-05T00:00:00+08:00')).toBe(0);
  });

  it('runs only inside business hours when working hours are given', () => {
    expect(iso(calendar.addWorkingHours('2025-11-17T11:30:00+08:00', 1, lunchBreak))).toBe('2025-11-17T14:00:00+08:00');
    // Friday evening: the clock waits for Monday 09:00; one business day is 7 hours.
    expect(iso(calendar.addWorkingDays('2025-11-14T19:00:00+08:00', 1, lunchBreak))).toBe('2025-11-17T17:30:00+08:00');
    expect(iso(calendar.addWorkingDays('2025-11-18T11:00:00+08:00', 1, lunchBreak))).toBe('2025-11-19T11:00:00+08:00');
    expect(calendar.workingTimeBetween('2025-11-17T08:00:00+08:00', '2025-11-17T20:00:00+08:00', lunchBreak)).toBe(7 * HOUR);
    expect(codeOf(() => calendar.addWorkingHours('2025-11-17T11:30:00+08:00', 1, [{ start: '13:00', end: '12:00' }]))).toBe(
      'SLA_INVALID_WORKING_HOURS',
    );
  });

  it('keeps rejecting an invalid set of working hours, and answers the same for a valid set on every call', () => {
    const inverted = [{ start: '13:00', end: '12:00' }];
    for (let call = 0; call < 2; call++) {
      expect(codeOf(() => calendar.addWorkingHours('2025-11-17T11:30:00+08:00', 1, inverted))).toBe('SLA_INVALID_WORKING_HOURS');
    }
    const first = iso(calendar.addWorkingDays('2025-11-14T19:00:00+08:00', 1, lunchBreak));
    expect(iso(calendar.addWorkingDays('2025-11-14T19:00:00+08:00', 1, lunchBreak))).toBe(first);
  });
});

describe('years the holiday file does not cover', () => {
  it('throws a coded error by default, naming the year and what is covered', () => {
    const error = thrown(() => calendar.isWorkingDay('2027-01-04'));
    expect(error.code).toBe('SLA_CALENDAR_YEAR_NOT_COVERED');
    expect(error.retriable).toBe(false);
    expect(error.details).toMatchObject({ year: 2027, date: '2027-01-04', coveredYears: [2025, 2026] });
    expect(error.message).toContain('2027');
    expect(codeOf(() => calendar.addWorkingDays('2026-12-31T10:00:00+08:00', 1))).toBe('SLA_CALENDAR_YEAR_NOT_COVERED');
    expect(codeOf(() => calendar.isWorkingDay('2024-12-31'))).toBe('SLA_CALENDAR_YEAR_NOT_COVERED');
  });

  it('with the opt-in fallback, treats the year as Monday–Friday and says so', () => {
    const fallback = calendarWith({ uncoveredYears: 'weekend-fallback' });
    expect(fallback.describeDay('2027-01-01')).toEqual({ date: '2027-01-01', weekday: 5, working: true, reason: 'uncovered-weekday', covered: false });
    expect(fallback.isWorkingDay('2027-01-02')).toBe(false);
    expect(iso(fallback.addWorkingDays('2026-12-31T10:00:00+08:00', 1))).toBe('2027-01-01T10:00:00+08:00');
    const warnings = fallback.coverageWarnings('2026-12-31T10:00:00+08:00', '2027-01-01T10:00:00+08:00');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^SLA_CALENDAR_FALLBACK: no holiday schedule for 2027/);
    expect(fallback.coverageWarnings('2026-10-01T00:00:00+08:00', '2026-12-31T23:00:00+08:00')).toEqual([]);
  });

  it('warns ahead of time when the holiday file is about to run out', () => {
    expect(calendarHorizon(calendar, '2026-06-01T00:00:00+08:00')).toBeUndefined();
    const ending = calendarHorizon(calendar, '2026-12-01T00:00:00+08:00');
    expect(ending).toMatchObject({ code: 'SLA_CALENDAR_ENDING', missingYear: 2027, coveredUntil: '2026-12-31', daysLeft: 30 });
    expect(ending?.message).toMatch(/^SLA_CALENDAR_ENDING: .*2026-12-31 \(30 days .*the 2027 State Council notice/);
    // The window is 45 days, counted in Shanghai days: 45 left is not yet, 44 is.
    expect(calendarHorizon(calendar, '2026-11-16T23:59:00+08:00')).toBeUndefined();
    expect(calendarHorizon(calendar, '2026-11-16T16:00:00Z')?.daysLeft).toBe(44);
    expect(calendarHorizon(calendar, '2025-12-01T00:00:00+08:00')).toBeUndefined(); // 2026 follows
    const past = calendarHorizon(calendar, '2027-01-02T00:00:00+08:00');
    expect(past).toMatchObject({ code: 'SLA_CALENDAR_NOT_COVERED', missingYear: 2027 });
    expect(past).toMatchObject({ daysLeft: 0 });
    expect(past).not.toHaveProperty('coveredUntil');
    // The reach itself, warning or not (the tracker's gauge): 2025 is followed by 2026.
    expect(calendarCoverage(calendar, '2025-03-01T12:00:00+08:00')).toEqual({ missingYear: 2027, coveredUntil: '2026-12-31', daysLeft: 670 });
    expect(past?.message).toMatch(/^SLA_CALENDAR_NOT_COVERED: .*2027/);
  });

  it('keeps covered years exact in fallback mode', () => {
    const fallback = calendarWith({ uncoveredYears: 'weekend-fallback' });
    expect(fallback.isWorkingDay('2026-10-01')).toBe(false);
    expect(fallback.isWorkingDay('2026-10-10')).toBe(true);
  });
});

describe('time zone', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  it('decides the day on the Shanghai wall clock, not UTC', () => {
    // 16:30 UTC on 30 September is 00:30 on 1 October in Shanghai: already 国庆.
    expect(calendar.isWorkingDay('2025-09-30T16:30:00Z')).toBe(false);
    expect(calendar.isWorkingDay(new Date('2025-09-30T15:59:59Z'))).toBe(true);
    expect(calendar.isWorkingDay('2025-10-08T16:00:00Z')).toBe(true); // 9 October 00:00 in Shanghai
    expect(toShanghaiIso(new Date('2025-09-30T16:30:00Z'))).toBe('2025-10-01T00:30:00+08:00');
    expect(toShanghaiIso('2025-10-01T00:30:00.250+08:00')).toBe('2025-10-01T00:30:00.250+08:00');
  });

  it('gives the same answers whatever the host time zone is', () => {
    for (const tz of ['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati']) {
      process.env.TZ = tz;
      expect(calendar.isWorkingDay(new Date('2025-09-30T16:30:00Z'))).toBe(false);
      expect(iso(calendar.addWorkingDays(new Date('2025-11-14T11:00:00Z'), 1))).toBe('2025-11-17T19:00:00+08:00');
    }
  });

  it('refuses times without an offset, and impossible dates', () => {
    expect(codeOf(() => calendar.isWorkingDay('2025-10-01T10:00:00'))).toBe('SLA_INVALID_TIME');
    expect(codeOf(() => calendar.isWorkingDay('2025-02-30'))).toBe('SLA_INVALID_TIME');
    expect(codeOf(() => calendar.addWorkingDays('2025-02-30T10:00:00+08:00', 1))).toBe('SLA_INVALID_TIME');
    expect(codeOf(() => calendar.addWorkingDays(new Date('nonsense'), 1))).toBe('SLA_INVALID_TIME');
  });
});
