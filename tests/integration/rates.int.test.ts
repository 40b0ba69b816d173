import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { computeRates, countTicketsProjectedBeforeFirstContact, createElasticsearch, indexNames, installIndices } from '@hotline/store';

// The rates on a fixed set of tickets, against figures computed by hand (docs/metrics.md has the definitions).
const client = createElasticsearch({ url: inject('elasticsearchUrl') });
const indices = indexNames(`${inject('runId')}-rates-`);
const asOf = '2026-03-20T00:00:00+08:00';
const urban = { id: 'a3-urban-management', name: 'A3区城市管理和综合执法局' };
const housing = { id: 'a3-housing', name: 'A3区住房和城乡建设局' };

const ticket = (id: string, department: typeof urban, fields: Record<string, unknown>) => ({
  ticketId: id,
  channel: 'phone',
  sourceId: id,
  receivedAt: '2026-03-02T09:00:00+08:00',
  body: '样例',
  bodyTokens: '样例',
  location: {},
  extra: {},
  status: 'routed',
  department,
  classification: { category: department === urban ? '城乡建设' : '环境保护', confidence: 0.9, alternatives: [], modelVersion: 'test' },
  version: 3,
  createdAt: '2026-03-02T01:00:00.000Z',
  updatedAt: '2026-03-02T01:00:00.000Z',
  log: { partition: 0, offset: '1' },
  appliedEventIds: [],
  restricted: { originalBody: '样例', maskedKinds: [] },
  ...fields,
  sla: { startAt: '2026-03-02T09:00:00+08:00', signForBy: '2026-03-03T09:00:00+08:00', firstContactBy: '2026-03-04T09:00:00+08:00', resolveBy: '2026-03-11T09:00:00+08:00', ...(fields.sla as object) },
});

const tickets = [
  // A1: signed, contacted and resolved on time, replied, satisfied.
  ticket('A1', urban, { status: 'closed', handling: { signedForAt: '2026-03-02T10:00:00+08:00', signedForOnTime: true, firstContactAt: '2026-03-02T11:00:00+08:00', firstContactOnTime: true, firstReplyAt: '2026-03-03T10:00:00+08:00', resolvedAt: '2026-03-05T10:00:00+08:00', resolvedOnTime: true, followedUpOnTime: true }, lastFollowUp: { resolved: true, satisfaction: 'satisfied' } }),
  // A2: signed late, first contact (by its 办结) late, resolved late, dissatisfied and reopened.
  ticket('A2', urban, { status: 'reopened', handling: { signedForAt: '2026-03-04T10:00:00+08:00', signedForOnTime: false, firstContactAt: '2026-03-12T10:00:00+08:00', firstContactOnTime: false, resolvedAt: '2026-03-12T10:00:00+08:00', resolvedOnTime: false, followedUpOnTime: false }, lastFollowUp: { resolved: false, satisfaction: 'dissatisfied' }, reopenCount: 1 }),
  // A3: never signed nor contacted, its sign-for and first-contact deadlines passed; returned once; resolve deadline still ahead.
  ticket('A3', urban, { status: 'routed', returns: { count: 1, rejectedCount: 1 }, sla: { signForBy: '2026-03-10T09:00:00+08:00', resolveBy: '2026-03-25T09:00:00+08:00' } }),
  // A4: merged into A1: not counted anywhere.
  ticket('A4', urban, { status: 'merged', mergedInto: 'A1' }),
  // B1: signed and contacted on time, replied, not resolved and past its resolve deadline.
  ticket('B1', housing, { status: 'replied', handling: { signedForAt: '2026-03-02T11:00:00+08:00', signedForOnTime: true, firstContactAt: '2026-03-02T15:00:00+08:00', firstContactOnTime: true, firstReplyAt: '2026-03-04T11:00:00+08:00' }, sla: { resolveBy: '2026-03-15T09:00:00+08:00' } }),
  // B2: just routed, all deadlines ahead: judged on nothing yet.
  ticket('B2', housing, { status: 'routed', sla: { signForBy: '2026-03-25T09:00:00+08:00', firstContactBy: '2026-03-26T09:00:00+08:00', resolveBy: '2026-04-01T09:00:00+08:00' } }),
  // B3: signed, contacted and resolved on time, basically satisfied.
  ticket('B3', housing, { status: 'closed', handling: { signedForAt: '2026-03-02T12:00:00+08:00', signedForOnTime: true, firstContactAt: '2026-03-03T12:00:00+08:00', firstContactOnTime: true, resolvedAt: '2026-03-06T12:00:00+08:00', resolvedOnTime: true }, lastFollowUp: { resolved: true, satisfaction: 'basically_satisfied' } }),
];

beforeAll(async () => {
  await installIndices(client, indices);
  await client.bulk({ refresh: 'wait_for', operations: tickets.flatMap((doc) => [{ index: { _index: indices.ticketsAlias, _id: doc.ticketId } }, doc]) });
});

afterAll(async () => {
  await client.indices.delete({ index: `${indices.ticketsAlias}-v*,${indices.eventsAlias}-v*` }).catch(() => undefined);
  await client.close();
});

describe('rates (三率 and on-time)', () => {
  it('per department matches the hand-computed figures', async () => {
    const rows = await computeRates(client, indices, { asOf, groupBy: 'department' });
    const byKey = Object.fromEntries(rows.map((row) => [row.key, row]));
    expect(byKey[urban.id]).toMatchObject({
      dispatched: 3,
      responseRate: 2 / 3,
      onTimeSignForRate: 1 / 3,
      onTimeFirstContactRate: 1 / 3,
      onTimeResolutionRate: 1 / 2,
      resolutionRate: 1 / 2,
      satisfactionRate: 1 / 2,
      returnRate: 1 / 3,
      reHandlingRate: 1 / 2,
    });
    expect(byKey[housing.id]).toMatchObject({
      dispatched: 3,
      responseRate: 2 / 3,
      onTimeSignForRate: 1,
      onTimeFirstContactRate: 2 / 2,
      onTimeResolutionRate: 1 / 2,
      resolutionRate: 1,
      satisfactionRate: 1,
      returnRate: 0,
      reHandlingRate: 0,
    });
  });

  it('finds tickets an older projection wrote (handled, no first contact), for the tracker to ask for a rebuild', async () => {
    expect(await countTicketsProjectedBeforeFirstContact(client, indices)).toBe(0);
    const old = ticket('A6', urban, { status: 'replied', handling: { signedForAt: '2026-03-02T10:00:00+08:00', firstReplyAt: '2026-03-03T10:00:00+08:00' } });
    await client.index({ index: indices.ticketsAlias, id: 'A6', document: old, refresh: 'wait_for' });
    try {
      expect(await countTicketsProjectedBeforeFirstContact(client, indices)).toBe(1);
    } finally {
      await client.delete({ index: indices.ticketsAlias, id: 'A6', refresh: 'wait_for' });
    }
  });

  it('over everything, and for a period, with no rate where nothing can be judged', async () => {
    const [all] = await computeRates(client, indices, { asOf, groupBy: 'all' });
    expect(all).toMatchObject({
      dispatched: 6,
      responseRate: 4 / 6,
      onTimeSignForRate: 3 / 5,
      onTimeFirstContactRate: 3 / 5,
      onTimeResolutionRate: 2 / 4,
      // A1 called back on time, A2 late; B3 was followed up before the 回访 clock was recorded (not judged).
      onTimeFollowUpRate: 1 / 2,
      resolutionRate: 2 / 3,
      satisfactionRate: 2 / 3,
      returnRate: 1 / 6,
      reHandlingRate: 1 / 3,
    });
    // A ticket resolved again after 重办 and still not called back past its new 回访 deadline counts as late, whatever
    // its earlier 回访 was.
    const waiting = ticket('A5', urban, { status: 'resolved', handling: { resolvedAt: '2026-03-15T10:00:00+08:00', followedUpOnTime: true }, lastFollowUp: { resolved: false, satisfaction: 'dissatisfied' }, reopenCount: 1, sla: { followUpBy: '2026-03-18T10:00:00+08:00' } });
    await client.index({ index: indices.ticketsAlias, id: 'A5', document: waiting, refresh: 'wait_for' });
    try {
      const [withWaiting] = await computeRates(client, indices, { asOf, groupBy: 'all' });
      expect(withWaiting).toMatchObject({ onTimeFollowUpRate: 1 / 3, counts: { followUpJudged: 3, followedUpOnTime: 1 } });
    } finally {
      await client.delete({ index: indices.ticketsAlias, id: 'A5', refresh: 'wait_for' });
    }
    const [none] = await computeRates(client, indices, { asOf, groupBy: 'all', from: '2026-04-01T00:00:00+08:00' });
    expect(none).toMatchObject({ dispatched: 0, responseRate: null, satisfactionRate: null });
  });
});
