import type { Client } from '@elastic/elasticsearch';
import type { Kafka } from '@hotline/kafka';
import { decodeTicketEvent, HotlineError, type TicketDocument, type TopicNames } from '@hotline/contracts';
import { applyEvent, type ProjectionContext } from '@hotline/lifecycle';
import { createTicketsIndexForLoad, installIndices, promoteTicketsIndex, toStoreError, type IndexNames } from '@hotline/store';

export interface RebuildOptions {
  topics: TopicNames;
  indices: IndexNames;
  /** The live tracker's consumer group: the rebuild refuses to run while it has members. */
  trackerGroupId: string;
  /** Tickets folded in memory before the least recently touched are written out (default 200,000). */
  workingSet?: number;
  /** Keep the index generations the alias served before (default: delete them). */
  keepPrevious?: boolean;
  onProgress?: (progress: { events: number; totalEvents: number; tickets: number }) => void;
}

export interface RebuildResult {
  index: string;
  previous: string[];
  events: number;
  tickets: number;
  /** Events that were not applied (duplicates, unknown tickets …), by reason, as the tracker would count them. */
  notApplied: Record<string, number>;
  /** Events that do not decode (the live tracker dead-lettered them). */
  undecodable: number;
  /** Tickets written out early, because the working set was full, and read back when touched again. */
  readBack: number;
  seconds: number;
}

const BULK_DOCUMENTS = 1_000;

/**
 * Rebuilds the ticket index from the whole ticket event log into a new index generation and points the alias at
 * it: the same projection as the tracker (`applyEvent`), folded in memory so each ticket is written once, not once
 * per event, into an index without refreshes. The audit index (ticket-events) is not rebuilt. Run with the tracker
 * stopped: the log is read to the end offsets it had when the rebuild started, and the tracker, started again,
 * resumes from its own committed offsets, re-applying idempotently what the rebuild already folded.
 */
export async function rebuildTicketIndex(deps: { kafka: Kafka; elasticsearch: Client; projection: ProjectionContext }, options: RebuildOptions): Promise<RebuildResult> {
  const { kafka, elasticsearch, projection } = deps;
  const topic = options.topics.ticketEvents;
  const workingSet = options.workingSet ?? 200_000;
  const started = performance.now();
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `${options.trackerGroupId}.rebuild-${Date.now()}`;
  try {
    const [tracker] = (await admin.describeGroups([options.trackerGroupId])).groups;
    if (tracker && tracker.members.length > 0) {
      throw new HotlineError('TRACKER_RUNNING', `the tracker is running (group ${options.trackerGroupId} has ${tracker.members.length} member(s)): stop it before rebuilding (bash scripts/stack down services), start it again after`, { retriable: false });
    }
    const ends = new Map<number, { low: bigint; high: bigint }>((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, { low: BigInt(p.low), high: BigInt(p.high) }]));
    const totalEvents = [...ends.values()].reduce((sum, { low, high }) => sum + Number(high - low), 0);

    await installIndices(elasticsearch, options.indices);
    const index = await createTicketsIndexForLoad(elasticsearch, options.indices);

    // Tickets being folded, least recently touched first; those written out early are read back when touched again.
    const folding = new Map<string, TicketDocument>();
    const writtenEarly = new Set<string>();
    const notApplied: Record<string, number> = {};
    let [events, undecodable, readBack] = [0, 0, 0];

    // Bulk requests go out while the fold goes on, at most two at a time: Elasticsearch indexes on one core while
    // this process folds on the other. A failed one fails the rebuild at the next write or at the end.
    const inFlight = new Set<Promise<void>>();
    let failure: unknown;
    const send = async (docs: TicketDocument[]) => {
      const operations = docs.flatMap((doc) => [{ index: { _index: index, _id: doc.ticketId } }, doc]);
      let response;
      try {
        response = await elasticsearch.bulk({ operations });
      } catch (err) {
        throw toStoreError(err, 'rebuild bulk write');
      }
      if (response.errors) {
        const failed = response.items.map((item) => Object.values(item)[0]).find((item) => item?.error);
        throw new HotlineError('ES_WRITE_REJECTED', `rebuild write failed: ${failed?._id} ${failed?.error?.type}: ${failed?.error?.reason}`, { retriable: false });
      }
    };
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

    const remaining = new Set<number>([...ends].filter(([, { low, high }]) => high > low).map(([partition]) => partition));
    const consumer = kafka.consumer({ groupId, maxBytesPerPartition: 16 * 1024 * 1024, maxBytes: 64 * 1024 * 1024 });
    let finish!: () => void;
    let fail!: (err: unknown) => void;
    const done = new Promise<void>((resolve, reject) => [finish, fail] = [resolve, reject]);
    if (remaining.size === 0) finish();
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          try {
            if (!remaining.has(batch.partition)) return;
            const end = ends.get(batch.partition)!.high;
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
                if (folding.size > workingSet) await writeOut(Math.ceil(workingSet / 4));
              }
            }
            options.onProgress?.({ events, totalEvents, tickets: folding.size + writtenEarly.size });
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
      await admin.deleteGroups([groupId]).catch(() => undefined);
    }

    await write([...folding.values()]);
    await settle(0);
    folding.clear();
    const previous = await promoteTicketsIndex(elasticsearch, options.indices, index, { keepPrevious: options.keepPrevious ?? false });
    const tickets = (await elasticsearch.count({ index })).count;
    return { index, previous, events, tickets, notApplied, undecodable, readBack, seconds: (performance.now() - started) / 1000 };
  } finally {
    await admin.disconnect();
  }
}
