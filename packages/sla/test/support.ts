import { fileURLToPath } from 'node:url';
import { createCalendar, loadSlaConfig } from '../src/index.ts';
import type { CalendarOptions, SlaError, SlaErrorCode } from '../src/index.ts';

export const configDir = fileURLToPath(new URL('../../../config', import.meta.url));

/** The committed config files, as the services load them. */
export const config = loadSlaConfig(configDir);

export function calendarWith(options: CalendarOptions = {}) {
  return createCalendar(config.holidays, options);
}

/** Runs `fn` and returns the coded error it throws (fails the test when it does not throw one). */
export function thrown(fn: () => unknown): SlaError {
  try {
    fn();
  } catch (error) {
    if (error instanceof Error && 'code' in error) return error as SlaError;
    throw error;
  }
  throw new Error('expected a coded error, but nothing was thrown');
}

export function codeOf(fn: () => unknown): SlaErrorCode {
  return thrown(fn).code;
}
