/**
 * A coded error for everything this package refuses to guess about. It has the same shape as the project's
 * coded errors (`code`, `retriable`, `details`) so callers can route it without importing this class: nothing
 * here is retriable — the same input fails the same way until the configuration or the input changes.
 */
export class SlaError extends Error {
  readonly code: SlaErrorCode;
  readonly retriable = false;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: SlaErrorCode, message: string, details?: Record<string, unknown>, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'SlaError';
    this.code = code;
    this.details = details;
  }
}

export const SLA_ERROR_CODES = [
  /** The holiday calendar has no schedule for a year a working-time computation needed. */
  'SLA_CALENDAR_YEAR_NOT_COVERED',
  /** A time that is not an instant with an explicit offset, or not a date at all. */
  'SLA_INVALID_TIME',
  /** A duration outside the supported ISO 8601 subset, or not positive where it must be. */
  'SLA_INVALID_DURATION',
  /** A yellow-light share outside (0, 1]. */
  'SLA_INVALID_SHARE',
  /** Working hours (business periods) that are not ordered, non-overlapping HH:MM pairs. */
  'SLA_INVALID_WORKING_HOURS',
  /** The policy has no clock for the input (cannot happen with a validated policy). */
  'SLA_POLICY_GAP',
  /** A configuration file failed validation. */
  'SLA_CONFIG_INVALID',
  /** A configuration file could not be read or is not JSON. */
  'SLA_CONFIG_UNREADABLE',
  /** A computation ran past the scan limit (a runaway duration or a calendar with no working days). */
  'SLA_SCAN_LIMIT',
] as const;
export type SlaErrorCode = (typeof SLA_ERROR_CODES)[number];
