import type { Kafka, Producer } from 'kafkajs';
import { HotlineError } from '@hotline/contracts';

/**
 * Errors after which a kafkajs idempotent producer never recovers by itself: after a broker restart its sequence
 * numbers no longer match the broker's, and every later send fails the same way (seen in this project's broker
 * restart fault test). Only a new producer (a new producer id) gets past them.
 */
const STUCK_PRODUCER_ERRORS = ['OUT_OF_ORDER_SEQUENCE_NUMBER', 'UNKNOWN_PRODUCER_ID', 'INVALID_PRODUCER_EPOCH', 'OUT_OF_ORDER_SEQUENCE'];

function isStuckProducerError(error: unknown): boolean {
  for (let current: unknown = error; current; current = (current as { cause?: unknown; originalError?: unknown }).cause ?? (current as { originalError?: unknown }).originalError) {
    if (STUCK_PRODUCER_ERRORS.includes((current as { type?: string }).type ?? '')) return true;
    if (/out of order sequence number|unknown producer id/i.test((current as Error).message ?? '')) return true;
  }
  return false;
}

/**
 * The producer every service uses: idempotent (a retried send is written once), one request in flight so a
 * partition's order is the send order, no topic auto-creation (topics are declared in packages/contracts).
 * When the idempotent state is lost (broker restart), it replaces itself and the failed send throws a retriable
 * error: the caller sends again (its consumer retries the batch), and idempotent handlers absorb a duplicate.
 */
export async function connectProducer(kafka: Kafka): Promise<Producer> {
  const create = async () => {
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
    return producer;
  };
  let current = await create();
  let replacing: Promise<void> | undefined;

  const replace = (failed: Producer) => {
    replacing ??= (async () => {
      if (current === failed) {
        await failed.disconnect().catch(() => undefined);
        current = await create();
      }
    })().finally(() => { replacing = undefined; });
    return replacing;
  };

  const guarded = <A extends unknown[], R>(call: (producer: Producer, ...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
    if (replacing) await replacing;
    const producer = current;
    try {
      return await call(producer, ...args);
    } catch (err) {
      if (!isStuckProducerError(err)) throw err;
      await replace(producer).catch(() => undefined);
      throw new HotlineError('KAFKA_PRODUCER_RESET', `the Kafka producer lost its idempotent state (${(err as Error).message}) and was replaced: send again`, { retriable: true, cause: err });
    }
  };
  const send = guarded((producer, record: Parameters<Producer['send']>[0]) => producer.send(record));
  const sendBatch = guarded((producer, batch: Parameters<Producer['sendBatch']>[0]) => producer.sendBatch(batch));

  return new Proxy({} as Producer, {
    get(_target, property) {
      if (property === 'send') return send;
      if (property === 'sendBatch') return sendBatch;
      const value = Reflect.get(current, property, current);
      return typeof value === 'function' ? value.bind(current) : value;
    },
  });
}
