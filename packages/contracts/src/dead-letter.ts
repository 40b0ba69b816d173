/**
 * A dead-letter record keeps the failed message's original key, value bytes and headers untouched, and says why
 * in these extra headers (the Kafka Connect convention), so replaying it after a fix is a plain re-send.
 */
export const DEAD_LETTER_HEADERS = {
  errorCode: 'dlq.error.code',
  reason: 'dlq.error.reason',
  sourceTopic: 'dlq.source.topic',
  sourcePartition: 'dlq.source.partition',
  sourceOffset: 'dlq.source.offset',
  failedAt: 'dlq.failed.at',
  service: 'dlq.service',
} as const;

/** Why an intake message was rejected. */
export const INTAKE_ERROR_CODES = [
  'NOT_UTF8',
  'NOT_JSON',
  'OVERSIZE',
  'UNKNOWN_SCHEMA_VERSION',
  'SCHEMA_VIOLATION',
] as const;
export type IntakeErrorCode = (typeof INTAKE_ERROR_CODES)[number];
