import type { Admin, Kafka } from 'kafkajs';
import type { Metrics } from '@hotline/runtime';

/** The watched group's position on a topic: records it has not committed yet, and the sum of its commits. */
export interface GroupPosition {
  backlog: number;
  committed: bigint;
}

/** A reading for the gate: the watched group's position, and how many instances admit through the same limit. */
export interface GateReading extends GroupPosition {
  /** Instances of the producing service (members of its consumer group) sharing the limit; 1 when absent. */
  admitters?: number;
}

export interface BacklogGateOptions {
  /** Reads the watched group's position now. */
  measure: () => Promise<GateReading>;
  /**
   * Hold an admission that would take the backlog above this many records; once held, it waits until the backlog is
   * down to half, so that a burst goes through in fewer, larger admissions. 0 turns the gate off. The limit is for
   * all instances together: n instances each take an nth of the room a reading shows.
   */
  limit: number;
  /**
   * Admit regardless once the watched group has committed nothing for this long while records wait: it is down or
   * stuck, and holding more back would only keep work out of sight (operators triage by hand meanwhile).
   */
  stalledAfterMs: number;
  /** Between two measurements while holding (default 250 ms). */
  pollMs?: number;
  /** What the logs and metrics call the watched stage. */
  watched: string;
  log: {
    info(fields: Record<string, unknown>, message: string): void;
    warn(fields: Record<string, unknown>, message: string): void;
  };
  metrics?: Metrics;
  now?: () => number;
}

export interface BacklogGate {
  /**
   * Resolves when `count` more records may be produced, after `send` (when given) has produced them: until then
   * they count against the limit on top of any reading, since a reading cannot see them yet. Rejects when `signal`
   * aborts before the admission (the batch is given up: the consumer stops or its group rebalances), or with
   * `send`'s error; if the backlog cannot be read, it admits.
   */
  admit(count: number, options?: { signal?: AbortSignal; send?: () => Promise<unknown> }): Promise<void>;
  /**
   * Makes the next admission read the backlog and the number of instances again, however much room the last
   * reading left: after a rebalance the instances sharing the limit may have changed.
   */
  reread(): void;
  /** Releases every waiting admission (shutdown). */
  close(): void;
}

/**
 * Ingest's defaults in front of triage (ingest's main, the API's backlog view and the bench's skeleton use them).
 * 3,000 events is about a second of triage's reading (each ticket adds three events to the log: received, triaged,
 * decided); 15 s without a commit is far beyond a slow batch of triage's.
 */
export const DEFAULT_ADMISSION = { limit: 3_000, stalledAfterMs: 15_000 } as const;

const HOLD_LOG_EVERY_MS = 10_000;

/**
 * Admission control between two stages: a producer (ingest) holds its input back while the next stage's consumer
 * group (triage) has more than `limit` records to read. A backlog then waits in the producer's input topic, where
 * it costs nothing, rather than in the shared event log, where every later stage (the tracker) must work through
 * it before it reaches the first decisions. It only delays: nothing is dropped, and a stalled or unreadable
 * consumer opens the gate.
 */
export function createBacklogGate(options: BacklogGateOptions): BacklogGate {
  const now = options.now ?? (() => performance.now());
  const pollMs = options.pollMs ?? 250;
  const labels = { watched: options.watched };
  const backlogGauge = options.metrics?.gauge('hotline_admission_backlog_records', 'Records the watched consumer group had not committed at the last reading');
  const holding = options.metrics?.gauge('hotline_admission_holding', '1 while admissions wait for the watched group to catch up');
  const admittersGauge = options.metrics?.gauge('hotline_admission_instances', 'Instances sharing the admission limit at the last reading');
  const heldSeconds = options.metrics?.counter('hotline_admission_held_seconds_total', 'Time admissions spent waiting for the watched group');

  // The backlog at the last reading and what this instance admitted since: while the backlog plus every instance's
  // admissions at this instance's pace stays under the limit, no reading is needed (triage only lowers the backlog
  // meanwhile). The first admission reads, to learn how many instances share the limit. Records admitted but not
  // sent yet are not in a reading's backlog: they count as admitted since it.
  let readBacklog = 0;
  let admittedSinceReading = 0;
  let unsent = 0;
  let admitters = 1;
  let haveReading = false;
  const fits = (backlog: number, admitted: number, room: number) => backlog + admitters * admitted <= room;
  let lastCommitted: bigint | null = null;
  let lastProgressAt = now();
  let stalledReported = false;
  // A burst holds intake every few hundred milliseconds: one log line per HOLD_LOG_EVERY_MS says so, with the time
  // held since the last line (the metrics have every hold).
  let lastHoldLoggedAt = -Infinity;
  let heldMsUnlogged = 0;
  let closed = false;
  let wake: (() => void) | null = null;
  let queue = Promise.resolve();

  const pause = (signal: AbortSignal | undefined) => new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      wake = null;
      resolve();
    };
    const timer = setTimeout(done, pollMs);
    signal?.addEventListener('abort', done);
    wake = done;
  });

  async function admitOne(count: number, signal: AbortSignal | undefined): Promise<void> {
    const admit = (): void => {
      admittedSinceReading = unsent + count;
    };
    signal?.throwIfAborted();
    if (closed || options.limit <= 0) return;
    if (haveReading && fits(readBacklog, admittedSinceReading + count, options.limit)) {
      admittedSinceReading += count;
      return;
    }
    const started = now();
    let held = false;
    try {
      for (;;) {
        let position: GateReading;
        try {
          position = await options.measure();
        } catch (err) {
          options.log.warn({ err, watched: options.watched }, 'backlog unreadable: admitting without holding back');
          readBacklog = 0;
          haveReading = true;
          admit();
          return;
        }
        signal?.throwIfAborted();
        haveReading = true;
        admitters = Math.max(1, position.admitters ?? 1);
        readBacklog = position.backlog;
        admittedSinceReading = unsent;
        backlogGauge?.set(position.backlog, labels);
        admittersGauge?.set(admitters, labels);
        if (position.committed !== lastCommitted) {
          lastCommitted = position.committed;
          lastProgressAt = now();
          stalledReported = false;
        }
        const room = held ? options.limit / 2 : options.limit;
        // A batch larger than the room still goes into an empty backlog, one at a time.
        if ((position.backlog === 0 && unsent === 0) || fits(position.backlog, unsent + count, room)) {
          admit();
          return;
        }
        if (now() - lastProgressAt >= options.stalledAfterMs) {
          if (!stalledReported) {
            options.log.warn({ watched: options.watched, backlog: position.backlog, stalledForMs: Math.round(now() - lastProgressAt) }, 'watched group committed nothing for too long: admitting without holding back');
            stalledReported = true;
          }
          admit();
          return;
        }
        if (!held) {
          held = true;
          holding?.set(1, labels);
          if (now() - lastHoldLoggedAt >= HOLD_LOG_EVERY_MS) {
            options.log.info({ watched: options.watched, backlog: position.backlog, limit: options.limit, instances: admitters, heldMsSinceLastLine: Math.round(heldMsUnlogged) }, 'holding intake until the watched group catches up');
            lastHoldLoggedAt = now();
            heldMsUnlogged = 0;
          }
        }
        if (closed) return admit();
        await pause(signal);
        signal?.throwIfAborted();
        if (closed) return admit();
      }
    } finally {
      if (held) {
        holding?.set(0, labels);
        heldSeconds?.inc(labels, (now() - started) / 1000);
        heldMsUnlogged += now() - started;
      }
    }
  }

  return {
    // One admission at a time, in arrival order: concurrent partitions share one reading instead of racing.
    admit(count, { signal, send } = {}) {
      const admitted = queue.then(async () => {
        await admitOne(count, signal);
        // Counted before the next admission in the queue reads; uncounted once the send has finished.
        if (send) unsent += count;
      });
      queue = admitted.catch(() => undefined);
      if (!send) return admitted;
      // Sends run side by side; only the admissions queue up.
      return admitted.then(async () => {
        try {
          await send();
        } finally {
          unsent -= count;
        }
      });
    },
    reread() {
      haveReading = false;
    },
    close() {
      closed = true;
      wake?.();
    },
  };
}

/**
 * Reads consumer groups' backlogs on one topic from the broker, the topic's end offsets once for all of them: each
 * partition's end offset less the group's committed offset (its start, when the group has committed nothing there yet).
 */
export async function readGroupPositions(admin: Admin, topic: string, groupIds: readonly string[]): Promise<GroupPosition[]> {
  const [ends, ...commits] = await Promise.all([admin.fetchTopicOffsets(topic), ...groupIds.map((groupId) => admin.fetchOffsets({ groupId, topics: [topic] }))]);
  return commits.map(([committed]) => {
    const committedBy = new Map((committed?.partitions ?? []).map(({ partition, offset }) => [partition, BigInt(offset)]));
    let backlog = 0n;
    let sum = 0n;
    for (const { partition, high, low } of ends) {
      const at = committedBy.get(partition) ?? -1n;
      const from = at < 0n ? BigInt(low) : at;
      backlog += BigInt(high) > from ? BigInt(high) - from : 0n;
      sum += from;
    }
    return { backlog: Number(backlog), committed: sum };
  });
}

/** `readGroupPositions` for one group, as the gate measures it. */
export function groupPosition(admin: Admin, groupId: string, topic: string): () => Promise<GroupPosition> {
  return async () => (await readGroupPositions(admin, topic, [groupId]))[0]!;
}

/** A gate with the admin client it reads the backlog through. */
export type GroupGate = BacklogGate & { disconnect(): Promise<void> };

/** How many members a consumer group has now (0 while it has none, or while a rebalance has not named them yet). */
export async function groupMembers(admin: Admin, groupId: string): Promise<number> {
  const [group] = (await admin.describeGroups([groupId])).groups;
  return group?.members.length ?? 0;
}

/**
 * A gate on one consumer group's backlog on one topic, read through an admin client of its own (connected here).
 * `admittersGroupId` is the consumer group of the instances that admit through the gate: its members share the
 * limit. `close` releases waiting admissions; `disconnect`, once the consumer has stopped, lets the admin client go.
 */
export async function gateOnGroup(
  kafka: Kafka,
  watch: { groupId: string; topic: string; admittersGroupId?: string },
  options: Omit<BacklogGateOptions, 'measure'>,
): Promise<GroupGate> {
  const admin = kafka.admin();
  await admin.connect();
  const position = groupPosition(admin, watch.groupId, watch.topic);
  const { admittersGroupId } = watch;
  const measure = admittersGroupId === undefined
    ? position
    : async (): Promise<GateReading> => {
      const [reading, admitters] = await Promise.all([position(), groupMembers(admin, admittersGroupId)]);
      return { ...reading, admitters };
    };
  const gate = createBacklogGate({ ...options, measure });
  return { ...gate, disconnect: () => admin.disconnect() };
}
