import type { Kafka, Message, Producer, ProducerRecord, RecordMetadata, TopicMessages } from 'kafkajs';
import { HotlineError } from '@hotline/contracts';
import { causeChain, retriableWhenUnavailable } from './errors.ts';

/**
 * Errors after which a kafkajs idempotent producer never recovers by itself: after a broker restart its sequence
 * numbers no longer match the broker's, and every later send fails the same way (seen in this project's broker
 * restart fault test). Only a new producer (a new producer id) gets past them.
 */
const STUCK_PRODUCER_ERRORS = ['OUT_OF_ORDER_SEQUENCE_NUMBER', 'UNKNOWN_PRODUCER_ID', 'INVALID_PRODUCER_EPOCH', 'OUT_OF_ORDER_SEQUENCE'];

/**
 * The most one request carries. The broker refuses a record batch over its message.max.bytes (1 MiB by default)
 * with MESSAGE_TOO_LARGE, and kafkajs' idempotent producer then counts the refused batch anyway, so every later
 * send fails out of sequence: a large consumer batch (triage at 500 msg/s in the benchmark) must go out in pieces.
 */
const MAX_REQUEST_BYTES = 512 * 1024;

function approximateBytes(message: Message): number {
  const size = (value: Buffer | string | null | undefined) => (value == null ? 0 : typeof value === 'string' ? Buffer.byteLength(value) : value.length);
  let bytes = 70 + size(message.key) + size(message.value);
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    bytes += Buffer.byteLength(name) + (Array.isArray(value) ? value.reduce((sum: number, item) => sum + size(item), 0) : size(value as Buffer | string | undefined));
  }
  return bytes;
}

/** Splits topic messages into requests of at most MAX_REQUEST_BYTES each (a single larger message goes alone). */
export function splitForRequests(topicMessages: TopicMessages[]): TopicMessages[][] {
  const requests: TopicMessages[][] = [];
  let current: TopicMessages[] = [];
  let currentBytes = 0;
  for (const { topic, messages } of topicMessages) {
    for (const message of messages) {
      const bytes = approximateBytes(message);
      if (currentBytes > 0 && currentBytes + bytes > MAX_REQUEST_BYTES) {
        requests.push(current);
        current = [];
        currentBytes = 0;
      }
      const last = current[current.length - 1];
      if (last?.topic === topic) last.messages.push(message);
      else current.push({ topic, messages: [message] });
      currentBytes += bytes;
    }
  }
  if (current.length > 0) requests.push(current);
  return requests;
}

function isStuckProducerError(error: unknown): boolean {
  for (const current of causeChain(error)) {
    if (STUCK_PRODUCER_ERRORS.includes((current as { type?: string }).type ?? '')) return true;
    if (/out of order sequence number|unknown producer id/i.test((current as Error).message ?? '')) return true;
  }
  return false;
}

/**
 * The producer every service uses: idempotent (a retried send is written once), one request in flight so a
 * partition's order is the send order, no topic auto-creation (topics are declared in packages/contracts).
 * Sends go out one after another. When the idempotent state is lost (broker restart), it replaces itself and the failed send throws a retriable
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

  // One send at a time: kafkajs' idempotent producer numbers concurrent sends out of order (12 partitions handled
  // at once did it under load in the pipeline benchmark), and the broker then refuses every later send.
  let queue: Promise<unknown> = Promise.resolve();
  const guarded = <A extends unknown[], R>(call: (producer: Producer, ...args: A) => Promise<R>) => (...args: A): Promise<R> => {
    const run = queue.then(async () => {
      if (replacing) await replacing;
      const producer = current;
      try {
        return await call(producer, ...args);
      } catch (err) {
        if (!isStuckProducerError(err)) throw retriableWhenUnavailable(err);
        await replace(producer).catch(() => undefined);
        throw new HotlineError('KAFKA_PRODUCER_RESET', `the Kafka producer lost its idempotent state (${(err as Error).message}) and was replaced: send again`, { retriable: true, cause: err });
      }
    });
    queue = run.catch(() => undefined);
    return run;
  };
  const send = guarded(async (producer, record: Parameters<Producer['send']>[0]) => {
    const { topic, messages, ...options } = record;
    const results: RecordMetadata[] = [];
    for (const request of splitForRequests([{ topic, messages }])) results.push(...(await producer.send({ ...options, topic, messages: request[0]!.messages })));
    return results;
  });
  const sendBatch = guarded(async (producer, batch: Parameters<Producer['sendBatch']>[0]) => {
    const { topicMessages = [], ...options } = batch;
    const results: RecordMetadata[] = [];
    for (const request of splitForRequests(topicMessages)) results.push(...(await producer.sendBatch({ ...options, topicMessages: request })));
    return results;
  });

  return new Proxy({} as Producer, {
    get(_target, property) {
      if (property === 'send') return send;
      if (property === 'sendBatch') return sendBatch;
      const value = Reflect.get(current, property, current);
      return typeof value === 'function' ? value.bind(current) : value;
    },
  });
}

/**
 * `producer.send` for a tool that sends on its own (replay, the benches), sent again when it fails retriably: the
 * producer lost its idempotent state and replaced itself (seen on the first send after a broker had just started).
 * A consumer would retry its batch instead. A send that had partly gone through is written twice; intake absorbs
 * that, since a message's ticket id comes from its channel and source id, and so does the event log (event ids).
 */
export async function sendRetrying(producer: Producer, record: ProducerRecord, attempts = 3): Promise<RecordMetadata[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await producer.send(record);
    } catch (err) {
      if (attempt >= attempts || !(err instanceof HotlineError && err.retriable)) throw err;
    }
  }
}
