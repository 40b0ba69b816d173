import type { Client, estypes } from '@elastic/elasticsearch';
import { HotlineError, type TicketDocument, type TicketEvent } from '@hotline/contracts';
import { bulkRequest } from './client.ts';
import { toStoreError } from './errors.ts';
import type { IndexNames } from './indices.ts';

export interface StoredTicket {
  doc: TicketDocument;
  seqNo: number;
  primaryTerm: number;
}

/** A ticket the repository wrote: the document's JSON as sent, and the version the write got. */
interface RememberedTicket {
  source: string;
  seqNo: number;
  primaryTerm: number;
}

export interface TicketWrite {
  doc: TicketDocument;
  /** The version read; absent for a new ticket. The write fails if the document changed since. */
  expected?: { seqNo: number; primaryTerm: number };
}

export interface EventRecord {
  eventId: string;
  ticketId: string;
  type: string;
  occurredAt: string;
  producedBy: string;
  log: { partition: number; offset: string };
  outcome: string;
  payload: unknown;
}

/**
 * An event as the audit trail keeps it: the event's own fields, what the projection did with it, and the rest as
 * payload. TicketReceived's `restricted` part (the caller, the unmasked text) stays in the log and in the ticket's
 * restricted part; the audit trail keeps no second copy of it.
 */
export function auditRecord(event: TicketEvent, log: EventRecord['log'], outcome: string): EventRecord {
  const { eventId, ticketId, type, occurredAt, producedBy, ...rest } = event;
  const { restricted: _personal, ...payload } = rest as typeof rest & { restricted?: unknown };
  return { eventId, ticketId, type, occurredAt, producedBy, log, outcome, payload };
}

export interface TicketRepository {
  getMany(ticketIds: readonly string[]): Promise<Map<string, StoredTicket>>;
  get(ticketId: string): Promise<TicketDocument | undefined>;
  /** One bulk request; resolves when every write is durable, throws a coded error otherwise. */
  write(tickets: readonly TicketWrite[], events: readonly EventRecord[]): Promise<void>;
  refresh(): Promise<void>;
}

export interface TicketRepositoryOptions {
  /**
   * How many of the documents it wrote the repository remembers, to answer the next read of them itself (default 0:
   * none). For the writer of a partition's tickets, the tracker, whose next batch mostly reads the tickets the last
   * one wrote: a realtime get of a document not yet refreshed makes Elasticsearch refresh the shard first. Optimistic
   * concurrency still guards every write: a failed write forgets its tickets, and the retry reads them afresh. It
   * also remembers as many tickets it found missing, until it writes them: the tracker reads a new ticket once, not
   * again when the ticket's first document waited for triage's decision (a write would create it, and fail if another
   * writer had).
   */
  rememberWritten?: number;
}

/** The tracker's access to the ticket indices: reads current documents, writes with optimistic concurrency. */
export function createTicketRepository(client: Client, names: IndexNames, options: TicketRepositoryOptions = {}): TicketRepository {
  const limit = options.rememberWritten ?? 0;
  // Least recently used first (a Map iterates in insertion order; a hit moves its entry to the end). A document is
  // kept as the JSON that was sent, not as objects: tens of thousands of documents as object graphs made the
  // garbage collector copy and mark every one of them, and a string is one object; a hit parses it back.
  const written = new Map<string, RememberedTicket>();
  const missing = new Set<string>();
  const remember = (ticketId: string, entry: RememberedTicket) => {
    missing.delete(ticketId);
    written.delete(ticketId);
    written.set(ticketId, entry);
    if (written.size > limit) written.delete(written.keys().next().value as string);
  };
  const forget = (tickets: readonly TicketWrite[]) => {
    for (const { doc } of tickets) {
      written.delete(doc.ticketId);
      missing.delete(doc.ticketId);
    }
  };
  return {
    async getMany(ticketIds) {
      const found = new Map<string, StoredTicket>();
      const unknown: string[] = [];
      for (const ticketId of ticketIds) {
        const entry = written.get(ticketId);
        if (entry) {
          found.set(ticketId, { doc: JSON.parse(entry.source) as TicketDocument, seqNo: entry.seqNo, primaryTerm: entry.primaryTerm });
          remember(ticketId, entry);
        } else if (!missing.has(ticketId)) {
          unknown.push(ticketId);
        }
      }
      if (unknown.length === 0) return found;
      let response: estypes.MgetResponse<TicketDocument>;
      try {
        response = await client.mget<TicketDocument>({ index: names.ticketsAlias, ids: unknown });
      } catch (err) {
        throw toStoreError(err, 'mget tickets');
      }
      for (const item of response.docs) {
        // A shard that is still recovering answers per document, inside a 200: "missing" would be a lie here.
        if ('error' in item && item.error) {
          throw new HotlineError('ES_UNAVAILABLE', `Elasticsearch could not read ticket ${item._id}: ${item.error.type}: ${item.error.reason}`, { retriable: true });
        }
        if ('found' in item && item.found && item._source && item._seq_no !== undefined && item._primary_term !== undefined) {
          found.set(item._id, { doc: item._source, seqNo: item._seq_no, primaryTerm: item._primary_term });
        } else if (limit > 0) {
          missing.add(item._id);
          if (missing.size > limit) missing.delete(missing.values().next().value as string);
        }
      }
      return found;
    },

    async get(ticketId) {
      return (await this.getMany([ticketId])).get(ticketId)?.doc;
    },

    async write(tickets, events) {
      const operations: unknown[] = [];
      const sources: string[] = [];
      for (const { doc, expected } of tickets) {
        const source = JSON.stringify(doc);
        sources.push(source);
        operations.push(
          expected
            ? { index: { _index: names.ticketsAlias, _id: doc.ticketId, if_seq_no: expected.seqNo, if_primary_term: expected.primaryTerm } }
            : { create: { _index: names.ticketsAlias, _id: doc.ticketId } },
          source,
        );
      }
      // An event's audit record is written once: the first time records what the event did. A delivery of the same
      // event later (a redelivered intake message, a batch read again after a crash) finds it there (409) and leaves
      // it; overwriting it had turned a ticket's 受理 record into "duplicate, ignored" after a redelivery.
      for (const event of events) operations.push({ create: { _index: names.eventsAlias, _id: event.eventId } }, event);
      if (operations.length === 0) return;

      let response: estypes.BulkResponse;
      try {
        // Only what is read below: the per-item acknowledgements are most of a large response otherwise.
        response = await bulkRequest(client, operations, { filter_path: 'errors,items.*._index,items.*._id,items.*.status,items.*.error,items.*._seq_no,items.*._primary_term' });
      } catch (err) {
        forget(tickets);
        throw toStoreError(err, 'bulk write');
      }
      // Items answer in the order of the operations: the tickets first, then the audit records.
      const failures = response.errors
        ? response.items
          .map((item) => Object.values(item)[0])
          .filter((result, i): result is estypes.BulkResponseItem => Boolean(result?.error) && !(i >= tickets.length && result?.status === 409))
        : [];
      if (failures.length === 0) {
        for (const { doc } of tickets) missing.delete(doc.ticketId);
        if (limit > 0) {
          tickets.forEach(({ doc }, i) => {
            const item = response.items[i] && Object.values(response.items[i])[0];
            if (item?._seq_no !== undefined && item._primary_term !== undefined) remember(doc.ticketId, { source: sources[i] as string, seqNo: item._seq_no, primaryTerm: item._primary_term });
          });
        }
        return;
      }
      forget(tickets);
      const first = failures[0];
      // A conflict means another writer (a previous owner of the partition) got there first: re-read and retry.
      const retriable = failures.every((failure) => failure.status === 409 || failure.status === 429 || failure.status >= 500);
      throw new HotlineError(
        retriable ? 'ES_WRITE_CONFLICT' : 'ES_WRITE_REJECTED',
        `${failures.length} of ${response.items.length} writes failed; first: ${first?._index}/${first?._id} ${first?.status} ${first?.error?.type}: ${first?.error?.reason}`,
        { retriable, details: { ids: failures.map((failure) => failure._id) } },
      );
    },

    async refresh() {
      try {
        await client.indices.refresh({ index: [names.ticketsAlias, names.eventsAlias] });
      } catch (err) {
        throw toStoreError(err, 'refresh');
      }
    },
  };
}
