/**
 * Every error the project raises on purpose carries a stable code and says whether retrying can help.
 * The `retriable` flag alone decides retry versus dead-letter in the consumers.
 */
export class HotlineError extends Error {
  readonly code: string;
  readonly retriable: boolean;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, options: { retriable: boolean; cause?: unknown; details?: Record<string, unknown> }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HotlineError';
    this.code = code;
    this.retriable = options.retriable;
    this.details = options.details;
  }
}

/**
 * Whether retrying can help. Honours any error's own `retriable` flag (kafkajs errors carry one too);
 * anything unflagged is not retriable.
 */
export function isRetriable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'retriable' in error && error.retriable === true;
}
