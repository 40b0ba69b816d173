import type { Priority } from '@hotline/contracts';
import type { WorkingCalendar } from './calendar.ts';
import type { Duration } from './duration.ts';
import { durationMs, formatDurationMs, parseDuration } from './duration.ts';
import { SlaError } from './errors.ts';
import type { ClockBasis, ClockName, ClockSpec, SlaPolicy } from './policy.ts';
import { CLOCK_NAMES, selectClocks } from './policy.ts';
import type { Instant } from './time.ts';
import { DAY_MS, toEpochMs, toShanghaiIso } from './time.ts';
import type { BusinessPeriod } from './working-hours.ts';
import { dayWindows, periodsOf, workingDayLengthMs } from './working-hours.ts';

export interface DeadlineInput {
  priority: Priority;
  /** Message kind (投诉/求助/咨询/建议/举报/表扬 as complaint/request/…); rules may key on it. */
  kind?: string | undefined;
  /** Classifier category; rules may key on it. */
  category?: string | undefined;
  /** Operator-marked 疑难复杂. */
  complex?: boolean | undefined;
  /** When the clocks start: the caller decides (receipt or dispatch time). */
  startAt: Instant;
}

export interface ClockDeadline {
  /** ISO 8601 on the Shanghai wall clock (+08:00). */
  due: string;
  basis: ClockBasis;
  /** The policy duration, e.g. `P1D` (on a working clock, one working day). */
  duration: string;
  /** Share of the window at which the light turns yellow. */
  yellowAt: number;
  /** When the light turns yellow: `yellowAt` of the window from the start to `due` used, on the clock's basis. */
  warnAt: string;
  /** What chose this clock: `priority:normal`, `rule:complex`, … */
  setBy: string;
}

/**
 * The deadlines of one ticket. Everything here is fixed once computed (a replay computes the same values); the
 * light and remaining time depend on now and are computed when read (`readClock`, `slaLight`, `remaining`).
 * The start is the caller's input and is not repeated here; keep it beside the deadlines for the lights.
 */
export interface Deadlines {
  signForBy: string;
  firstContactBy: string;
  resolveBy: string;
  clocks: Record<ClockName, ClockDeadline>;
  /** Coded, human-readable notes to log or store (uncovered calendar years, ignored flags, odd clock order). */
  warnings: string[];
}

function dayLengthMs(basis: ClockBasis, workingHours: readonly BusinessPeriod[] | undefined): number {
  return basis === 'calendar' ? DAY_MS : workingDayLengthMs(dayWindows(workingHours));
}

/** Adds milliseconds of a basis. Calendar time is plain arithmetic (24 h days: Shanghai has no DST). */
function addMsOnBasis(startMs: number, amount: number, basis: ClockBasis, calendar: WorkingCalendar, workingHours: readonly BusinessPeriod[] | undefined): number {
  if (basis === 'calendar') return startMs + amount;
  return calendar.addWorkingTime(new Date(startMs), amount, workingHours).getTime();
}

function addOnBasis(startMs: number, duration: Duration, basis: ClockBasis, calendar: WorkingCalendar, workingHours: readonly BusinessPeriod[] | undefined): number {
  return addMsOnBasis(startMs, durationMs(duration, dayLengthMs(basis, workingHours)), basis, calendar, workingHours);
}

/**
 * The instant `share` of a clock's window is used: the window's length on the clock's basis (`windowMs`, working
 * time for a working clock) times the share, added to the start on that basis.
 */
function yellowPointMs(startMs: number, windowMs: number, share: number, basis: ClockBasis, calendar: WorkingCalendar, workingHours: readonly BusinessPeriod[] | undefined): number {
  return addMsOnBasis(startMs, Math.max(0, share * windowMs), basis, calendar, workingHours);
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}

/**
 * The 签收 / 先行联系 / 办结 deadlines of a ticket under a policy. Throws `SLA_CALENDAR_YEAR_NOT_COVERED` when a
 * working clock reaches a year the holiday file lacks, unless the calendar was made with `weekend-fallback`
 * (then `warnings` says so).
 */
export function computeDeadlines(input: DeadlineInput, policy: SlaPolicy, calendar: WorkingCalendar): Deadlines {
  const startMs = toEpochMs(input.startAt);
  const { clocks: selected, matchedRules } = selectClocks(input, policy);
  const warnings: string[] = [];

  const clocks = {} as Record<ClockName, ClockDeadline>;
  const dueMsOf = {} as Record<ClockName, number>;
  for (const name of CLOCK_NAMES) {
    const computed = clockFrom(selected[name].spec, selected[name].setBy, startMs, policy, calendar);
    clocks[name] = computed.clock;
    dueMsOf[name] = computed.dueMs;
    warnings.push(...computed.warnings);
  }

  if (input.complex === true && !matchedRules.some((rule) => rule.when.complex === true)) {
    warnings.push(`SLA_COMPLEX_IGNORED: the ticket is marked complex (疑难复杂) but no policy rule for complex tickets applies to priority ${input.priority}; its ${input.priority} clocks were kept`);
  }
  for (const earlier of ['signFor', 'firstContact'] as const) {
    if (dueMsOf[earlier] > dueMsOf.resolve) {
      warnings.push(`SLA_CLOCK_ORDER: ${earlier} is due (${clocks[earlier].due}) after resolve (${clocks.resolve.due}); check the policy`);
    }
  }

  return {
    signForBy: clocks.signFor.due,
    firstContactBy: clocks.firstContact.due,
    resolveBy: clocks.resolve.due,
    clocks,
    warnings: unique(warnings),
  };
}

/** One clock of `spec` started at `startMs`: its due and yellow point, and calendar coverage warnings. */
function clockFrom(spec: ClockSpec, setBy: string, startMs: number, policy: SlaPolicy, calendar: WorkingCalendar): { clock: ClockDeadline; dueMs: number; warnings: string[] } {
  const workingHours = periodsOf(policy.workingTime);
  // The window is exactly this much time on the clock's basis, however many rest days the due skips.
  const windowMs = durationMs(parseDuration(spec.duration), dayLengthMs(spec.basis, workingHours));
  const dueMs = addMsOnBasis(startMs, windowMs, spec.basis, calendar, workingHours);
  const warnings = spec.basis === 'working' ? calendar.coverageWarnings(new Date(startMs), new Date(dueMs)) : [];
  const yellowAt = spec.yellowAt ?? policy.lights.yellowAt;
  const warnAt = toShanghaiIso(yellowPointMs(startMs, windowMs, yellowAt, spec.basis, calendar, workingHours));
  return { clock: { due: toShanghaiIso(dueMs), basis: spec.basis, duration: spec.duration, yellowAt, warnAt, setBy }, dueMs, warnings };
}

/** The 回访 (follow-up) clock started by a 办结 at `resolvedAt`; undefined when the policy sets none. */
export function computeFollowUpDeadline(resolvedAt: Instant, policy: SlaPolicy, calendar: WorkingCalendar): { clock: ClockDeadline; warnings: string[] } | undefined {
  if (!policy.followUp) return undefined;
  const { clock, warnings } = clockFrom(policy.followUp, 'policy:followUp', toEpochMs(resolvedAt), policy, calendar);
  return { clock, warnings };
}

export interface Extension {
  due: string;
  warnings: string[];
}

/** A running clock as a ticket stores it, with the share of its window at which its light turns yellow. */
export interface ExtensibleClock {
  startAt: Instant;
  due: Instant;
  basis: ClockBasis;
  yellowAt: number;
}

/**
 * An approved extension (延期): `amount` (an ISO duration such as `P5D`) added after the current due on the clock's
 * basis. The extension runs from the old due, not from the approval time, so approving early or late gives the same
 * result; a rule that extends from the approval instead can pass that instant as `due`.
 */
export function extendDeadline(
  due: Instant,
  amount: string,
  basis: ClockBasis,
  calendar: WorkingCalendar,
  workingHours?: readonly BusinessPeriod[],
): Extension {
  const { dueMs, warnings } = extendedMs(due, amount, basis, calendar, workingHours);
  return { due: toShanghaiIso(dueMs), warnings };
}

function extendedMs(due: Instant, amount: string, basis: ClockBasis, calendar: WorkingCalendar, workingHours: readonly BusinessPeriod[] | undefined): { dueMs: number; warnings: string[] } {
  const oldDueMs = toEpochMs(due);
  const dueMs = addOnBasis(oldDueMs, parseDuration(amount), basis, calendar, workingHours);
  return { dueMs, warnings: basis === 'working' ? calendar.coverageWarnings(new Date(oldDueMs), new Date(dueMs)) : [] };
}

/**
 * An approved extension of a running clock: the due moves as `extendDeadline` moves it, and the yellow point moves
 * with it to the same share of the longer window (a clock 60 % used before a long extension is green again, not
 * yellow at its old yellow point).
 */
export function extendClock(
  clock: ExtensibleClock,
  amount: string,
  calendar: WorkingCalendar,
  workingHours?: readonly BusinessPeriod[],
): Extension & { warnAt: string } {
  const { dueMs, warnings } = extendedMs(clock.due, amount, clock.basis, calendar, workingHours);
  const startMs = toEpochMs(clock.startAt);
  const windowMs = clock.basis === 'calendar' ? dueMs - startMs : calendar.workingTimeBetween(new Date(startMs), new Date(dueMs), workingHours);
  return { due: toShanghaiIso(dueMs), warnings, warnAt: toShanghaiIso(yellowPointMs(startMs, windowMs, clock.yellowAt, clock.basis, calendar, workingHours)) };
}

export type Light = 'green' | 'yellow' | 'red';

interface LightBase {
  startAt: Instant;
  due: Instant;
  now: Instant;
  /** Share of the window used at which the light turns yellow (0.8 = 80 %). */
  yellowAt: number;
}

/** Calendar clocks need nothing else; working clocks measure the used share in working time. */
export type LightInput =
  | (LightBase & { basis?: 'calendar' })
  | (LightBase & { basis: 'working'; calendar: WorkingCalendar; workingHours?: readonly BusinessPeriod[] });

/**
 * The share of a clock's window used at `now`: 0 at (or before) the start, 1 at the due instant. On a working clock
 * it is measured in working time, so a weekend inside the window does not turn the light yellow.
 */
export function usedShare(input: LightInput): number {
  const startMs = toEpochMs(input.startAt);
  const dueMs = toEpochMs(input.due);
  const nowMs = toEpochMs(input.now);
  const expired = nowMs >= dueMs;
  if (nowMs <= startMs) return expired ? 1 : 0;
  const window = measure(input, startMs, dueMs);
  if (window <= 0) return expired ? 1 : 0;
  const share = measure(input, startMs, nowMs) / window;
  return expired ? Math.max(1, share) : share;
}

function measure(input: LightInput, fromMs: number, toMs: number): number {
  if (input.basis === 'working') return input.calendar.workingTimeBetween(new Date(fromMs), new Date(toMs), input.workingHours);
  return toMs - fromMs;
}

/**
 * green while less than `yellowAt` of the window is used, yellow from there, red once the due instant is reached
 * (the time is up: at the due instant nothing remains). Whether the clock stopped (the ticket was signed for or
 * resolved) is the caller's state, not a light.
 */
export function slaLight(input: LightInput): Light {
  if (!(input.yellowAt > 0 && input.yellowAt <= 1)) {
    throw new SlaError('SLA_INVALID_SHARE', `yellowAt must be a share above 0 and at most 1; got ${input.yellowAt}`, { yellowAt: input.yellowAt });
  }
  if (toEpochMs(input.now) >= toEpochMs(input.due)) return 'red';
  return usedShare(input) >= input.yellowAt ? 'yellow' : 'green';
}

export interface Remaining {
  /** Signed: positive while time is left, negative by how much the clock is overdue (on its own basis). */
  milliseconds: number;
  /** The same as an ISO duration (`PT3H20M`, `-P1DT2H`); on a working clock a day is one working day. */
  duration: string;
  /** True once `now` has reached the due instant. */
  overdue: boolean;
  basis: ClockBasis;
  warnings: string[];
}

/** Time left until `due` at `now` on the clock's basis (computed at read time, never stored). */
export function remaining(
  due: Instant,
  now: Instant,
  basis: ClockBasis,
  calendar: WorkingCalendar,
  workingHours?: readonly BusinessPeriod[],
): Remaining {
  const dueMs = toEpochMs(due);
  const nowMs = toEpochMs(now);
  const milliseconds =
    basis === 'calendar' ? dueMs - nowMs : calendar.workingTimeBetween(new Date(nowMs), new Date(dueMs), workingHours);
  const warnings = basis === 'working' ? calendar.coverageWarnings(new Date(nowMs), new Date(dueMs)) : [];
  return {
    milliseconds,
    duration: formatDurationMs(milliseconds, dayLengthMs(basis, workingHours)),
    overdue: nowMs >= dueMs,
    basis,
    warnings,
  };
}

export interface ClockReading {
  light: Light;
  usedShare: number;
  remaining: Remaining;
}

/** Light, used share and remaining time of one stored clock at `now`, with the policy's working-time model. */
export function readClock(
  startAt: Instant,
  clock: Pick<ClockDeadline, 'due' | 'basis' | 'yellowAt'>,
  now: Instant,
  policy: Pick<SlaPolicy, 'workingTime'>,
  calendar: WorkingCalendar,
): ClockReading {
  const workingHours = periodsOf(policy.workingTime);
  const base = { startAt, due: clock.due, now, yellowAt: clock.yellowAt };
  const input: LightInput = clock.basis === 'working' ? { ...base, basis: 'working', calendar, workingHours } : { ...base, basis: 'calendar' };
  return { light: slaLight(input), usedShare: usedShare(input), remaining: remaining(clock.due, now, clock.basis, calendar, workingHours) };
}
