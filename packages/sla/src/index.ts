export * from './errors.ts';
export { toEpochMs, toShanghaiIso, SHANGHAI_OFFSET } from './time.ts';
export type { Instant } from './time.ts';
export { parseDuration, tryParseDuration, formatDurationMs, durationMs } from './duration.ts';
export type { Duration } from './duration.ts';
export { BusinessPeriodSchema, BusinessPeriodsSchema, WorkingTimeSchema, periodsOf } from './working-hours.ts';
export type { BusinessPeriod, WorkingTime } from './working-hours.ts';
export { HolidaysConfigSchema, HolidayYearSchema, SharedHolidayScheduleSchema, NOTICE_CITATIONS, fromSharedSchedule } from './holidays.ts';
export type { HolidaysConfig, SharedHolidaySchedule } from './holidays.ts';
export { calendarCoverage, calendarHorizon, createCalendar, type CalendarCoverage, type CalendarHorizon } from './calendar.ts';
export type { CalendarOptions, DayInfo, DayReason, UncoveredYearPolicy, WorkingCalendar } from './calendar.ts';
export {
  CLOCK_BASES,
  CLOCK_NAMES,
  ClockSetSchema,
  ClockSpecSchema,
  PolicyRuleSchema,
  RuleWhenSchema,
  SlaPolicySchema,
  ruleMatches,
  selectClocks,
} from './policy.ts';
export type { ClockBasis, ClockName, ClockSelector, ClockSet, ClockSpec, PolicyRule, RuleWhen, SelectedClock, SlaPolicy, SlaPolicyInput } from './policy.ts';
export { computeDeadlines, computeFollowUpDeadline, extendClock, extendDeadline, readClock, remaining, slaLight, usedShare } from './deadlines.ts';
export type { ClockDeadline, ClockReading, DeadlineInput, Deadlines, ExtensibleClock, Extension, Light, LightInput, Remaining } from './deadlines.ts';
export { HOLIDAYS_FILE, SLA_POLICY_FILE, loadSlaConfig, parseHolidays, parseSlaPolicy } from './load.ts';
export type { SlaConfig } from './load.ts';
