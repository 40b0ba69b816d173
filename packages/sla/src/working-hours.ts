import { z } from 'zod';
import { SlaError } from './errors.ts';
import { DAY_MS, MINUTE_MS } from './time.ts';

/**
 * Which part of a working day a working-basis clock runs in.
 *
 * - `whole-day` (the default): all 24 hours of every working day count, no hour of a rest day does. One working
 *   day is 24 working hours, so "within 1 working day" from Tuesday 10:00 is Wednesday 10:00, and from Friday 19:00
 *   it is Monday 19:00 (or 19:00 on a make-up Saturday/Sunday).
 * - `business-hours`: only the listed periods of a working day count (e.g. 09:00–12:00 and 13:30–17:30); one
 *   working day is then the sum of the periods.
 */
export interface BusinessPeriod {
  /** `HH:MM` on the Shanghai wall clock. */
  start: string;
  /** `HH:MM`, later than start; `24:00` allowed. */
  end: string;
}

const CLOCK_TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;

export function clockTimeMs(text: string): number {
  const [hours, minutes] = text.split(':').map(Number);
  return ((hours ?? 0) * 60 + (minutes ?? 0)) * MINUTE_MS;
}

export const BusinessPeriodSchema = z.strictObject({
  start: z.string().regex(CLOCK_TIME, 'expected HH:MM'),
  end: z.string().regex(CLOCK_TIME, 'expected HH:MM'),
});

export const BusinessPeriodsSchema = z
  .array(BusinessPeriodSchema)
  .min(1)
  .superRefine((periods, ctx) => {
    let previousEnd = -1;
    periods.forEach((period, index) => {
      const start = clockTimeMs(period.start);
      const end = clockTimeMs(period.end);
      if (end <= start) ctx.addIssue({ code: 'custom', path: [index, 'end'], message: `${period.end} is not after ${period.start}` });
      if (start < previousEnd) ctx.addIssue({ code: 'custom', path: [index, 'start'], message: 'periods must be in order and must not overlap' });
      previousEnd = end;
    });
  });

export const WorkingTimeSchema = z.discriminatedUnion('model', [
  z.strictObject({ model: z.literal('whole-day'), source: z.string().min(1) }),
  z.strictObject({ model: z.literal('business-hours'), periods: BusinessPeriodsSchema, source: z.string().min(1) }),
]);
export type WorkingTime = z.infer<typeof WorkingTimeSchema>;

/** Working periods of a day as offsets from local midnight, in milliseconds. */
export type DayWindows = ReadonlyArray<readonly [number, number]>;

export const WHOLE_DAY: DayWindows = [[0, DAY_MS]];

/**
 * Windows already validated, by periods array: a policy's periods are checked once, not on every deadline (under
 * office hours the check was about 24 of the 30 µs a ticket's deadlines took). Periods are treated as immutable.
 */
const validatedWindows = new WeakMap<readonly BusinessPeriod[], DayWindows>();

/** `undefined` means whole working days. */
export function dayWindows(periods: readonly BusinessPeriod[] | undefined): DayWindows {
  if (!periods) return WHOLE_DAY;
  let windows = validatedWindows.get(periods);
  if (!windows) {
    windows = parseDayWindows(periods);
    validatedWindows.set(periods, windows);
  }
  return windows;
}

function parseDayWindows(periods: readonly BusinessPeriod[]): DayWindows {
  const parsed = BusinessPeriodsSchema.safeParse(periods);
  if (!parsed.success) {
    const reasons = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(periods)'}: ${issue.message}`).join('; ');
    throw new SlaError('SLA_INVALID_WORKING_HOURS', `invalid working hours: ${reasons}`, { periods });
  }
  return parsed.data.map((period) => [clockTimeMs(period.start), clockTimeMs(period.end)] as const);
}

export function workingDayLengthMs(windows: DayWindows): number {
  return windows.reduce((total, [start, end]) => total + (end - start), 0);
}

/** The business periods a policy's working-time model implies (`undefined` for whole days). */
export function periodsOf(workingTime: WorkingTime): BusinessPeriod[] | undefined {
  return workingTime.model === 'business-hours' ? workingTime.periods : undefined;
}
