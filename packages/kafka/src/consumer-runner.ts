import type { Consumer, EachBatchPayload, IHeaders, Kafka, Producer } from 'kafkajs';
import { DEAD_LETTER_HEADERS, isRetriable } from '@hotline/contracts';
import type { Metrics } from '@hotline/runtime';

/** One record as a handler sees it: the raw bytes and where they came from. */
export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
  timestamp: string;
}

/** What became of one record. Dead-lettered records are written to the dead-letter topic before the commit. */
export type RecordOutcome = { status: 'done' } | { status: 'dead-letter'; code: string; reason: string };

/**
 * Handles a batch of records from one partition, in order, and resolves once their effects are durable
 * (produced with acks=all, or written to Elasticsearch). Throwing a retriable error retries the whole batch;
 * throwing a non-retriable one makes the runner isolate the poison record by handling the batch one by one.
 */
export type BatchHandler = (records: ConsumedRecord[], context?: BatchContext) => Promise<RecordOutcome[]>;

export interface BatchContext {
  /**
   * Aborted when the batch should be given up: the consumer is stopping, or its group began a rebalance and
   * waits for this member to rejoin. A handler that waits (ingest holding intake back) stops waiting and throws;
   * the runner then commits nothing of the batch, and the partition's next owner reads it again.
   */
  signal: AbortSignal;
}

export interface ConsumerRunnerLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export interface ConsumerRunnerOptions {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  /** Where records the handler rejects go; without one, a rejected record is a programming error and throws. */
  deadLetterTopic?: string;
  /** Shared idempotent producer used for dead letters. */
  producer?: Producer;
  handler: BatchHandler;
  log: ConsumerRunnerLog;
  service: string;
  fromBeginning?: boolean;
  /** Backoff between retries of a batch that failed with a retriable error (engine down). */
  retry?: { initialMs?: number; maxMs?: number };
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /**
   * Partitions handled at once (each still strictly in order; default: up to 12, every partition of the event log). Batches wait on Kafka and Elasticsearch round trips,
   * not the CPU, so overlapping a few of them cuts latency; a ticket's events never run concurrently since they
   * share a partition.
   */
  partitionsConsumedConcurrently?: number;
  /**
   * Records handed to the handler at once, each slice committed before the next (default: the whole fetched batch).
   * A CPU-bound handler (triage) gets small slices so that its output flows steadily: with whole batches of
   * thousands, every partition's results came out together seconds apart and the next stage stood idle between.
   */
  maxRecordsPerCall?: number;
  /** Called when the consumer stopped for good (kafkajs will not restart it): the process should exit and be restarted. */
  onFatal?: (error: Error) => void;
  /** Where consumer lag, batch latency, retries and dead letters are counted (served on /metrics). */
  metrics?: Metrics;
  /** Called after every committed batch (metrics, tests). */
  onCommitted?: (info: { topic: string; partition: number; offset: string; records: number; deadLettered: number }) => void;
}

export interface ConsumerRunner {
  readonly consumer: Consumer;
  start(): Promise<void>;
  /** Stops fetching, lets the batch in hand finish (its offsets commit only if it completed), disconnects. */
  stop(): Promise<void>;
  /** True once the group has assigned partitions and fetching has started. */
  isConsuming(): boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The consumer loop every service uses. At-least-once delivery, exactly-once effect is the handler's part
 * (idempotent writes); the runner's part is to commit a batch's offsets only after the handler said its effects
 * are durable and the dead letters are written, to retry retriable failures with backoff without committing or
 * crashing (an engine outage pauses the partition, it does not lose or skip records), and to let one poison
 * record go to the dead-letter topic instead of stalling its partition.
 */
export function createConsumerRunner(options: ConsumerRunnerOptions): ConsumerRunner {
  const { kafka, groupId, topics, handler, log, service } = options;
  const initialMs = options.retry?.initialMs ?? 200;
  const maxMs = options.retry?.maxMs ?? 5_000;
  if (options.maxRecordsPerCall !== undefined && !(Number.isInteger(options.maxRecordsPerCall) && options.maxRecordsPerCall >= 1)) {
    throw new Error(`${service}: maxRecordsPerCall must be a whole number ≥ 1, got ${options.maxRecordsPerCall}`);
  }
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? Math.floor((options.sessionTimeoutMs ?? 30_000) / 5);
  const consumer = kafka.consumer({
    groupId,
    sessionTimeout: options.sessionTimeoutMs ?? 30_000,
    heartbeatInterval: heartbeatIntervalMs,
    maxBytesPerPartition: 4 * 1024 * 1024,
  });
  const lag = options.metrics?.gauge('hotline_consumer_lag', 'Records behind the end of the partition when a batch was fetched');
  const batchSeconds = options.metrics?.histogram('hotline_consumer_batch_seconds', 'Time from fetching a batch to committing it');
  const retries = options.metrics?.counter('hotline_consumer_retries_total', 'Batches retried after a retriable failure');
  const deadLetters = options.metrics?.counter('hotline_consumer_dead_lettered_total', 'Records sent to the dead-letter topic, by code');
  const givenUp = options.metrics?.counter('hotline_consumer_batches_given_up_total', 'Batches given up uncommitted because the consumer stopped or its group rebalanced');
  let consuming = false;
  let stopping = false;
  /** One per batch in hand: aborted together, since a rebalance or a stop concerns the whole member. */
  const inHand = new Set<AbortController>();
  const giveUpBatches = (reason: string) => {
    for (const controller of inHand) if (!controller.signal.aborted) controller.abort(new Error(reason));
  };

  consumer.on(consumer.events.GROUP_JOIN, () => { consuming = true; });
  consumer.on(consumer.events.CRASH, (event) => {
    if (event.payload.restart) {
      // e.g. the group coordinator still loading on a fresh broker: kafkajs restarts the consumer itself.
      log.warn({ err: event.payload.error, groupId }, 'consumer restarting after a retriable error');
    } else {
      log.error({ err: event.payload.error, groupId }, 'consumer crashed');
      consuming = false;
      options.onFatal?.(event.payload.error);
    }
  });

  async function deadLetter(record: ConsumedRecord, code: string, reason: string): Promise<void> {
    if (!options.deadLetterTopic || !options.producer) {
      throw new Error(`${service}: record ${record.topic}/${record.partition}@${record.offset} was rejected (${code}) but no dead-letter topic is configured`);
    }
    const headers: IHeaders = {
      ...record.headers,
      [DEAD_LETTER_HEADERS.errorCode]: code,
      [DEAD_LETTER_HEADERS.reason]: reason,
      [DEAD_LETTER_HEADERS.sourceTopic]: record.topic,
      [DEAD_LETTER_HEADERS.sourcePartition]: String(record.partition),
      [DEAD_LETTER_HEADERS.sourceOffset]: record.offset,
      [DEAD_LETTER_HEADERS.failedAt]: new Date().toISOString(),
      [DEAD_LETTER_HEADERS.service]: service,
    };
    await options.producer.send({
      topic: options.deadLetterTopic,
      acks: -1,
      messages: [{ key: record.key, value: record.value, headers }],
    });
    log.warn({ code, reason, source: { topic: record.topic, partition: record.partition, offset: record.offset } }, 'record dead-lettered');
  }

  /** Runs the handler on the batch; on a non-retriable failure, isolates the record that causes it. */
  async function handleIsolatingPoison(records: ConsumedRecord[], context: BatchContext): Promise<RecordOutcome[]> {
    try {
      return await handler(records, context);
    } catch (err) {
      if (isRetriable(err) || records.length === 1 || context.signal.aborted) throw err;
      const outcomes: RecordOutcome[] = [];
      for (const record of records) {
        try {
          outcomes.push(...(await handler([record], context)));
        } catch (recordError) {
          if (isRetriable(recordError) || context.signal.aborted) throw recordError;
          outcomes.push({ status: 'dead-letter', code: errorCode(recordError), reason: errorMessage(recordError) });
        }
      }
      return outcomes;
    }
  }

  async function eachBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const records: ConsumedRecord[] = batch.messages.map((message) => ({
      topic: batch.topic,
      partition: batch.partition,
      offset: message.offset,
      key: message.key,
      value: message.value,
      headers: message.headers ?? {},
      timestamp: message.timestamp,
    }));
    if (records.length === 0) return;
    lag?.set(Number(batch.offsetLag()), { topic: batch.topic, partition: String(batch.partition) });
    const started = performance.now();

    const controller = new AbortController();
    inHand.add(controller);
    if (stopping) controller.abort(new Error('consumer stopping'));
    // Heartbeats go out between batches; a long batch (a cold start, an engine retry, a hold) must keep the
    // membership. A heartbeat the coordinator refuses means the group is rebalancing: the batch is given up so that
    // this member rejoins at once instead of keeping the whole group waiting for the batch to end.
    const keepAlive = setInterval(() => void heartbeat().catch((err: unknown) => {
      if (lostMembership(err)) giveUpBatches('the consumer group is rebalancing');
    }), heartbeatIntervalMs);
    try {
      const slice = options.maxRecordsPerCall ?? records.length;
      for (let from = 0; from < records.length; from += slice) {
        const committed = await processBatch(batch.topic, batch.partition, records.slice(from, from + slice), { resolveOffset, heartbeat, isRunning, isStale }, { signal: controller.signal });
        if (!committed) break; // stopping, or the partition moved: its next owner reads on from the last commit
      }
      batchSeconds?.observe((performance.now() - started) / 1000, { topic: batch.topic });
    } finally {
      clearInterval(keepAlive);
      inHand.delete(controller);
    }
  }

  async function processBatch(
    topic: string,
    partition: number,
    records: ConsumedRecord[],
    { resolveOffset, heartbeat, isRunning, isStale }: Pick<EachBatchPayload, 'resolveOffset' | 'heartbeat' | 'isRunning' | 'isStale'>,
    context: BatchContext,
  ): Promise<boolean> {
    const batch = { topic, partition };
    for (let attempt = 1; ; attempt += 1) {
      // Shutdown or rebalance: nothing resolved, nothing committed.
      if (!isRunning() || isStale() || context.signal.aborted) return false;
      try {
        const outcomes = await handleIsolatingPoison(records, context);
        let deadLettered = 0;
        for (const [index, outcome] of outcomes.entries()) {
          const record = records[index];
          if (outcome.status === 'dead-letter' && record) {
            await deadLetter(record, outcome.code, outcome.reason);
            deadLetters?.inc({ code: outcome.code });
            deadLettered += 1;
          }
        }
        const last = records[records.length - 1]!.offset;
        resolveOffset(last);
        try {
          await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() }]);
        } catch (err) {
          if (!lostMembership(err)) throw err;
          // The group moved on (this member was too slow or a rebalance began): the effects are durable, the next
          // owner of the partition reads these records again and the idempotent handlers make that harmless.
          log.warn({ err, topic: batch.topic, partition: batch.partition, offset: last }, 'offsets not committed: the partition was reassigned');
          return false;
        }
        options.onCommitted?.({ topic: batch.topic, partition: batch.partition, offset: last, records: records.length, deadLettered });
        return true;
      } catch (err) {
        if (context.signal.aborted) {
          givenUp?.inc({ topic: batch.topic });
          log.info({ reason: (context.signal.reason as Error).message, topic: batch.topic, partition: batch.partition, firstOffset: records[0]?.offset, records: records.length }, 'batch given up uncommitted');
          return false;
        }
        if (!isRetriable(err)) {
          // A failure that retrying cannot fix and that is not one record's fault (e.g. a bug): stop loudly
          // rather than commit past records whose effects were never made durable.
          log.error({ err, topic: batch.topic, partition: batch.partition, firstOffset: records[0]?.offset }, 'batch failed and cannot be retried');
          throw err;
        }
        const delay = Math.min(maxMs, initialMs * 2 ** Math.min(attempt - 1, 10));
        retries?.inc({ topic: batch.topic });
        log.warn({ err, attempt, delayMs: delay, topic: batch.topic, partition: batch.partition, firstOffset: records[0]?.offset }, 'batch failed, retrying without committing');
        await sleep(delay);
        await heartbeat().catch(() => undefined);
      }
    }
  }

  return {
    consumer,
    isConsuming: () => consuming && !stopping,
    async start() {
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning: options.fromBeginning ?? true });
      await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 12, eachBatch });
      log.info({ groupId, topics }, 'consuming');
    },
    async stop() {
      stopping = true;
      giveUpBatches('consumer stopping');
      await consumer.stop();
      await consumer.disconnect();
    },
  };
}

/** The coordinator no longer counts this member, or a rebalance began: kafkajs rejoins on its own. */
function lostMembership(error: unknown): boolean {
  const types = ['UNKNOWN_MEMBER_ID', 'REBALANCE_IN_PROGRESS', 'ILLEGAL_GENERATION', 'NOT_COORDINATOR', 'NOT_COORDINATOR_FOR_GROUP'];
  for (let current: unknown = error; current; current = (current as { cause?: unknown }).cause) {
    if (types.includes((current as { type?: string }).type ?? '')) return true;
  }
  // kafkajs' retrier re-wraps protocol errors without their type; its message is all that is left.
  return /not aware of this member|rebalanc|generation id|not the coordinator/i.test(error instanceof Error ? error.message : '');
}

function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : 'UNHANDLED_ERROR';
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
