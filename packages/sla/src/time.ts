import { SlaError } from './errors.ts';

/**
 * All SLA arithmetic happens on the Asia/Shanghai wall clock. China Standard Time has been UTC+8 all year since
 * 1992 (no daylight saving time), so a fixed +08:00 offset is exact for every date this project can meet, and it
 * keeps the package free of the host's time-zone database and of `Intl` quirks.
 */
export const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
export const SHANGHAI_OFFSET = '+08:00';
export const MINUTE_MS = 60 * 1000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** Anything a caller may pass as an instant: a Date, or an ISO 8601 date-time with `Z` or an explicit offset. */
export type Instant = Date | string;

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

function validCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}

function invalidTime(value: unknown, why: string): SlaError {
  return new SlaError('SLA_INVALID_TIME', `${JSON.stringify(value)} is not a usable instant: ${why}`, { value: String(value) });
}

/**
 * Epoch milliseconds of an instant. Strings must carry `Z` or an offset: a bare local time would silently take the
 * host's zone, which is exactly the mistake this package exists to avoid. Impossible dates (Feb 30) are refused
 * rather than rolled over the way `Date.parse` does.
 */
export function toEpochMs(value: Instant): number {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw invalidTime(value, 'invalid Date');
    return ms;
  }
  if (typeof value !== 'string') throw invalidTime(value, 'expected a Date or an ISO 8601 string');
  const match = DATE_TIME.exec(value.trim());
  if (!match) {
    const why = DATE_ONLY.test(value.trim())
      ? 'a date without a time of day is not an instant'
      : 'expected an ISO 8601 date-time with Z or an offset, e.g. 2025-10-09T09:00:00+08:00';
    throw invalidTime(value, why);
  }
  const [, y, mo, d, h, mi, s, frac, zulu, sign, oh, om] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (!validCalendarDate(year, month, day)) throw invalidTime(value, 'no such calendar date');
  if (hour > 23 || minute > 59 || second > 59) throw invalidTime(value, 'time of day out of range');
  const millis = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
  let offsetMinutes = 0;
  if (!zulu) {
    const hours = Number(oh);
    const minutes = Number(om);
    if (hours > 23 || minutes > 59) throw invalidTime(value, 'offset out of range');
    offsetMinutes = (sign === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * MINUTE_MS;
}

/** The instant as ISO 8601 on the Shanghai wall clock, e.g. `2025-10-09T19:00:00+08:00` (milliseconds only when non-zero). */
export function toShanghaiIso(value: Instant | number): string {
  const ms = typeof value === 'number' ? value : toEpochMs(value);
  const wall = new Date(ms + SHANGHAI_OFFSET_MS).toISOString(); // YYYY-MM-DDTHH:mm:ss.sssZ, read as Shanghai time
  const base = wall.slice(0, 19);
  const millis = wall.slice(19, 23);
  return `${base}${millis === '.000' ? '' : millis}${SHANGHAI_OFFSET}`;
}

/** Days since 1970-01-01 on the Shanghai calendar: the day an instant falls on, as a plain integer. */
export function shanghaiDayNumber(ms: number): number {
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** The instant Shanghai midnight begins a day. */
export function dayStartMs(dayNumber: number): number {
  return dayNumber * DAY_MS - SHANGHAI_OFFSET_MS;
}

// Working-time arithmetic asks for the same few hundred days again and again (every deadline walks its days).
const dayKeys = new Map<number, string>();

/** `YYYY-MM-DD` of a Shanghai day number. */
export function dayKey(dayNumber: number): string {
  let key = dayKeys.get(dayNumber);
  if (key === undefined) {
    key = new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
    if (dayKeys.size < 100_000) dayKeys.set(dayNumber, key);
  }
  return key;
}

export function dayYear(dayNumber: number): number {
  return Number(dayKey(dayNumber).slice(0, 4));
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function dayOfWeek(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/** Day number of a `YYYY-MM-DD` calendar date, or undefined when the text is not a real date. */
export function parseDayKey(text: string): number | undefined {
  const match = DATE_ONLY.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (!validCalendarDate(year, month, day)) return undefined;
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/**
 * The Shanghai day a caller means: a `YYYY-MM-DD` string is taken as that calendar date; any instant (Date or
 * date-time string) is the day it falls on in Shanghai — 2025-09-30T16:30:00Z is already 1 October there.
 */
export function toDayNumber(value: Instant): number {
  if (typeof value === 'string' && DATE_ONLY.test(value.trim())) {
    const day = parseDayKey(value.trim());
    if (day === undefined) throw invalidTime(value, 'no such calendar date');
    return day;
  }
  return shanghaiDayNumber(toEpochMs(value));
}
