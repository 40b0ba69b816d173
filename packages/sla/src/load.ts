import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type { CalendarOptions, WorkingCalendar } from './calendar.ts';
import { createCalendar } from './calendar.ts';
import { SlaError } from './errors.ts';
import type { HolidaysConfig } from './holidays.ts';
import { HolidaysConfigSchema } from './holidays.ts';
import type { SlaPolicy } from './policy.ts';
import { SlaPolicySchema } from './policy.ts';

export const SLA_POLICY_FILE = 'sla-policy.json';
export const HOLIDAYS_FILE = 'holidays.json';

function validate<T>(schema: z.ZodType<T>, value: unknown, file: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`);
  throw new SlaError('SLA_CONFIG_INVALID', `${file} is invalid:\n  ${problems.join('\n  ')}`, {
    file,
    issues: result.error.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message })),
  });
}

/** Validates parsed JSON as an SLA policy; errors name `file` and each bad field. */
export function parseSlaPolicy(value: unknown, file = SLA_POLICY_FILE): SlaPolicy {
  return validate(SlaPolicySchema, value, file);
}

/** Validates parsed JSON as a holiday calendar; errors name `file` and each bad field. */
export function parseHolidays(value: unknown, file = HOLIDAYS_FILE): HolidaysConfig {
  return validate(HolidaysConfigSchema, value, file);
}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SlaError('SLA_CONFIG_UNREADABLE', `cannot read ${path}: ${(error as Error).message}`, { file: path }, error);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new SlaError('SLA_CONFIG_UNREADABLE', `${path} is not valid JSON: ${(error as Error).message}`, { file: path }, error);
  }
}

export interface SlaConfig {
  policy: SlaPolicy;
  holidays: HolidaysConfig;
  calendar: WorkingCalendar;
}

/**
 * Reads and validates `sla-policy.json` and `holidays.json` from a config folder, synchronously: it runs once at
 * start-up, and a bad file should stop the service before it consumes anything. Everything else in this package
 * takes these objects as arguments.
 */
export function loadSlaConfig(configDir: string, calendarOptions: CalendarOptions = {}): SlaConfig {
  const policyPath = join(configDir, SLA_POLICY_FILE);
  const holidaysPath = join(configDir, HOLIDAYS_FILE);
  const policy = parseSlaPolicy(readJson(policyPath), policyPath);
  const holidays = parseHolidays(readJson(holidaysPath), holidaysPath);
  return { policy, holidays, calendar: createCalendar(holidays, calendarOptions) };
}
