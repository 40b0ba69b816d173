import type { Admin, Kafka } from 'kafkajs';
import type { Metrics } from '@hotline/runtime';

/** The watched group's position on a topic: records it has not committed yet, and the sum of its commits. */
export interface GroupPosition {
  backlog: number;
  committed: bigint;
}

export interface BacklogGateOptions {
  /** Reads the watched group's position now. */
  measure: () => Promise<GroupPosition>;
  /**
   * Hold an admission that would take the backlog above this many records; once held, it waits until the backlog is
   * down to half, so that a burst goes through in fewer, larger admissions. 0 turns the gate off.
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
  /** Resolves when `count` more records may be produced. Never rejects: if the backlog cannot be read, it admits. */
  admit(count: number): Promise<void>;
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
  const heldSeconds = options.metrics?.counter('hotline_admission_held_seconds_total', 'Time admissions spent waiting for the watched group');

  // Records admitted since the last reading, on top of the backlog it read: an upper bound that spares a
  // reading per batch while the backlog is far from the limit (triage only lowers it meanwhile).
  let estimate = 0;
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

  const pause = () => new Promise<void>((resolve) => {
    const timer = setTimeout(() => { wake = null; resolve(); }, pollMs);
    wake = () => { clearTimeout(timer); wake = null; resolve(); };
  });

  async function admitOne(count: number): Promise<void> {
    if (closed || options.limit <= 0) return;
    if (estimate + count <= options.limit) {
      estimate += count;
      return;
    }
    const started = now();
    let held = false;
    for (;;) {
      let position: GroupPosition;
      try {
        position = await options.measure();
      } catch (err) {
        options.log.warn({ err, watched: options.watched }, 'backlog unreadable: admitting without holding back');
        estimate = 0;
        break;
      }
      backlogGauge?.set(position.backlog, labels);
      if (position.committed !== lastCommitted) {
        lastCommitted = position.committed;
        lastProgressAt = now();
        stalledReported = false;
      }
      const room = held ? options.limit / 2 : options.limit;
      if (position.backlog === 0 || position.backlog + count <= room) {
        estimate = position.backlog + count;
        break;
      }
      if (now() - lastProgressAt >= options.stalledAfterMs) {
        if (!stalledReported) {
          options.log.warn({ watched: options.watched, backlog: position.backlog, stalledForMs: Math.round(now() - lastProgressAt) }, 'watched group committed nothing for too long: admitting without holding back');
          stalledReported = true;
        }
        estimate = position.backlog + count;
        break;
      }
      if (!held) {
        held = true;
        holding?.set(1, labels);
        if (now() - lastHoldLoggedAt >= HOLD_LOG_EVERY_MS) {
          options.log.info({ watched: options.watched, backlog: position.backlog, limit: options.limit, heldMsSinceLastLine: Math.round(heldMsUnlogged) }, 'holding intake until the watched group catches up');
          lastHoldLoggedAt = now();
          heldMsUnlogged = 0;
        }
      }
      if (closed) break;
      await pause();
      if (closed) break;
    }
    if (held) {
      holding?.set(0, labels);
      heldSeconds?.inc(labels, (now() - started) / 1000);
      heldMsUnlogged += now() - started;
    }
  }

  return {
    // One admission at a time, in arrival order: concurrent partitions share one reading instead of racing.
    admit(count) {
      const admitted = queue.then(() => admitOne(count));
      queue = admitted.catch(() => undefined);
      return admitted;
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

/**
 * A gate on one consumer group's backlog on one topic, read through an admin client of its own (connected here).
 * `close` releases waiting admissions; `disconnect`, once the consumer has stopped, lets the admin client go.
 */
export async function gateOnGroup(
  kafka: Kafka,
  watch: { groupId: string; topic: string },
  options: Omit<BacklogGateOptions, 'measure'>,
): Promise<GroupGate> {
  const admin = kafka.admin();
  await admin.connect();
  const gate = createBacklogGate({ ...options, measure: groupPosition(admin, watch.groupId, watch.topic) });
  return { ...gate, disconnect: () => admin.disconnect() };
}
