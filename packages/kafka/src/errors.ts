import { HotlineError } from '@hotline/contracts';

/** An error and its causes, outermost first (kafkajs keeps the cause in `cause`, older wrappers in `originalError`). */
export function* causeChain(error: unknown): Generator<unknown> {
  for (let current: unknown = error; current; current = (current as { cause?: unknown; originalError?: unknown }).cause ?? (current as { originalError?: unknown }).originalError) {
    yield current;
  }
}

/**
 * kafkajs gives up on a broker that stays away past its own retries (about ten seconds) with an error flagged not
 * retriable (KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded) whose cause is the retriable failure: a
 * refused connection, a request timeout, a leader not available. For a service that is a pause, not a bug, and
 * this returns it as a retriable KAFKA_UNAVAILABLE, so that the consumer runner retries the batch uncommitted until
 * the broker is back; any other error as it is. (The tracker exited when the broker took 11 s to come back in the
 * broker restart fault test: its commit and its sends failed "not retriable".)
 */
export function retriableWhenUnavailable(error: unknown): unknown {
  if (error instanceof HotlineError) return error;
  for (const cause of causeChain(error)) {
    if (cause instanceof Error && cause.name.startsWith('KafkaJS') && (cause as { retriable?: unknown }).retriable === true) {
      return new HotlineError('KAFKA_UNAVAILABLE', `Kafka is unavailable: ${(error as Error).message}`, { retriable: true, cause: error });
    }
  }
  return error;
}
