import type { Client } from '@elastic/elasticsearch';
import { describe, expect, it } from 'vitest';
import { isRetriable, type TicketDocument } from '@hotline/contracts';
import { createTicketRepository, indexNames } from '../src/index.ts';

// A shard that is closing or recovering (Elasticsearch stopping or starting) answers an mget with a 200 whose
// documents carry errors. Reading that as "no such ticket" once made the tracker drop events of live tickets;
// the real-engine side of this is the Elasticsearch outage in tests/integration/faults.int.test.ts.
describe('ticket repository reads', () => {
  it('treats a per-document mget error as a retriable outage, not as a missing ticket', async () => {
    const client = {
      mget: async () => ({
        docs: [
          { _index: 'tickets-v1', _id: 'T-1', found: true, _seq_no: 3, _primary_term: 1, _source: { ticketId: 'T-1' } },
          { _index: 'tickets-v1', _id: 'T-2', error: { type: 'index_shard_closed_exception', reason: 'CurrentState[CLOSED]' } },
        ],
      }),
    } as unknown as Client;
    const repository = createTicketRepository(client, indexNames(''));
    const failure = await repository.getMany(['T-1', 'T-2']).catch((err: unknown) => err);
    expect(failure).toMatchObject({ code: 'ES_UNAVAILABLE' });
    expect(isRetriable(failure)).toBe(true);
  });

  it('reports a ticket that is really absent as absent', async () => {
    const client = { mget: async () => ({ docs: [{ _index: 'tickets-v1', _id: 'T-3', found: false }] }) } as unknown as Client;
    const found = await createTicketRepository(client, indexNames('')).getMany(['T-3']);
    expect(found.size).toBe(0);
  });
});

describe('ticket repository remembering what it wrote', () => {
  const doc = (ticketId: string, version: number) => ({ ticketId, version }) as unknown as TicketDocument;
  /** A client that counts the ids it is asked to mget and answers bulks with the given outcome. */
  function fakeClient(bulk: () => unknown) {
    const asked: string[][] = [];
    const client = {
      mget: async ({ ids }: { ids: string[] }) => {
        asked.push(ids);
        return { docs: ids.map((id) => ({ _index: 'tickets-v1', _id: id, found: true, _seq_no: 1, _primary_term: 1, _source: doc(id, 1) })) };
      },
      bulk: async () => bulk(),
    } as unknown as Client;
    return { client, asked };
  }
  const written = { errors: false, items: [{ index: { _id: 'T-1', status: 200, _seq_no: 8, _primary_term: 2 } }] };

  it('answers a read of a ticket it wrote itself, with the version the write got', async () => {
    const { client, asked } = fakeClient(() => written);
    const repository = createTicketRepository(client, indexNames(''), { rememberWritten: 10 });
    await repository.write([{ doc: doc('T-1', 2), expected: { seqNo: 1, primaryTerm: 1 } }], []);
    const found = await repository.getMany(['T-1', 'T-2']);
    expect(asked).toEqual([['T-2']]);
    expect(found.get('T-1')).toEqual({ doc: doc('T-1', 2), seqNo: 8, primaryTerm: 2 });
  });

  it('forgets the tickets of a write that failed, so the retry reads them from Elasticsearch', async () => {
    let fail = false;
    const { client, asked } = fakeClient(() => (fail ? { errors: true, items: [{ index: { _id: 'T-1', status: 409, error: { type: 'version_conflict_engine_exception', reason: 'x' } } }] } : written));
    const repository = createTicketRepository(client, indexNames(''), { rememberWritten: 10 });
    await repository.write([{ doc: doc('T-1', 2) }], []);
    fail = true;
    await expect(repository.write([{ doc: doc('T-1', 3), expected: { seqNo: 8, primaryTerm: 2 } }], [])).rejects.toMatchObject({ code: 'ES_WRITE_CONFLICT' });
    await repository.getMany(['T-1']);
    expect(asked).toEqual([['T-1']]);
  });

  it('keeps only as many as it was told, dropping the least recently used', async () => {
    const { client, asked } = fakeClient(() => written);
    const repository = createTicketRepository(client, indexNames(''), { rememberWritten: 1 });
    await repository.write([{ doc: doc('T-1', 2) }], []);
    await repository.write([{ doc: doc('T-9', 2) }], []);
    await repository.getMany(['T-1', 'T-9']);
    expect(asked).toEqual([['T-1']]);
  });

  it('remembers nothing unless asked to (readers such as the API always read Elasticsearch)', async () => {
    const { client, asked } = fakeClient(() => written);
    const repository = createTicketRepository(client, indexNames(''));
    await repository.write([{ doc: doc('T-1', 2) }], []);
    await repository.getMany(['T-1']);
    expect(asked).toEqual([['T-1']]);
  });
});
