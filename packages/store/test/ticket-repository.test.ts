import type { Client } from '@elastic/elasticsearch';
import { describe, expect, it } from 'vitest';
import { isRetriable } from '@hotline/contracts';
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
