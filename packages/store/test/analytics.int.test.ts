import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DepartmentRef, TicketDocument } from '@hotline/contracts';
import { toIndexTokens } from '@hotline/text';
import { createElasticsearch, hotspots, indexNames, installIndices, ticketTrends, type IndexNames } from '../src/index.ts';

// Trends and hotspots against the real engine, each on its own indices so neither set shows up in the other.
const client = createElasticsearch({ url: inject('elasticsearchUrl') });
const trendIndices = indexNames(`${inject('runId')}-trends-`);
const hotspotIndices = indexNames(`${inject('runId')}-hotspots-`);
const youngIndices = indexNames(`${inject('runId')}-hotspots-young-`);

const housing = { id: 'a3-housing', name: 'A3区住房和城乡建设局' };
const environment = { id: 'a5-environment', name: 'A5区生态环境分局' };

interface Spec {
  receivedAt: string;
  category?: string;
  district?: string;
  street?: string;
  department?: DepartmentRef;
}

function ticket(ticketId: string, spec: Spec): TicketDocument {
  const body = `${spec.district ?? ''}${spec.street ?? ''}市民来电反映问题，请相关部门处理。`;
  return {
    ticketId,
    channel: 'phone',
    sourceId: `src-${ticketId}`,
    receivedAt: spec.receivedAt,
    body,
    bodyTokens: toIndexTokens(body),
    location: spec.district || spec.street
      ? { resolved: { ...(spec.district ? { district: spec.district } : {}), ...(spec.street ? { street: spec.street } : {}), matched: [], source: 'text' } }
      : {},
    extra: {},
    status: spec.category ? 'routed' : 'manual_triage',
    ...(spec.category ? { classification: { category: spec.category, confidence: 0.9, alternatives: [], modelVersion: 'test' } } : {}),
    ...(spec.department ? { department: spec.department } : {}),
    version: 2,
    createdAt: spec.receivedAt,
    updatedAt: spec.receivedAt,
    log: { partition: 0, offset: '1' },
    appliedEventIds: [],
    restricted: { originalBody: body, maskedKinds: [] },
  };
}

/** `count` tickets alike, `stepHours` apart from `first`. */
function many(idPrefix: string, count: number, first: string, stepHours: number, spec: Omit<Spec, 'receivedAt'>): TicketDocument[] {
  return Array.from({ length: count }, (_, i) => ticket(`${idPrefix}-${i}`, { ...spec, receivedAt: new Date(Date.parse(first) + i * stepHours * 3_600_000).toISOString() }));
}

const trendTickets = [
  ticket('T1', { receivedAt: '2026-03-01T10:00:00+08:00', category: '城乡建设', district: 'A3区', department: housing }),
  // 23:30 and 00:30 in Shanghai are the same UTC day: the buckets must follow the Shanghai calendar.
  ticket('T2', { receivedAt: '2026-03-01T23:30:00+08:00', category: '环境保护', district: 'A5区', department: environment }),
  ticket('T3', { receivedAt: '2026-03-02T00:30:00+08:00', category: '城乡建设', district: 'A3区', department: housing }),
  // Not classified yet: counted in the total only.
  ticket('T6', { receivedAt: '2026-03-02T08:00:00+08:00', district: 'A3区' }),
  ticket('T4', { receivedAt: '2026-03-04T12:00:00+08:00', category: '城乡建设', district: 'A5区', department: housing }),
  ticket('T5', { receivedAt: '2026-03-09T12:00:00+08:00', category: '环境保护', district: 'A3区', department: housing }),
  ticket('T7', { receivedAt: '2026-04-02T08:00:00+08:00', category: '城乡建设', district: 'A3区', department: housing }),
];

// Hotspots as of 2026-06-01 00:00 Shanghai: recent window [05-25, 06-01), baseline [04-27, 05-25).
const now = new Date('2026-06-01T00:00:00+08:00');
const hotspotTickets = [
  // The planted spike: 新华街道 in A3区 had 4 tickets in four weeks (1 a week expected), now 6 in a week.
  ...many('spike-base', 4, '2026-04-28T10:00:00+08:00', 6 * 24, { district: 'A3区', street: '新华街道', category: '环境保护' }),
  ...many('spike', 5, '2026-05-26T09:00:00+08:00', 20, { district: 'A3区', street: '新华街道', category: '环境保护' }),
  ticket('spike-other', { receivedAt: '2026-05-30T09:00:00+08:00', district: 'A3区', street: '新华街道', category: '城乡建设' }),
  // Steady: 2 a week before and after.
  ...many('steady-base', 8, '2026-04-28T10:00:00+08:00', 3 * 24, { district: 'A3区', street: '幸福街道', category: '城乡建设' }),
  ...many('steady', 2, '2026-05-27T10:00:00+08:00', 24, { district: 'A3区', street: '幸福街道', category: '城乡建设' }),
  // A busy district without streets, as busy as ever: 7 a week.
  ...many('busy-base', 28, '2026-04-27T12:00:00+08:00', 24, { district: 'A4区', category: '城乡建设' }),
  ...many('busy', 7, '2026-05-25T12:00:00+08:00', 24, { district: 'A4区', category: '城乡建设' }),
  // New in the recent window: a district with no street resolved, and a street whose name another district also has.
  ...many('new-district', 3, '2026-05-28T10:00:00+08:00', 24, { district: 'A5区', category: '交通运输' }),
  ...many('new-street', 3, '2026-05-28T10:00:00+08:00', 24, { district: 'A9区', street: '新华街道', category: '市场监管' }),
  // Too few to be a hotspot, however new.
  ...many('few', 2, '2026-05-28T10:00:00+08:00', 24, { district: 'A6区', street: '长安街道', category: '市场监管' }),
  // Outside both windows: older than the baseline, and at `now` itself (the window is half-open).
  ...many('old', 10, '2026-03-01T10:00:00+08:00', 24, { district: 'A7区', category: '城乡建设' }),
  ...many('at-now', 3, '2026-06-01T00:00:00+08:00', 0, { district: 'A8区', category: '城乡建设' }),
];

// A system 20 days old on `now`, as busy every day: 2 tickets a day in one district, 13 days of them before the
// recent window (of the 28 the baseline window asks for).
const youngTickets = many('young', 40, '2026-05-12T09:00:00+08:00', 12, { district: 'A2区', category: '城乡建设' });

async function load(names: IndexNames, docs: TicketDocument[]) {
  await installIndices(client, names);
  await client.bulk({ refresh: 'wait_for', operations: docs.flatMap((doc) => [{ index: { _index: names.ticketsAlias, _id: doc.ticketId } }, doc]) });
}

beforeAll(async () => {
  await load(trendIndices, trendTickets);
  await load(hotspotIndices, hotspotTickets);
  await load(youngIndices, youngTickets);
});

afterAll(async () => {
  for (const names of [trendIndices, hotspotIndices, youngIndices]) {
    await client.indices.delete({ index: `${names.ticketsAlias}-v*,${names.eventsAlias}-v*` }).catch(() => undefined);
  }
  await client.close();
});

describe('ticketTrends', () => {
  it('per Shanghai day, with empty days inside [from, to) and a per-category breakdown', async () => {
    const trends = await ticketTrends(client, trendIndices, { interval: 'day', from: '2026-03-01', to: '2026-03-05' });
    expect(trends).toEqual({
      interval: 'day',
      buckets: [
        { date: '2026-03-01', total: 2, byCategory: { 城乡建设: 1, 环境保护: 1 } },
        { date: '2026-03-02', total: 2, byCategory: { 城乡建设: 1 } },
        { date: '2026-03-03', total: 0, byCategory: {} },
        { date: '2026-03-04', total: 1, byCategory: { 城乡建设: 1 } },
      ],
    });
  });

  it('per week (weeks start on Monday) and per month', async () => {
    const weeks = await ticketTrends(client, trendIndices, { interval: 'week', from: '2026-03-01', to: '2026-03-16' });
    expect(weeks.buckets.map(({ date, total }) => ({ date, total }))).toEqual([
      { date: '2026-02-23', total: 2 },
      { date: '2026-03-02', total: 3 },
      { date: '2026-03-09', total: 1 },
    ]);
    const months = await ticketTrends(client, trendIndices, { interval: 'month' });
    expect(months.buckets).toEqual([
      { date: '2026-03-01', total: 6, byCategory: { 城乡建设: 3, 环境保护: 2 } },
      { date: '2026-04-01', total: 1, byCategory: { 城乡建设: 1 } },
    ]);
  });

  it('filters by category, district and department scope', async () => {
    const total = async (query: Parameters<typeof ticketTrends>[2]) => (await ticketTrends(client, trendIndices, query)).buckets.reduce((sum, bucket) => sum + bucket.total, 0);
    expect(await total({ interval: 'month', category: ['环境保护'] })).toBe(2);
    expect(await total({ interval: 'month', district: ['A5区'] })).toBe(2);
    expect(await total({ interval: 'month', departmentScope: environment.id })).toBe(1);
    expect(await total({ interval: 'month', district: ['A3区'], category: ['城乡建设'], from: '2026-03-02' })).toBe(2);
  });

  it('refuses a range with too many buckets or a date it cannot read', async () => {
    await expect(ticketTrends(client, trendIndices, { interval: 'day', from: '2020-01-01', to: '2026-01-01' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(ticketTrends(client, trendIndices, { interval: 'day', from: 'last week' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('hotspots', () => {
  it('finds the planted spike first among places, with its expected baseline and top category', async () => {
    const rows = await hotspots(client, hotspotIndices, { now });
    expect(rows).toEqual([
      { dimension: 'category', key: '市场监管', recent: 5, baseline: 0, ratio: 6 },
      { dimension: 'place', key: 'A3区 新华街道', district: 'A3区', street: '新华街道', recent: 6, baseline: 1, ratio: 3.5, topCategory: '环境保护' },
      { dimension: 'place', key: 'A5区', district: 'A5区', recent: 3, baseline: 0, ratio: 4, topCategory: '交通运输' },
      { dimension: 'place', key: 'A9区 新华街道', district: 'A9区', street: '新华街道', recent: 3, baseline: 0, ratio: 4, topCategory: '市场监管' },
      { dimension: 'category', key: '交通运输', recent: 3, baseline: 0, ratio: 4 },
      { dimension: 'category', key: '环境保护', recent: 5, baseline: 1, ratio: 3 },
      // 10 recent against 36 in four weeks (9 a week): a slight rise.
      { dimension: 'category', key: '城乡建设', recent: 10, baseline: 9, ratio: 1.1 },
    ]);
  });

  it('honours minRecent, limit and the window lengths', async () => {
    const strong = await hotspots(client, hotspotIndices, { now, minRecent: 6 });
    expect(strong.map((row) => row.key)).toEqual(['A3区 新华街道', '城乡建设']);
    const top = await hotspots(client, hotspotIndices, { now, limit: 2 });
    expect(top.map((row) => row.key)).toEqual(['市场监管', 'A3区 新华街道']);
    // Windows of 14 days: the same 6 recent against 4 in the 28 days before, i.e. 2 expected per 14 days.
    const longer = await hotspots(client, hotspotIndices, { now, days: 14 });
    expect(longer.find((row) => row.key === 'A3区 新华街道')).toMatchObject({ recent: 6, baseline: 2, ratio: 2.33 });
  });

  it('compares with the days the index has history for, and finds nothing without a day of it', async () => {
    // 26 tickets in the 13 days before the recent window predict 14 in 7 days, and 14 came: no hotspot. Spread over
    // the 28 days of the baseline window, the same 26 would have predicted 6.5 and made both rows hotspots at 2×.
    expect(await hotspots(client, youngIndices, { now })).toEqual([]);
    expect(await hotspots(client, youngIndices, { now, minRecent: 1, days: 20 })).toEqual([]);
  });
});
