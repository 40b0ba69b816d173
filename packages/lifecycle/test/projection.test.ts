import { describe, expect, it } from 'vitest';
import { eventIdFor, type TicketEvent, type TicketReceived, type TicketRouted, type TicketTriaged } from '@hotline/contracts';
import { applyEvent } from '../src/index.ts';
import { fakeContext } from './fake-context.ts';

const context = fakeContext;

const ticketId = 'T0001';
const received: TicketReceived = {
  type: 'TicketReceived',
  eventId: eventIdFor(ticketId, 'TicketReceived'),
  ticketId,
  occurredAt: '2026-03-02T01:00:01.000Z',
  producedBy: 'ingest',
  ticket: { channel: 'phone', sourceId: 'W-1', receivedAt: '2026-03-02T09:00:00+08:00', body: '路灯不亮', extra: {} },
  restricted: { originalBody: '路灯不亮', maskedKinds: [] },
  intake: { topic: 'hotline.intake', partition: 0, offset: '7' },
};
const triaged: TicketTriaged = {
  type: 'TicketTriaged',
  eventId: eventIdFor(ticketId, 'TicketTriaged', received.eventId),
  ticketId,
  occurredAt: '2026-03-02T01:00:02.000Z',
  producedBy: 'triage',
  classification: { category: '城乡建设', confidence: 0.9, alternatives: [], modelVersion: 'm1' },
  location: { district: 'A3区', matched: ['A3区'], source: 'text' },
  urgency: { priority: 'normal', reasons: [] },
};
const routed: TicketRouted = {
  type: 'TicketRouted',
  eventId: eventIdFor(ticketId, 'TicketRouted', received.eventId),
  ticketId,
  occurredAt: '2026-03-02T01:00:02.000Z',
  producedBy: 'triage',
  department: { id: 'a3-urban', name: 'A3区城管局' },
  coDepartments: [],
  priority: 'high',
  rule: { id: 'r1', description: '城乡建设 in a district → district urban management' },
};

function fold(events: Array<[TicketEvent, number, string]>) {
  let doc;
  const outcomes: string[] = [];
  for (const [event, partition, offset] of events) {
    const result = applyEvent(doc, { event, partition, offset }, context);
    doc = result.doc;
    outcomes.push(result.applied ? 'applied' : result.reason);
  }
  return { doc, outcomes };
}

describe('applyEvent', () => {
  it('folds received → triaged → routed into one document with deadlines and a version per change', () => {
    const { doc, outcomes } = fold([[received, 3, '10'], [triaged, 3, '11'], [routed, 3, '12']]);
    expect(outcomes).toEqual(['applied', 'applied', 'applied']);
    expect(doc).toMatchObject({
      ticketId,
      status: 'routed',
      bodyTokens: '路 灯 不 亮',
      classification: { category: '城乡建设' },
      location: { resolved: { district: 'A3区' } },
      department: { id: 'a3-urban' },
      priority: 'high',
      sla: { signForBy: '2026-03-02T09:00:00+08:00+P1D', startAt: '2026-03-02T09:00:00+08:00', warnings: ['high'] },
      version: 3,
      log: { partition: 3, offset: '12' },
      updatedAt: routed.occurredAt,
    });
    expect(doc?.appliedEventIds).toEqual([received.eventId, triaged.eventId, routed.eventId]);
  });

  it('takes the search tokens from the cuts triage made; an event from before cuts existed is segmented', () => {
    const titled: TicketReceived = { ...received, ticket: { ...received.ticket, title: '路灯' } };
    const withCuts: TicketTriaged = { ...triaged, cuts: { title: '2', body: '22' } };
    expect(fold([[titled, 3, '10']]).doc).toMatchObject({ bodyTokens: '' });
    expect(fold([[titled, 3, '10'], [withCuts, 3, '11']]).doc).toMatchObject({ titleTokens: 'cut:2', bodyTokens: 'cut:22' });
    expect(fold([[titled, 3, '10'], [triaged, 3, '11']]).doc).toMatchObject({ titleTokens: '路 灯', bodyTokens: '路 灯 不 亮' });
  });

  it('changes nothing on a replay of offsets it has applied, or on the same event produced again', () => {
    const once = fold([[received, 3, '10'], [triaged, 3, '11'], [routed, 3, '12']]).doc;
    const replayed = fold([[received, 3, '10'], [triaged, 3, '11'], [routed, 3, '12'], [received, 3, '10'], [triaged, 3, '11'], [routed, 3, '12']]);
    expect(replayed.outcomes.slice(3)).toEqual(['already-applied', 'already-applied', 'already-applied']);
    expect(replayed.doc).toEqual(once);
    // A producer retry writes the same event at a later offset: it is recognised by its id.
    const duplicated = fold([[received, 3, '10'], [triaged, 3, '11'], [triaged, 3, '13'], [routed, 3, '14']]);
    expect(duplicated.outcomes).toEqual(['applied', 'applied', 'duplicate-event', 'applied']);
    expect(duplicated.doc?.version).toBe(3);
    // …and only moves the log position, whatever batch it arrives in.
    const lateDuplicate = fold([[received, 3, '10'], [triaged, 3, '11'], [routed, 3, '12'], [received, 3, '20']]);
    expect(lateDuplicate.outcomes.at(-1)).toBe('duplicate-event');
    expect(lateDuplicate.doc).toEqual({ ...once, log: { partition: 3, offset: '20' } });
  });

  it('does not invent a ticket for an event whose ticket it has never seen', () => {
    expect(fold([[triaged, 0, '1']]).outcomes).toEqual(['unknown-ticket']);
  });
});
