import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ticketIdFor, type TicketDocument } from '@hotline/contracts';
import { createTicketRepository } from '@hotline/store';
import { DEFAULT_DECISION_WAIT_MS } from '../../services/tracker/src/app.ts';
import { eventually, startPipeline, type InProcessPipeline } from '../support/pipeline.ts';

// The tracker indexes a received ticket once triage has decided it, not before and again after: it holds the
// ticket back for up to DEFAULT_DECISION_WAIT_MS. On the real engines, with the pipeline's services in this process.
const runId = `${inject('runId')}-track`;
let pipeline: InProcessPipeline;
let sent = 0;

beforeAll(async () => {
  pipeline = await startPipeline({ kafkaBrokers: inject('kafkaBrokers'), elasticsearchUrl: inject('elasticsearchUrl'), runId });
}, 120_000);

afterAll(async () => {
  await pipeline?.stop();
});

/** Sends a message to intake; with `again`, the message that `again`-th send sent, delivered once more. */
async function send(body: string, again?: number): Promise<string> {
  if (again === undefined) sent += 1;
  const message = { schemaVersion: 1, sourceId: `${runId}-${again ?? sent}`, channel: 'web', receivedAt: '2026-03-02T09:00:00+08:00', title: '路灯不亮', body };
  await pipeline.producer.send({ topic: pipeline.topics.intake, acks: -1, messages: [{ value: JSON.stringify(message) }] });
  return ticketIdFor('web', message.sourceId);
}

/** The stored document and how many times it was written (Elasticsearch's `_version`), or undefined. */
async function read(ticketId: string): Promise<{ doc: TicketDocument; writes: number } | undefined> {
  try {
    const result = await pipeline.elasticsearch.get<TicketDocument>({ index: pipeline.indices.ticketsAlias, id: ticketId });
    return { doc: result._source!, writes: result._version! };
  } catch (err) {
    if ((err as { meta?: { statusCode?: number } }).meta?.statusCode === 404) return undefined;
    throw err;
  }
}

const decided = (stored: Awaited<ReturnType<typeof read>>) => stored?.doc.status === 'routed' || stored?.doc.status === 'manual_triage';

describe('tracker: a received ticket waits for its decision', () => {
  let decidedTicket: TicketDocument;

  it('indexes a ticket that triage decides within the wait once, already decided', async () => {
    // A first ticket through every hop, so that no consumer is still joining its group when the measured one comes.
    const first = await send('东湖街道锦绣路的路灯坏了一个星期，晚上很黑，请尽快维修。');
    await eventually(() => read(first), decided, { timeoutMs: 60_000, what: 'the first ticket, decided' });

    const ticketId = await send('A3区东湖街道锦绣华庭小区门口的路灯三天没亮了，老人晚上出门看不清路，请路灯管理部门维修。');
    const stored = await eventually(() => read(ticketId), (value) => value !== undefined, { timeoutMs: 30_000, what: 'the ticket indexed' });
    expect(decided(stored)).toBe(true);
    expect(stored!.writes).toBe(1);
    expect(stored!.doc.appliedEventIds).toHaveLength(3); // received, triaged, and routed or waiting for an operator
    decidedTicket = stored!.doc;
  });

  it("remembers a ticket it found missing until it writes it, and reads it afresh when another writer's got there first", async () => {
    const tracker = createTicketRepository(pipeline.elasticsearch, pipeline.indices, { rememberWritten: 10 });
    const other = createTicketRepository(pipeline.elasticsearch, pipeline.indices);
    const doc = { ...decidedTicket, ticketId: `${decidedTicket.ticketId}-copy` };
    expect((await tracker.getMany([doc.ticketId])).size).toBe(0);
    await other.write([{ doc }], []);
    // Remembered as missing, so not read again: the write creates the document, and fails as the other writer's is there.
    expect((await tracker.getMany([doc.ticketId])).size).toBe(0);
    await expect(tracker.write([{ doc }], [])).rejects.toMatchObject({ code: 'ES_WRITE_CONFLICT', retriable: true });
    expect((await tracker.getMany([doc.ticketId])).get(doc.ticketId)?.doc.ticketId).toBe(doc.ticketId);
  });

  it('keeps the audit record of what an event did when the same event comes again', async () => {
    const audit = async () => {
      await pipeline.elasticsearch.indices.refresh({ index: pipeline.indices.eventsAlias });
      const result = await pipeline.elasticsearch.search<{ type: string; outcome: string; log: { offset: number } }>({
        index: pipeline.indices.eventsAlias,
        query: { term: { ticketId: decidedTicket.ticketId } },
        sort: [{ 'log.offset': 'asc' }],
      });
      return result.hits.hits.map((hit) => ({ type: hit._source!.type, outcome: hit._source!.outcome, offset: hit._source!.log.offset }));
    };
    const before = await audit();
    expect(before.map((record) => record.outcome)).toEqual(['applied', 'applied', 'applied']);
    // The same intake message delivered again: ingest writes its TicketReceived again, the tracker ignores it (the
    // ticket's log position moves) and its audit record stays what it was.
    await send('A3区东湖街道锦绣华庭小区门口的路灯三天没亮了，老人晚上出门看不清路，请路灯管理部门维修。', 2);
    await eventually(() => read(decidedTicket.ticketId), (stored) => stored?.doc.log.offset !== decidedTicket.log.offset, { timeoutMs: 30_000, what: 'the redelivery read by the tracker' });
    expect(await audit()).toEqual(before);
  });

  it('with triage stopped, indexes a received ticket as received once the wait is over', async () => {
    await pipeline.apps.triage.stop();
    const sentAt = Date.now();
    const ticketId = await send('锦绣路与东湖路交叉口的路灯杆被车撞歪了，随时可能倒下，请尽快处理。');
    const stored = await eventually(() => read(ticketId), (value) => value !== undefined, { timeoutMs: 30_000, what: 'the received ticket indexed' });
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(DEFAULT_DECISION_WAIT_MS);
    expect(stored!.doc.status).toBe('received');
    expect(stored!.writes).toBe(1);
  });
});
