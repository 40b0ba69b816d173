import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  SharedHolidayScheduleSchema,
  createCalendar,
  formatDurationMs,
  fromSharedSchedule,
  loadSlaConfig,
  parseDuration,
  parseHolidays,
  parseSlaPolicy,
} from '../src/index.ts';
import { codeOf, config, configDir, thrown } from './support.ts';

const readConfig = (file: string) => JSON.parse(readFileSync(join(configDir, file), 'utf8')) as Record<string, unknown>;
const sharedSchedule = fileURLToPath(new URL('../../../../shared/data/cn-holidays/holidays.json', import.meta.url));

describe('committed policy defaults', () => {
  it('keeps the documented clocks and bases', () => {
    const summary = Object.fromEntries(
      Object.entries(config.policy.clocks).map(([priority, clocks]) => [
        priority,
        Object.fromEntries(Object.entries(clocks).map(([name, spec]) => [name, `${spec.duration} ${spec.basis}`])),
      ]),
    );
    expect(summary).toEqual({
      urgent: { signFor: 'PT30M calendar', firstContact: 'PT1H calendar', resolve: 'PT2H calendar' },
      high: { signFor: 'PT2H calendar', firstContact: 'PT6H calendar', resolve: 'PT24H calendar' },
      normal: { signFor: 'P1D working', firstContact: 'P2D working', resolve: 'P7D working' },
    });
    expect(config.policy.rules.map((rule) => [rule.id, rule.clocks.resolve?.duration, rule.clocks.resolve?.basis])).toEqual([
      ['consultation-normal', 'P3D', 'working'],
      ['complex', 'P15D', 'working'],
    ]);
    expect(config.policy.workingTime.model).toBe('whole-day');
    expect(config.policy.lights.yellowAt).toBe(0.8);
  });
});

describe('committed holiday calendar', () => {
  it('covers 2025 and 2026 with their notices cited', () => {
    expect(config.calendar.coveredYears).toEqual([2025, 2026]);
    expect(config.holidays.years['2025']?.notice).toContain('国办发明电〔2024〕12号');
    expect(config.holidays.years['2025']?.holidays['国庆节、中秋节']).toEqual([
      '2025-10-01', '2025-10-02', '2025-10-03', '2025-10-04', '2025-10-05', '2025-10-06', '2025-10-07', '2025-10-08',
    ]);
    expect(config.holidays.years['2026']?.workdays).toContain('2026-02-28');
  });

  it.skipIf(!existsSync(sharedSchedule))('is what the build script makes from the shared fact file', () => {
    const shared = SharedHolidayScheduleSchema.parse(JSON.parse(readFileSync(sharedSchedule, 'utf8')));
    const built = fromSharedSchedule(shared, {
      derivedFrom: '../shared/data/cn-holidays/holidays.json (relative to the repository root)',
      builtBy: 'packages/sla/scripts/build-holidays.ts',
    });
    expect(config.holidays).toEqual(built);
  });
});

describe('validation', () => {
  it('names the file and the field of a bad policy value', () => {
    const policy = readConfig('sla-policy.json');
    const clocks = policy.clocks as { normal: { resolve: Record<string, unknown> } };
    clocks.normal.resolve.duration = 'P1W';
    const error = thrown(() => parseSlaPolicy(policy, 'config/sla-policy.json'));
    expect(error.code).toBe('SLA_CONFIG_INVALID');
    expect(error.message).toContain('config/sla-policy.json');
    expect(error.message).toContain('clocks.normal.resolve.duration');
  });

  it('refuses a policy that misses a priority, a source note, or names an unknown message kind', () => {
    const missing = readConfig('sla-policy.json');
    delete (missing.clocks as Record<string, unknown>).high;
    expect(thrown(() => parseSlaPolicy(missing)).message).toContain('clocks.high');

    const unsourced = readConfig('sla-policy.json');
    delete (unsourced.clocks as { urgent: { signFor: Record<string, unknown> } }).urgent.signFor.source;
    expect(thrown(() => parseSlaPolicy(unsourced)).message).toContain('clocks.urgent.signFor.source');

    const badKind = readConfig('sla-policy.json');
    ((badKind.rules as Array<{ when: Record<string, unknown> }>)[0] as { when: Record<string, unknown> }).when.kind = ['question'];
    expect(thrown(() => parseSlaPolicy(badKind)).message).toContain('rules.0.when.kind.0');
  });

  it('refuses a make-up working day on a weekday, a date listed twice, and an impossible date', () => {
    const holidays = readConfig('holidays.json');
    const year = (holidays.years as Record<string, { workdays: string[]; holidays: Record<string, string[]> }>)['2025'];
    if (!year) throw new Error('2025 missing');
    year.workdays[0] = '2025-01-27'; // a Monday
    year.holidays['元旦']?.push('2025-10-01'); // also in 国庆
    year.holidays['春节']?.push('2025-02-30');
    const message = thrown(() => parseHolidays(holidays, 'config/holidays.json')).message;
    expect(message).toContain('config/holidays.json');
    expect(message).toContain('years.2025.workdays.0: 2025-01-27 is a weekday');
    expect(message).toMatch(/2025-10-01 is listed twice/);
    expect(message).toContain('years.2025.holidays.春节.8: expected a real date');
  });

  it('reports an unreadable or malformed file by name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sla-config-'));
    try {
      expect(thrown(() => loadSlaConfig(dir)).code).toBe('SLA_CONFIG_UNREADABLE');
      writeFileSync(join(dir, 'sla-policy.json'), '{ not json');
      writeFileSync(join(dir, 'holidays.json'), '{}');
      const error = thrown(() => loadSlaConfig(dir));
      expect(error.code).toBe('SLA_CONFIG_UNREADABLE');
      expect(error.message).toContain('sla-policy.json');
      writeFileSync(join(dir, 'sla-policy.json'), readFileSync(join(configDir, 'sla-policy.json')));
      const invalid = thrown(() => loadSlaConfig(dir));
      expect(invalid.code).toBe('SLA_CONFIG_INVALID');
      expect(invalid.message).toContain('holidays.json');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('creates a calendar only from a valid holiday file', () => {
    expect(codeOf(() => createCalendar(config.holidays, {}).isWorkingDay('not a date'))).toBe('SLA_INVALID_TIME');
    expect(() => createCalendar({ ...config.holidays, timeZone: 'UTC' } as never)).toThrow();
  });
});

describe('durations', () => {
  it('reads days, hours and minutes and writes them back', () => {
    expect(parseDuration('P1DT12H')).toEqual({ days: 1, hours: 12, minutes: 0 });
    expect(parseDuration('PT30M')).toEqual({ days: 0, hours: 0, minutes: 30 });
    for (const bad of ['P', 'PT', 'P1W', 'P1Y', 'PT0M', '1D', 'P1.5D', 'PT1S']) expect(codeOf(() => parseDuration(bad))).toBe('SLA_INVALID_DURATION');
    expect(formatDurationMs(0)).toBe('PT0M');
    expect(formatDurationMs((26 * 60 + 5) * 60_000)).toBe('P1DT2H5M');
    expect(formatDurationMs(-90 * 60_000)).toBe('-PT1H30M');
    expect(formatDurationMs(14 * 60 * 60_000, 7 * 60 * 60_000)).toBe('P2D');
  });
});
