import { SlaError } from './errors.ts';
import type { HolidaysConfig } from './holidays.ts';
import { HolidaysConfigSchema } from './holidays.ts';
import type { Instant } from './time.ts';
import { HOUR_MS, dayKey, dayOfWeek, dayStartMs, dayYear, parseDayKey, shanghaiDayNumber, toDayNumber, toEpochMs } from './time.ts';
import type { BusinessPeriod, DayWindows } from './working-hours.ts';
import { dayWindows, workingDayLengthMs } from './working-hours.ts';

/**
 * What to do when a working-time question reaches a year the holiday file does not cover.
 * - `error` (default): throw `SLA_CALENDAR_YEAR_NOT_COVERED`. Nothing is guessed.
 * - `weekend-fallback`: treat Monday–Friday as working and Saturday/Sunday as rest for that year, and let the caller
 *   collect a warning (`coverageWarnings`, and the `warnings` of `computeDeadlines` / `remaining`) to log or store.
 */
export type UncoveredYearPolicy = 'error' | 'weekend-fallback';

export interface CalendarOptions {
  uncoveredYears?: UncoveredYearPolicy;
}

export type DayReason = 'workday' | 'weekend' | 'holiday' | 'make-up-workday' | 'uncovered-weekday' | 'uncovered-weekend';

export interface DayInfo {
  /** `YYYY-MM-DD` on the Shanghai calendar. */
  date: string;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  working: boolean;
  reason: DayReason;
  /** The festival, for a statutory holiday. */
  holiday?: string;
  /** False when the year is not in the holiday file (only reachable with `weekend-fallback`). */
  covered: boolean;
}

export interface WorkingCalendar {
  readonly coveredYears: readonly number[];
  readonly uncoveredYears: UncoveredYearPolicy;
  /** A Date / ISO date-time is the Shanghai day it falls on; a `YYYY-MM-DD` string is that date. */
  describeDay(date: Instant): DayInfo;
  isWorkingDay(date: Instant): boolean;
  /** `n` whole working days later (24 h each by default; one business day each when working hours are given). */
  addWorkingDays(start: Instant, n: number, workingHours?: readonly BusinessPeriod[]): Date;
  addWorkingHours(start: Instant, hours: number, workingHours?: readonly BusinessPeriod[]): Date;
  /** The earliest instant by which `ms` of working time has run since `start`. */
  addWorkingTime(start: Instant, ms: number, workingHours?: readonly BusinessPeriod[]): Date;
  /** Working milliseconds from `a` to `b`; negative when `b` is before `a`. */
  workingTimeBetween(a: Instant, b: Instant, workingHours?: readonly BusinessPeriod[]): number;
  /** Uncovered years a computation from `a` to `b` would touch (empty when the holiday file covers them all). */
  uncoveredYearsBetween(a: Instant, b: Instant): number[];
  /** One warning per uncovered year between `a` and `b` (only ever non-empty with `weekend-fallback`). */
  coverageWarnings(a: Instant, b: Instant): string[];
}

/** Ten years of days: far beyond any SLA, small enough to stop a runaway loop. */
const MAX_SCAN_DAYS = 3660;

interface DayEntry {
  kind: 'holiday' | 'make-up-workday';
  name?: string;
}

export function createCalendar(holidays: HolidaysConfig, options: CalendarOptions = {}): WorkingCalendar {
  const config = HolidaysConfigSchema.parse(holidays);
  const mode = options.uncoveredYears ?? 'error';
  const covered = new Set(Object.keys(config.years).map(Number));
  const coveredYears = [...covered].sort((a, b) => a - b);
  const entries = new Map<number, DayEntry>();
  for (const year of Object.values(config.years)) {
    for (const [name, dates] of Object.entries(year.holidays)) {
      for (const date of dates) entries.set(parseDayKey(date) as number, { kind: 'holiday', name });
    }
    for (const date of year.workdays) entries.set(parseDayKey(date) as number, { kind: 'make-up-workday' });
  }

  const coveredText = coveredYears.length ? coveredYears.join(', ') : 'none';

  function describe(day: number): DayInfo {
    const weekday = dayOfWeek(day);
    const weekend = weekday === 0 || weekday === 6;
    const date = dayKey(day);
    const year = dayYear(day);
    if (!covered.has(year)) {
      if (mode === 'error') {
        throw new SlaError(
          'SLA_CALENDAR_YEAR_NOT_COVERED',
          `the holiday calendar has no schedule for ${year} (needed for ${date}; covered years: ${coveredText}). ` +
            `Add that year's State Council notice to config/holidays.json, or create the calendar with ` +
            `{ uncoveredYears: 'weekend-fallback' } to accept a weekend-only approximation with a warning.`,
          { year, date, coveredYears },
        );
      }
      return { date, weekday, working: !weekend, reason: weekend ? 'uncovered-weekend' : 'uncovered-weekday', covered: false };
    }
    const entry = entries.get(day);
    if (entry?.kind === 'holiday') return { date, weekday, working: false, reason: 'holiday', holiday: entry.name as string, covered: true };
    if (entry?.kind === 'make-up-workday') return { date, weekday, working: true, reason: 'make-up-workday', covered: true };
    return { date, weekday, working: !weekend, reason: weekend ? 'weekend' : 'workday', covered: true };
  }

  // Every deadline walks its days, and the same few hundred days come up again and again.
  const workingDays = new Map<number, boolean>();
  function isWorking(day: number): boolean {
    let working = workingDays.get(day);
    if (working === undefined) {
      working = describe(day).working;
      if (workingDays.size < 100_000) workingDays.set(day, working);
    }
    return working;
  }

  function addWorkingTime(start: Instant, ms: number, windows: DayWindows): Date {
    const startMs = toEpochMs(start);
    if (!Number.isFinite(ms) || ms < 0) {
      throw new SlaError('SLA_INVALID_DURATION', `working time to add must be a finite, non-negative number of milliseconds; got ${ms}`, { ms });
    }
    if (ms === 0) return new Date(startMs);
    let left = ms;
    const firstDay = shanghaiDayNumber(startMs);
    for (let day = firstDay; day <= firstDay + MAX_SCAN_DAYS; day += 1) {
      if (!isWorking(day)) continue;
      const midnight = dayStartMs(day);
      for (const [from, to] of windows) {
        const spanStart = Math.max(midnight + from, startMs);
        const spanEnd = midnight + to;
        if (spanEnd <= spanStart) continue;
        if (left <= spanEnd - spanStart) return new Date(spanStart + left);
        left -= spanEnd - spanStart;
      }
    }
    throw new SlaError('SLA_SCAN_LIMIT', `adding ${ms} ms of working time from ${dayKey(firstDay)} ran past ${MAX_SCAN_DAYS} days`, { ms });
  }

  function between(aMs: number, bMs: number, windows: DayWindows): number {
    const firstDay = shanghaiDayNumber(aMs);
    const lastDay = shanghaiDayNumber(bMs);
    if (lastDay - firstDay > MAX_SCAN_DAYS) {
      throw new SlaError('SLA_SCAN_LIMIT', `working time between instants more than ${MAX_SCAN_DAYS} days apart is not computed`, {});
    }
    let total = 0;
    for (let day = firstDay; day <= lastDay; day += 1) {
      if (!isWorking(day)) continue;
      const midnight = dayStartMs(day);
      for (const [from, to] of windows) {
        const overlap = Math.min(midnight + to, bMs) - Math.max(midnight + from, aMs);
        if (overlap > 0) total += overlap;
      }
    }
    return total;
  }

  function uncoveredYearsBetween(a: Instant, b: Instant): number[] {
    const [from, to] = [toDayNumber(a), toDayNumber(b)].sort((x, y) => x - y) as [number, number];
    const years: number[] = [];
    for (let year = dayYear(from); year <= dayYear(to); year += 1) if (!covered.has(year)) years.push(year);
    return years;
  }

  return {
    coveredYears,
    uncoveredYears: mode,
    describeDay: (date) => describe(toDayNumber(date)),
    isWorkingDay: (date) => describe(toDayNumber(date)).working,
    addWorkingDays(start, n, workingHours) {
      if (!Number.isInteger(n) || n < 0) {
        throw new SlaError('SLA_INVALID_DURATION', `working days to add must be a non-negative whole number; got ${n}`, { n });
      }
      const windows = dayWindows(workingHours);
      return addWorkingTime(start, n * workingDayLengthMs(windows), windows);
    },
    addWorkingHours(start, hours, workingHours) {
      if (!Number.isFinite(hours) || hours < 0) {
        throw new SlaError('SLA_INVALID_DURATION', `working hours to add must be a finite, non-negative number; got ${hours}`, { hours });
      }
      return addWorkingTime(start, Math.round(hours * HOUR_MS), dayWindows(workingHours));
    },
    addWorkingTime: (start, ms, workingHours) => addWorkingTime(start, ms, dayWindows(workingHours)),
    workingTimeBetween(a, b, workingHours) {
      const aMs = toEpochMs(a);
      const bMs = toEpochMs(b);
      const windows = dayWindows(workingHours);
      return bMs >= aMs ? between(aMs, bMs, windows) : -between(bMs, aMs, windows);
    },
    uncoveredYearsBetween,
    coverageWarnings(a, b) {
      if (mode === 'error') return [];
      return uncoveredYearsBetween(a, b).map(
        (year) =>
          `SLA_CALENDAR_FALLBACK: no holiday schedule for ${year} (covered years: ${coveredText}); ` +
          `Monday–Friday were counted as working days and Saturday/Sunday as rest days, so ${year}'s statutory holidays and 调休 are not reflected`,
      );
    },
  };
}

/** How far the holiday file reaches from a given day (`calendarCoverage`). */
export interface CalendarCoverage {
  /** The first year, from today's on, without a State Council notice in the file. */
  missingYear: number;
  /** The last covered day (YYYY-MM-DD) of the years from today's on; absent when today's year is not covered. */
  coveredUntil?: string;
  /** Days from today to `coveredUntil`; 0 when today's year is not covered. */
  daysLeft: number;
}

export function calendarCoverage(calendar: Pick<WorkingCalendar, 'coveredYears'>, now: Instant): CalendarCoverage {
  const today = toDayNumber(now);
  const covered = new Set(calendar.coveredYears);
  const year = dayYear(today);
  if (!covered.has(year)) return { missingYear: year, daysLeft: 0 };
  let missingYear = year + 1;
  while (covered.has(missingYear)) missingYear += 1;
  const lastCovered = parseDayKey(`${missingYear - 1}-12-31`) as number;
  return { missingYear, coveredUntil: dayKey(lastCovered), daysLeft: lastCovered - today };
}

/** Where the holiday file stops covering the calendar, when that is near or past (`calendarHorizon`). */
export interface CalendarHorizon extends CalendarCoverage {
  /** SLA_CALENDAR_ENDING: the covered years end within the warning window; SLA_CALENDAR_NOT_COVERED: today is past them. */
  code: 'SLA_CALENDAR_ENDING' | 'SLA_CALENDAR_NOT_COVERED';
  /** For logs, in English with the code first. */
  message: string;
}

/**
 * A start-up / health check: where the holiday file stops covering the calendar, when that is within `withinDays`
 * of `now` (or already past), so that the missing notice is added before working clocks reach the gap; undefined
 * when coverage reaches further. The State Council usually publishes the next year's notice in November.
 */
export function calendarHorizon(calendar: Pick<WorkingCalendar, 'coveredYears'>, now: Instant, withinDays = 45): CalendarHorizon | undefined {
  const coverage = calendarCoverage(calendar, now);
  const today = dayKey(toDayNumber(now));
  if (coverage.coveredUntil === undefined) {
    return {
      ...coverage,
      code: 'SLA_CALENDAR_NOT_COVERED',
      message: `SLA_CALENDAR_NOT_COVERED: the holiday calendar does not cover ${coverage.missingYear} (today, ${today}); add that year's notice to config/holidays.json`,
    };
  }
  if (coverage.daysLeft >= withinDays) return undefined;
  return {
    ...coverage,
    code: 'SLA_CALENDAR_ENDING',
    message: `SLA_CALENDAR_ENDING: the holiday calendar ends on ${coverage.coveredUntil} (${coverage.daysLeft} days from ${today}); add the ${coverage.missingYear} State Council notice to config/holidays.json before working clocks reach it`,
  };
}
