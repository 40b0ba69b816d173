import { SlaError } from './errors.ts';
import { HOUR_MS, MINUTE_MS } from './time.ts';

/**
 * Durations are written as a small ISO 8601 subset: days, hours and minutes, e.g. `PT30M`, `PT2H`, `P1D`, `P7D`,
 * `P1DT12H`. No years, months or weeks (their length is ambiguous), no seconds (no SLA is that tight), whole numbers
 * only. What a day means depends on the clock's basis: 24 hours on a calendar clock, one working day on a working clock.
 */
export interface Duration {
  days: number;
  hours: number;
  minutes: number;
}

export const DURATION_PATTERN = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/;

/** Parses a duration, or returns a reason it is unusable. Zero-length durations are refused: a clock must run. */
export function tryParseDuration(text: string): Duration | string {
  const match = DURATION_PATTERN.exec(text);
  if (!match || text === 'P' || text.endsWith('T')) {
    return `expected an ISO 8601 duration in days, hours and minutes such as PT30M, PT2H, P1D or P1DT12H; got ${JSON.stringify(text)}`;
  }
  const duration = { days: Number(match[1] ?? 0), hours: Number(match[2] ?? 0), minutes: Number(match[3] ?? 0) };
  if (duration.days + duration.hours + duration.minutes === 0) return `a duration must be longer than zero; got ${text}`;
  return duration;
}

export function parseDuration(text: string): Duration {
  const parsed = tryParseDuration(text);
  if (typeof parsed === 'string') throw new SlaError('SLA_INVALID_DURATION', parsed, { duration: text });
  return parsed;
}

/** Milliseconds of a duration, given how long one of its days is (24 h calendar, or one working day's length). */
export function durationMs(duration: Duration, dayLengthMs: number): number {
  return duration.days * dayLengthMs + duration.hours * HOUR_MS + duration.minutes * MINUTE_MS;
}

/** `PT5H30M`, `P2DT3H`, `-PT45M` from milliseconds (rounded down to the minute, toward zero); `PT0M` for nothing left. */
export function formatDurationMs(ms: number, dayLengthMs = 24 * HOUR_MS): string {
  const sign = ms < 0 ? '-' : '';
  let minutesLeft = Math.floor(Math.abs(ms) / MINUTE_MS);
  const minutesPerDay = Math.round(dayLengthMs / MINUTE_MS);
  const days = Math.floor(minutesLeft / minutesPerDay);
  minutesLeft -= days * minutesPerDay;
  const hours = Math.floor(minutesLeft / 60);
  const minutes = minutesLeft - hours * 60;
  const time = `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}`;
  if (!days && !time) return 'PT0M';
  return `${sign}P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
}
