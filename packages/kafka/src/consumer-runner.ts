import type { Consumer, EachBatchPayload, IHeaders, Kafka, Producer } from 'kafkajs';
import { DEAD_LETTER_HEADERS, isRetriable } from '@hotline/contracts';
import type { Metrics } from '@hotline/runtime';
import { retriableWhenUnavailable } from './errors.ts';

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

/**
 * What became of one record. Dead-lettered records are written to the dead-letter topic before the commit. A held
 * record's effect waits for a later record with the same key (see `holdMs`): the runner keeps it, commits nothing from
 * it on, and hands it to the handler again before that later record, or on its own once the wait is over.
 */
export type RecordOutcome = { status: 'done' } | { status: 'dead-letter'; code: string; reason: string } | { status: 'held' };

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
  /**
   * Whether the handler may answer 'held' for this record: only with `holdMs` set, for a record that has not waited
   * that long yet, and never while the runner hands a failed batch over one record at a time (a record held there
   * would be applied after the records that follow it).
   */
  mayHold(record: ConsumedRecord): boolean;
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
  /**
   * How long a record the handler answers 'held' for may wait for a later record with the same key (the tracker waits
   * for triage's decision about a ticket it received, so that the ticket is indexed once, not twice). Unset: the
   * handler may not hold records.
   */
  holdMs?: number;
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
  const holdMs = options.holdMs ?? 0;
  const held = options.metrics?.gauge('hotline_consumer_held_records', 'Records a handler holds back, waiting for a later record with the same key');
  /**
   * Per assigned partition, this generation of the group only: after a rebalance kafkajs reads every partition on from
   * its committed offset again, which is never past a held record, so what was held is handed over again by Kafka.
   */
  const partitions = new Map<string, PartitionState>();
  const giveUpBatches = (reason: string) => {
    for (const controller of inHand) if (!controller.signal.aborted) controller.abort(new Error(reason));
  };

  consumer.on(consumer.events.GROUP_JOIN, () => {
    consuming = true;
    for (const state of partitions.values()) clearTimeout(state.timer);
    partitions.clear();
    held?.set(0);
  });
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
      const oneByOne: BatchContext = { signal: context.signal, mayHold: () => false };
      for (const record of records) {
        try {
          outcomes.push(...(await handler([record], oneByOne)));
        } catch (recordError) {
          if (isRetriable(recordError) || context.signal.aborted) throw recordError;
          outcomes.push({ status: 'dead-letter', code: errorCode(recordError), reason: errorMessage(recordError) });
        }
      }
      if (outcomes.some((outcome) => outcome.status === 'held')) throw new Error(`${service}: the handler held a record handed to it on its own`, { cause: err });
      return outcomes;
    }
  }

  function partitionState(topic: string, partition: number): PartitionState {
    const key = `${topic}\u0000${partition}`;
    let state = partitions.get(key);
    if (!state) {
      state = { key, topic, partition, held: [], queue: Promise.resolve() };
      partitions.set(key, state);
    }
    return state;
  }

  /** Batches of a partition and releases of its held records run one at a time, each with its commit. */
  function exclusive<T>(state: PartitionState, work: () => Promise<T>): Promise<T> {
    const run = state.queue.then(work);
    state.queue = run.catch(() => undefined);
    return run;
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
    const state = partitionState(batch.topic, batch.partition);
    try {
      const slice = options.maxRecordsPerCall ?? records.length;
      for (let from = 0; from < records.length; from += slice) {
        const fresh = records.slice(from, from + slice);
        const committed = await exclusive(state, () => processBatch(state, fresh, { resolveOffset, heartbeat, isRunning, isStale }, controller.signal));
        if (!committed) break; // stopping, or the partition moved: its next owner reads on from the last commit
      }
      batchSeconds?.observe((performance.now() - started) / 1000, { topic: batch.topic });
    } finally {
      clearInterval(keepAlive);
      inHand.delete(controller);
    }
  }

  /**
   * Hands the handler the fresh records, preceded by the held records they release (same key) and those whose wait
   * is over; keeps what it holds; commits up to the first record still held. `fresh` is empty when a timer releases
   * records whose wait is over.
   */
  async function processBatch(
    state: PartitionState,
    fresh: ConsumedRecord[],
    { resolveOffset, heartbeat, isRunning, isStale }: Pick<EachBatchPayload, 'resolveOffset' | 'heartbeat' | 'isRunning' | 'isStale'>,
    signal: AbortSignal,
  ): Promise<boolean> {
    const { topic, partition } = state;
    // Kafka handed this generation its first record from the committed offset (or the log's start): nothing before it
    // needs a commit.
    if (state.committed === undefined && fresh[0]) state.committed = BigInt(fresh[0].offset);
    const now = performance.now();
    const freshKeys = new Set(fresh.map(recordKey));
    const handedBack = state.held.filter((entry) => freshKeys.has(entry.key) || now - entry.since >= holdMs);
    if (handedBack.length + fresh.length === 0) {
      // A timer can fire a little early: Node's timers run on the event loop's clock, which lags behind a busy loop.
      scheduleRelease(state);
      return true;
    }
    const heldSince = new Map(handedBack.map((entry) => [entry.record, entry.since]));
    const stillHeld = state.held.filter((entry) => !heldSince.has(entry.record));
    const records = [...handedBack.map((entry) => entry.record), ...fresh];
    const context: BatchContext = { signal, mayHold: (record) => holdMs > 0 && now - (heldSince.get(record) ?? now) < holdMs };
    for (let attempt = 1; ; attempt += 1) {
      // Shutdown or rebalance: nothing resolved, nothing committed.
      if (!isRunning() || isStale() || signal.aborted || partitions.get(state.key) !== state) return false;
      try {
        const outcomes = await handleIsolatingPoison(records, context);
        const nowHeld = [...stillHeld];
        for (const [index, outcome] of outcomes.entries()) {
          const record = records[index]!;
          if (outcome.status !== 'held') continue;
          if (!context.mayHold(record)) throw new Error(`${service}: the handler held ${topic}/${partition}@${record.offset}, which has waited its ${holdMs} ms`);
          nowHeld.push({ record, key: recordKey(record), since: heldSince.get(record) ?? now });
        }
        let deadLettered = 0;
        for (const [index, outcome] of outcomes.entries()) {
          const record = records[index];
          if (outcome.status === 'dead-letter' && record) {
            await deadLetter(record, outcome.code, outcome.reason);
            deadLetters?.inc({ code: outcome.code });
            deadLettered += 1;
          }
        }
        nowHeld.sort((a, b) => compareOffsets(a.record.offset, b.record.offset));
        const last = fresh[fresh.length - 1]?.offset;
        if (last !== undefined) resolveOffset(last);
        const position = last !== undefined ? BigInt(last) + 1n : state.position;
        const firstHeld = nowHeld[0] ? BigInt(nowHeld[0].record.offset) : undefined;
        const upTo = position !== undefined && firstHeld !== undefined && firstHeld < position ? firstHeld : position;
        if (upTo !== undefined && upTo > state.committed!) {
          try {
            await consumer.commitOffsets([{ topic, partition, offset: upTo.toString() }]);
          } catch (err) {
            if (!lostMembership(err)) throw retriableWhenUnavailable(err);
            // The group moved on (this member was too slow or a rebalance began): the effects are durable, the next
            // owner of the partition reads these records again and the idempotent handlers make that harmless.
            log.warn({ err, topic, partition, offset: upTo.toString() }, 'offsets not committed: the partition was reassigned');
            return false;
          }
          state.committed = upTo;
          options.onCommitted?.({ topic, partition, offset: (upTo - 1n).toString(), records: records.length, deadLettered });
        }
        state.held = nowHeld;
        if (position !== undefined) state.position = position;
        countHeld();
        scheduleRelease(state);
        return true;
      } catch (err) {
        if (signal.aborted) {
          givenUp?.inc({ topic });
          log.info({ reason: (signal.reason as Error).message, topic, partition, firstOffset: records[0]?.offset, records: records.length }, 'batch given up uncommitted');
          return false;
        }
        if (!isRetriable(err)) {
          // A failure that retrying cannot fix and that is not one record's fault (e.g. a bug): stop loudly
          // rather than commit past records whose effects were never made durable.
          log.error({ err, topic, partition, firstOffset: records[0]?.offset }, 'batch failed and cannot be retried');
          throw err;
        }
        const delay = Math.min(maxMs, initialMs * 2 ** Math.min(attempt - 1, 10));
        retries?.inc({ topic });
        log.warn({ err, attempt, delayMs: delay, topic, partition, firstOffset: records[0]?.offset }, 'batch failed, retrying without committing');
        await sleep(delay);
        await heartbeat().catch(() => undefined);
      }
    }
  }

  function countHeld(): void {
    if (!held) return;
    let count = 0;
    for (const state of partitions.values()) count += state.held.length;
    held.set(count);
  }

  /** Once the oldest held record's wait is over, hands the records whose wait is over to the handler on their own. */
  function scheduleRelease(state: PartitionState): void {
    if (state.timer || state.held.length === 0 || stopping) return;
    let since = Number.POSITIVE_INFINITY;
    for (const entry of state.held) since = Math.min(since, entry.since);
    state.timer = setTimeout(() => {
      state.timer = undefined;
      const controller = new AbortController();
      inHand.add(controller);
      const notFetching = { resolveOffset: () => undefined, heartbeat: async () => undefined, isRunning: () => !stopping, isStale: () => false };
      exclusive(state, () => processBatch(state, [], notFetching, controller.signal))
        .catch((err: unknown) => {
          log.error({ err, topic: state.topic, partition: state.partition }, 'releasing held records failed and cannot be retried');
          options.onFatal?.(err instanceof Error ? err : new Error(String(err)));
        })
        .finally(() => inHand.delete(controller));
    }, Math.max(0, since + holdMs - performance.now()) + 1);
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
      // Held records stay uncommitted: the partition's next reader handles them.
      for (const state of partitions.values()) clearTimeout(state.timer);
      await consumer.stop();
      await consumer.disconnect();
    },
  };
}

interface PartitionState {
  readonly key: string;
  readonly topic: string;
  readonly partition: number;
  /** Records the handler holds, in offset order, each with when it was first held (performance.now()). */
  held: Array<{ record: ConsumedRecord; key: string | undefined; since: number }>;
  /** The offset after the last record handed to the handler, and the offset last committed. */
  position?: bigint;
  committed?: bigint;
  /** The tail of this partition's batches and releases, which run one after another. */
  queue: Promise<unknown>;
  timer?: NodeJS.Timeout;
}

function recordKey(record: ConsumedRecord): string | undefined {
  return record.key ? record.key.toString('latin1') : undefined;
}

function compareOffsets(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
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
