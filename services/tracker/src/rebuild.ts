import type { Client } from '@elastic/elasticsearch';
import { decodeTicketEvent, HotlineError, type TicketDocument, type TopicNames } from '@hotline/contracts';
import { groupMembers, type Kafka } from '@hotline/kafka';
import { applyEvent, type ProjectionContext } from '@hotline/lifecycle';
import { bulkRequest, createTicketsIndexForLoad, installIndices, promoteTicketsIndex, toStoreError, type IndexNames } from '@hotline/store';

export interface RebuildDeps {
  kafka: Kafka;
  elasticsearch: Client;
  projection: ProjectionContext;
}

export interface RebuildOptions {
  topics: TopicNames;
  indices: IndexNames;
  /** The live tracker's consumer group: the rebuild refuses to run while it has members. */
  trackerGroupId: string;
  /** Tickets folded in memory before the least recently touched are written out (default 200,000). */
  workingSet?: number;
  /** Keep the index generations the alias served before (default: delete them). */
  keepPrevious?: boolean;
  onProgress?: (progress: FoldProgress) => void;
}

export interface FoldProgress {
  events: number;
  /** Tickets folded so far (in memory or written out). */
  tickets: number;
}

/** What `prepareRebuild` set up: the new index generation and, per partition, the end offset to read to. */
export interface RebuildPlan {
  index: string;
  topic: string;
  /** Partition → [first offset, end offset) as strings (the plan crosses process boundaries as JSON). */
  partitions: Record<number, [string, string]>;
  totalEvents: number;
}

export interface FoldResult {
  events: number;
  /** Events that were not applied (duplicates, unknown tickets …), by reason, as the tracker would count them. */
  notApplied: Record<string, number>;
  /** Events that do not decode (the live tracker dead-lettered them). */
  undecodable: number;
  /** Tickets written out early, because the working set was full, and read back when touched again. */
  readBack: number;
}

export interface RebuildResult extends FoldResult {
  index: string;
  previous: string[];
  tickets: number;
  seconds: number;
}

const BULK_DOCUMENTS = 1_000;

/**
 * Rebuilds the ticket index from the whole ticket event log into a new index generation and points the alias at
 * it: the same projection as the tracker (`applyEvent`), folded in memory so each ticket is written once, not once
 * per event, into an index without refreshes. The audit index (ticket-events) is not rebuilt. Run with the tracker
 * stopped: the log is read to the end offsets it had when the rebuild started, and the tracker, started again,
 * resumes from its own committed offsets, re-applying idempotently what the rebuild already folded. In one
 * process; `scripts/rebuild` runs the same three steps with the fold split over processes.
 */
export async function rebuildTicketIndex(deps: RebuildDeps, options: RebuildOptions): Promise<RebuildResult> {
  const started = performance.now();
  const plan = await prepareRebuild(deps, options);
  const folded = await foldPartitions(deps, plan, { workingSet: options.workingSet ?? 200_000, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
  return { ...folded, ...(await finishRebuild(deps, options, plan)), seconds: (performance.now() - started) / 1000 };
}

/** Refuses while the tracker runs; notes where the log ends now; creates the new index generation. */
export async function prepareRebuild(deps: Pick<RebuildDeps, 'kafka' | 'elasticsearch'>, options: Pick<RebuildOptions, 'topics' | 'indices' | 'trackerGroupId'>): Promise<RebuildPlan> {
  const topic = options.topics.ticketEvents;
  const admin = deps.kafka.admin();
  await admin.connect();
  try {
    const trackers = await groupMembers(admin, options.trackerGroupId);
    if (trackers > 0) {
      throw new HotlineError('TRACKER_RUNNING', `the tracker is running (group ${options.trackerGroupId} has ${trackers} member(s)): stop it before rebuilding (bash scripts/stack down services), start it again after`, { retriable: false });
    }
    const offsets = await admin.fetchTopicOffsets(topic);
    const partitions: RebuildPlan['partitions'] = {};
    let totalEvents = 0;
    for (const { partition, low, high } of offsets) {
      partitions[partition] = [low, high];
      totalEvents += Number(BigInt(high) - BigInt(low));
    }
    await installIndices(deps.elasticsearch, options.indices);
    const index = await createTicketsIndexForLoad(deps.elasticsearch, options.indices);
    return { index, topic, partitions, totalEvents };
  } finally {
    await admin.disconnect();
  }
}

/** Serves the new generation (settings, refresh, alias swap) and counts its tickets. */
export async function finishRebuild(deps: Pick<RebuildDeps, 'elasticsearch'>, options: Pick<RebuildOptions, 'indices' | 'keepPrevious'>, plan: RebuildPlan) {
  const previous = await promoteTicketsIndex(deps.elasticsearch, options.indices, plan.index, { keepPrevious: options.keepPrevious ?? false });
  const tickets = (await deps.elasticsearch.count({ index: plan.index })).count;
  return { index: plan.index, previous, tickets };
}

/**
 * Folds the plan's partitions (all, or the ones given) from their first record to their end offset into the new
 * index. Tickets live in memory, least recently touched first; past `workingSet` the oldest quarter is written out
 * and read back should an event touch it again. Bulk requests go out while the fold goes on, two at most.
 */
export async function foldPartitions(
  deps: RebuildDeps,
  plan: RebuildPlan,
  options: { workingSet: number; only?: readonly number[]; onProgress?: (progress: FoldProgress) => void },
): Promise<FoldResult> {
  const { kafka, elasticsearch, projection } = deps;
  const { index, topic } = plan;
  const mine = (partition: number) => !options.only || options.only.includes(partition);
  const ends = new Map(Object.entries(plan.partitions).map(([partition, [, high]]) => [Number(partition), BigInt(high)]));
  const remaining = new Set(Object.entries(plan.partitions).filter(([partition, [low, high]]) => mine(Number(partition)) && BigInt(high) > BigInt(low)).map(([partition]) => Number(partition)));

  const folding = new Map<string, TicketDocument>();
  const writtenEarly = new Set<string>();
  const notApplied: Record<string, number> = {};
  let [events, undecodable, readBack] = [0, 0, 0];

  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  const send = async (docs: TicketDocument[]) => {
    const operations = docs.flatMap((doc) => [{ index: { _index: index, _id: doc.ticketId } }, doc]);
    let response;
    try {
      response = await bulkRequest(elasticsearch, operations, { filter_path: 'errors,items.*._id,items.*.error' });
    } catch (err) {
      throw toStoreError(err, 'rebuild bulk write');
    }
    if (response.errors) {
      const failed = response.items.map((item) => Object.values(item)[0]).find((item) => item?.error);
      throw new HotlineError('ES_WRITE_REJECTED', `rebuild write failed: ${failed?._id} ${failed?.error?.type}: ${failed?.error?.reason}`, { retriable: false });
    }
  };
  // Waits until at most `limit` bulks are in flight; a failed one fails the fold here.
  const settle = async (limit: number) => {
    while (inFlight.size > limit) await Promise.race(inFlight);
    if (failure) throw failure;
  };
  const write = async (docs: TicketDocument[]) => {
    for (let i = 0; i < docs.length; i += BULK_DOCUMENTS) {
      await settle(1);
      const sending: Promise<void> = send(docs.slice(i, i + BULK_DOCUMENTS)).catch((err: unknown) => { failure ??= err; }).finally(() => inFlight.delete(sending));
      inFlight.add(sending);
    }
  };
  const writeOut = async (count: number) => {
    const docs: TicketDocument[] = [];
    for (const [ticketId, doc] of folding) {
      if (docs.length >= count) break;
      docs.push(doc);
      folding.delete(ticketId);
      writtenEarly.add(ticketId);
    }
    await write(docs);
  };

  if (remaining.size > 0) {
    // A throwaway group of one: it is assigned every partition and pauses those another process folds. Fetches of
    // 1 MiB per partition, 4 MiB in all: at 200,000 tickets they folded faster than 16/64 MiB (median 53 s over five
    // runs against 59 s over six), as kafkajs copies and decodes whole fetch responses at a time.
    const consumer = kafka.consumer({ groupId: `${index}.fold-${process.pid}-${Date.now()}`, maxBytesPerPartition: 1024 * 1024, maxBytes: 4 * 1024 * 1024 });
    let finish!: () => void;
    let fail!: (err: unknown) => void;
    const done = new Promise<void>((resolve, reject) => [finish, fail] = [resolve, reject]);
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch, pause }) => {
          try {
            if (!remaining.has(batch.partition)) {
              if (!mine(batch.partition)) pause();
              return;
            }
            const end = ends.get(batch.partition)!;
            for (const message of batch.messages) {
              if (BigInt(message.offset) >= end) break;
              events++;
              const decoded = decodeTicketEvent(message.value);
              if (!decoded.ok) {
                undecodable++;
                continue;
              }
              const { event } = decoded;
              let doc = folding.get(event.ticketId);
              if (!doc && writtenEarly.has(event.ticketId)) {
                // Written out when the working set was full, and touched again: read it back (a realtime get),
                // once its write is through.
                await settle(0);
                const item = (await elasticsearch.mget<TicketDocument>({ index, ids: [event.ticketId] })).docs[0];
                doc = item && 'found' in item && item.found ? item._source : undefined;
                writtenEarly.delete(event.ticketId);
                readBack++;
              }
              const result = applyEvent(doc, { event, partition: batch.partition, offset: message.offset }, projection);
              if (!result.applied) notApplied[result.reason] = (notApplied[result.reason] ?? 0) + 1;
              if (result.doc) {
                folding.delete(event.ticketId);
                folding.set(event.ticketId, result.doc);
                if (folding.size > options.workingSet) await writeOut(Math.ceil(options.workingSet / 4));
              }
            }
            options.onProgress?.({ events, tickets: folding.size + writtenEarly.size });
            if (BigInt(batch.lastOffset()) + 1n >= end) remaining.delete(batch.partition);
            if (remaining.size === 0) finish();
          } catch (err) {
            fail(err);
            throw err;
          }
        },
      });
      await done;
    } finally {
      await consumer.disconnect();
    }
  }
  await write([...folding.values()]);
  await settle(0);
  return { events, notApplied, undecodable, readBack };
}
