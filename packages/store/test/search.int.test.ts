import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DepartmentRef, Priority, TicketDocument, TicketSla, TicketStatus } from '@hotline/contracts';
import { toIndexTokens } from '@hotline/text';
import {
  createElasticsearch, getTicketHistory, indexNames, installIndices, liveTickets, searchTickets, slaBoard, triageQueue, workQueue, type TicketQuery,
} from '../src/index.ts';

// The ticket search and the operator read models against the real engine, on a small set of tickets written here.
const client = createElasticsearch({ url: inject('elasticsearchUrl') });
const indices = indexNames(`${inject('runId')}-search-`);

const housing = { id: 'a3-housing', name: 'A3区住房和城乡建设局' };
const urban = { id: 'a3-urban-management', name: 'A3区城市管理和综合执法局' };
const environment = { id: 'a5-environment', name: 'A5区生态环境分局' };
const water = { id: 'a3-water', name: 'A3区水务局' };

function sla(resolveBy: string): TicketSla {
  const clock = (due: string) => ({ due, basis: 'working' as const, duration: 'P1D', warnAt: due });
  return {
    startAt: '2026-03-01T09:00:00+08:00',
    signForBy: '2026-03-02T09:00:00+08:00',
    firstContactBy: '2026-03-02T09:00:00+08:00',
    resolveBy,
    signForWarnAt: '2026-03-01T21:00:00+08:00',
    firstContactWarnAt: '2026-03-01T21:00:00+08:00',
    resolveWarnAt: resolveBy,
    clocks: { signFor: clock('2026-03-02T09:00:00+08:00'), firstContact: clock('2026-03-02T09:00:00+08:00'), resolve: clock(resolveBy) },
    warnings: [],
  };
}

interface Spec {
  title?: string;
  body: string;
  receivedAt: string;
  status?: TicketStatus;
  priority?: Priority;
  department?: DepartmentRef;
  coDepartments?: DepartmentRef[];
  district?: string;
  category?: string;
  channel?: TicketDocument['channel'];
  resolveBy?: string;
  slaLight?: TicketDocument['slaLight'];
  updatedAt?: string;
}

/** A complete document as the tracker writes it, tokens made with the same jieba segmentation as at intake. */
function ticket(ticketId: string, spec: Spec): TicketDocument {
  return {
    ticketId,
    channel: spec.channel ?? 'phone',
    sourceId: `src-${ticketId}`,
    receivedAt: spec.receivedAt,
    ...(spec.title ? { title: spec.title, titleTokens: toIndexTokens(spec.title) } : {}),
    body: spec.body,
    bodyTokens: toIndexTokens(spec.body),
    location: spec.district ? { resolved: { district: spec.district, matched: [spec.district], source: 'text' } } : {},
    extra: {},
    status: spec.status ?? 'routed',
    ...(spec.priority ? { priority: spec.priority } : {}),
    ...(spec.category ? { classification: { category: spec.category, confidence: 0.9, alternatives: [], modelVersion: 'test' } } : {}),
    ...(spec.department ? { department: spec.department } : {}),
    ...(spec.coDepartments ? { coDepartments: spec.coDepartments } : {}),
    ...(spec.resolveBy ? { sla: sla(spec.resolveBy) } : {}),
    ...(spec.slaLight ? { slaLight: spec.slaLight } : {}),
    version: 2,
    createdAt: spec.receivedAt,
    updatedAt: spec.updatedAt ?? spec.receivedAt,
    log: { partition: 0, offset: '1' },
    appliedEventIds: ['e-1'],
    restricted: { caller: { name: '张三', phone: '13800000000' }, originalBody: spec.body, maskedKinds: [] },
  };
}

const tickets: TicketDocument[] = [
  ticket('S1', {
    title: '小区物业乱收停车费', body: '我们小区的物业公司每月额外收取停车管理费，业主多次反映没有结果。',
    receivedAt: '2026-03-01T09:00:00+08:00', department: housing, district: 'A3区', category: '城乡建设', priority: 'normal', resolveBy: '2026-03-12T18:00:00+08:00',
  }),
  ticket('S2', {
    title: '地下车库积水', body: '某花园地下停车场连续下雨后积水严重，车辆无法进出。',
    receivedAt: '2026-03-02T09:00:00+08:00', department: housing, district: 'A3区', category: '城乡建设', priority: 'high', channel: 'web', status: 'signed_for', resolveBy: '2026-03-09T18:00:00+08:00',
  }),
  ticket('S3', {
    title: '物业不作为', body: '物业对楼道堆放杂物不管不问。<script>alert("x")</script> 请尽快处理。',
    receivedAt: '2026-03-03T09:00:00+08:00', department: housing, district: 'A5区', category: '城乡建设', priority: 'urgent', resolveBy: '2026-03-06T18:00:00+08:00',
  }),
  ticket('S4', {
    title: '路灯不亮', body: '幸福路上的路灯已经坏了一周，晚上出行很危险。',
    receivedAt: '2026-03-04T09:00:00+08:00', department: urban, district: 'A3区', category: '城乡建设', priority: 'urgent', resolveBy: '2026-03-05T18:00:00+08:00',
  }),
  ticket('S5', {
    title: '夜间施工噪音', body: '工地夜间施工噪音很大，影响居民休息。',
    receivedAt: '2026-03-05T09:00:00+08:00', department: environment, coDepartments: [housing], district: 'A5区', category: '环境保护', priority: 'high', channel: 'app', status: 'replied', resolveBy: '2026-03-08T18:00:00+08:00',
  }),
  ticket('S6', {
    body: '小区突然停水也没有通知。',
    receivedAt: '2026-03-06T09:00:00+08:00', department: water, district: 'A3区', category: '城乡建设', priority: 'high', channel: 'wechat',
  }),
  // Waiting for an operator: no department, no priority, no deadline yet.
  ticket('M1', { body: '反映一个情况，不知道找哪个部门。', receivedAt: '2026-03-07T10:00:00+08:00', status: 'manual_triage' }),
  ticket('M2', { body: '咨询一件事情，说不清楚地点。', receivedAt: '2026-03-07T08:00:00+08:00', status: 'manual_triage' }),
];

/** Tickets for the SLA board and the live view, kept apart from the search set by a department of their own. */
const parks = { id: 'a9-parks', name: 'A9区园林绿化局' };
const boardTickets: TicketDocument[] = [
  ticket('B1', { body: '公园路灯不亮。', receivedAt: '2026-03-01T09:00:00+08:00', department: parks, slaLight: 'red', resolveBy: '2026-03-04T18:00:00+08:00', updatedAt: '2026-03-10T10:00:00+08:00' }),
  ticket('B2', { body: '公园长椅损坏。', receivedAt: '2026-03-01T09:00:00+08:00', department: parks, slaLight: 'red', resolveBy: '2026-03-03T18:00:00+08:00', updatedAt: '2026-03-10T11:00:00+08:00' }),
  ticket('B3', { body: '公园草坪被占。', receivedAt: '2026-03-01T09:00:00+08:00', department: parks, slaLight: 'yellow', resolveBy: '2026-03-05T18:00:00+08:00', updatedAt: '2026-03-10T12:00:00+08:00' }),
  // Red but finished: no longer on the board.
  ticket('B4', { body: '公园垃圾桶满了。', receivedAt: '2026-03-01T09:00:00+08:00', department: parks, slaLight: 'red', status: 'resolved', resolveBy: '2026-03-02T18:00:00+08:00', updatedAt: '2026-03-09T12:00:00+08:00' }),
  ticket('B5', { body: '公园门口积水。', receivedAt: '2026-03-01T09:00:00+08:00', department: parks, slaLight: 'red', status: 'merged', resolveBy: '2026-03-02T18:00:00+08:00', updatedAt: '2026-03-09T13:00:00+08:00' }),
  // Another department's red ticket, assisted by parks.
  ticket('B6', { body: '绿化带树木倒伏。', receivedAt: '2026-03-01T09:00:00+08:00', department: urban, coDepartments: [parks], slaLight: 'red', resolveBy: '2026-03-03T20:00:00+08:00', updatedAt: '2026-03-10T09:00:00+08:00' }),
];

const events = [
  { eventId: 'E2', ticketId: 'S1', type: 'TicketTriaged', occurredAt: '2026-03-01T09:00:02+08:00', producedBy: 'triage', log: { partition: 0, offset: '11' }, outcome: 'applied', payload: { classification: { category: '城乡建设' } } },
  { eventId: 'E3', ticketId: 'S1', type: 'TicketRouted', occurredAt: '2026-03-01T09:00:02+08:00', producedBy: 'triage', log: { partition: 0, offset: '12' }, outcome: 'applied', payload: { department: housing } },
  { eventId: 'E1', ticketId: 'S1', type: 'TicketReceived', occurredAt: '2026-03-01T09:00:00+08:00', producedBy: 'ingest', log: { partition: 0, offset: '10' }, outcome: 'applied', payload: { ticket: { body: '…' }, restricted: { caller: { phone: '13800000000' }, originalBody: '…', maskedKinds: [] } } },
  { eventId: 'E4', ticketId: 'S1', type: 'TicketCommandApplied', occurredAt: '2026-03-02T10:00:00+08:00', producedBy: 'api', log: { partition: 0, offset: '20' }, outcome: 'applied', payload: { actor: { role: 'department', id: 'dept.housing' }, command: { command: 'signFor' } } },
  { eventId: 'X1', ticketId: 'S2', type: 'TicketReceived', occurredAt: '2026-03-02T09:00:00+08:00', producedBy: 'ingest', log: { partition: 0, offset: '13' }, outcome: 'applied', payload: {} },
];

const base: TicketQuery = { sort: 'newest', page: 1, pageSize: 20 };
const search = (query: Partial<TicketQuery>) => searchTickets(client, indices, { ...base, ...query });
const ids = (result: { hits: Array<{ doc: { ticketId: string } }> }) => result.hits.map((hit) => hit.doc.ticketId);
const facet = (buckets: Array<{ key: string; count: number }>) => Object.fromEntries(buckets.map((bucket) => [bucket.key, bucket.count]));

beforeAll(async () => {
  await installIndices(client, indices);
  await client.bulk({
    refresh: 'wait_for',
    operations: [
      ...[...tickets, ...boardTickets].flatMap((doc) => [{ index: { _index: indices.ticketsAlias, _id: doc.ticketId } }, doc]),
      ...events.flatMap((event) => [{ index: { _index: indices.eventsAlias, _id: event.eventId } }, event]),
    ],
  });
});

afterAll(async () => {
  await client.indices.delete({ index: `${indices.ticketsAlias}-v*,${indices.eventsAlias}-v*` }).catch(() => undefined);
  await client.close();
});

describe('searchTickets: words', () => {
  it('小区 物业 停车 finds only the ticket about all three', async () => {
    const result = await search({ words: ['小区', '物业', '停车'], sort: 'relevance' });
    expect(ids(result)).toEqual(['S1']);
    expect(result.total).toBe(1);
  });

  it('停车 also finds a body (and only a body) where jieba made the compound 停车场 a single token', async () => {
    expect(tickets[1]!.title).not.toContain('停车');
    expect(toIndexTokens(tickets[1]!.body).split(' ')).toContain('停车场');
    expect(toIndexTokens(tickets[1]!.body).split(' ')).not.toContain('停车');
    const result = await search({ words: ['停车'], sort: 'relevance' });
    expect(ids(result).sort()).toEqual(['S1', 'S2']);
  });

  it('ranks a ticket with the word in its title above one with it only in the body', async () => {
    // S2's title is 地下车库积水; B5 only says 积水 in its (shorter) body.
    const result = await search({ words: ['积水'], sort: 'relevance' });
    expect(ids(result)).toEqual(['S2', 'B5']);
  });

  it('treats query-syntax characters as plain text', async () => {
    expect((await search({ words: ['*'] })).total).toBe(0);
    expect((await search({ words: ['title:停车'] })).total).toBe(0);
    expect((await search({ words: ['停车', 'OR', '噪音'] })).total).toBe(0);
  });

  it('highlights the original text, merging the per-character marks, and escapes the rest', async () => {
    const result = await search({ words: ['物业'], sort: 'relevance' });
    const s1 = result.hits.find((hit) => hit.doc.ticketId === 'S1');
    const s3 = result.hits.find((hit) => hit.doc.ticketId === 'S3');
    expect(s1?.highlights?.title).toEqual(['小区<mark>物业</mark>乱收停车费']);
    expect(s1?.highlights?.body?.join('')).toContain('小区的<mark>物业</mark>公司');
    const body = s3?.highlights?.body?.join('') ?? '';
    expect(body).toContain('<mark>物业</mark>');
    expect(body).toContain('&lt;script&gt;');
    expect(body).not.toContain('<script>');
  });

  it('never returns contact data or the token fields', async () => {
    const result = await search({ words: ['物业'] });
    for (const hit of result.hits) {
      expect(hit.doc).not.toHaveProperty('restricted');
      expect(hit.doc).not.toHaveProperty('titleTokens');
      expect(hit.doc).not.toHaveProperty('bodyTokens');
      expect(hit.doc).not.toHaveProperty('appliedEventIds');
      expect(hit.doc).toHaveProperty('body');
    }
  });
});

describe('searchTickets: filters, scope and facets', () => {
  it('with no words, matches everything under the filters', async () => {
    const result = await search({ district: ['A3区'], from: '2026-03-02', to: '2026-03-06' });
    expect(ids(result)).toEqual(['S4', 'S2']);
  });

  it('department scope hides other departments everywhere: hits, total and facets', async () => {
    const result = await search({ departmentScope: housing.id });
    expect(ids(result).sort()).toEqual(['S1', 'S2', 'S3', 'S5']);
    expect(result.total).toBe(4);
    expect(facet(result.facets.department)).toEqual({ [housing.id]: 3, [environment.id]: 1 });
    expect(result.facets.department.find((bucket) => bucket.key === housing.id)?.label).toBeUndefined();
    const named = await searchTickets(client, indices, { ...base, departmentScope: housing.id }, { departmentName: (id) => (id === housing.id ? '住建局' : undefined) });
    expect(named.facets.department).toEqual([{ key: housing.id, count: 3, label: '住建局' }, { key: environment.id, count: 1 }]);
    expect(facet(result.facets.district)).toEqual({ A3区: 2, A5区: 2 });
    const words = await search({ departmentScope: water.id, words: ['小区'] });
    expect(ids(words)).toEqual(['S6']);
  });

  it('a filtered dimension keeps its other options; the other facets count only the filtered tickets', async () => {
    const result = await search({ status: ['routed'], departmentScope: housing.id });
    expect(ids(result).sort()).toEqual(['S1', 'S3']);
    expect(result.total).toBe(2);
    // The status facet ignores the status filter: it counts the whole scope.
    expect(facet(result.facets.status)).toEqual({ routed: 2, signed_for: 1, replied: 1 });
    // Every other facet counts the two routed tickets.
    expect(facet(result.facets.priority)).toEqual({ normal: 1, urgent: 1 });
    expect(facet(result.facets.district)).toEqual({ A3区: 1, A5区: 1 });
    expect(facet(result.facets.channel)).toEqual({ phone: 2 });
  });

  it('two filtered dimensions: each facet applies the other one', async () => {
    const result = await search({ district: ['A3区'], priority: ['high'] });
    expect(ids(result).sort()).toEqual(['S2', 'S6']);
    expect(facet(result.facets.district)).toEqual({ A3区: 2, A5区: 1 });
    expect(facet(result.facets.priority)).toEqual({ high: 2, urgent: 1, normal: 1 });
    expect(facet(result.facets.category)).toEqual({ 城乡建设: 2 });
  });

  it('combines words with filters, and counts facets over the words', async () => {
    const result = await search({ words: ['停车'], channel: ['web'] });
    expect(ids(result)).toEqual(['S2']);
    expect(facet(result.facets.channel)).toEqual({ phone: 1, web: 1 });
  });
});

describe('searchTickets: sorting and paging', () => {
  it('urgency: urgent, high, normal, none; the soonest deadline first within a priority', async () => {
    const result = await search({ sort: 'urgency', district: ['A3区', 'A5区'] });
    expect(ids(result)).toEqual(['S4', 'S3', 'S5', 'S2', 'S6', 'S1']);
    const all = await search({ sort: 'urgency', pageSize: 100, words: [] });
    const order = all.hits.filter((hit) => tickets.some((t) => t.ticketId === hit.doc.ticketId)).map((hit) => hit.doc.priority ?? 'none');
    expect(order).toEqual(['urgent', 'urgent', 'high', 'high', 'high', 'normal', 'none', 'none']);
  });

  it('urgency keeps working with words', async () => {
    const result = await search({ sort: 'urgency', words: ['物业'] });
    expect(ids(result)).toEqual(['S3', 'S1']);
  });

  it('deadline: soonest resolve-by first, tickets without one last', async () => {
    const result = await search({ sort: 'deadline', departmentScope: housing.id });
    expect(ids(result)).toEqual(['S3', 'S5', 'S2', 'S1']);
    const withMissing = await search({ sort: 'deadline', district: ['A3区'] });
    expect(ids(withMissing)).toEqual(['S4', 'S2', 'S1', 'S6']);
  });

  it('newest first, paged', async () => {
    const first = await search({ departmentScope: housing.id, pageSize: 3 });
    const second = await search({ departmentScope: housing.id, pageSize: 3, page: 2 });
    expect(ids(first)).toEqual(['S5', 'S3', 'S2']);
    expect(ids(second)).toEqual(['S1']);
    expect(second.total).toBe(4);
  });

  it('refuses a page past the 10,000th result, and too many words, before asking Elasticsearch', async () => {
    await expect(search({ page: 101, pageSize: 100 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', retriable: false, message: expect.stringContaining('10000') });
    await expect(search({ pageSize: 101 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(search({ words: Array.from({ length: 21 }, (_, i) => `词${i}`) })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await search({ page: 100, pageSize: 100 })).hits).toEqual([]);
  });

  it('turns an Elasticsearch failure into a coded store error', async () => {
    const missing = indexNames(`${inject('runId')}-no-such-`);
    await expect(searchTickets(client, missing, base)).rejects.toMatchObject({ code: 'ES_REJECTED', retriable: false });
  });
});

describe('history, triage queue, SLA board, live view', () => {
  it('history: the ticket\'s events oldest first (log order within the same instant), without contact data', async () => {
    const history = await getTicketHistory(client, indices, 'S1');
    expect(history.map((entry) => entry.eventId)).toEqual(['E1', 'E2', 'E3', 'E4']);
    expect(history[0]).toMatchObject({ ticketId: 'S1', type: 'TicketReceived', producedBy: 'ingest', outcome: 'applied', payload: { ticket: { body: '…' } } });
    expect(history[0]).not.toHaveProperty('log');
    expect(history[0]?.payload).not.toHaveProperty('restricted');
    expect(history[3]?.payload).toMatchObject({ actor: { role: 'department' } });
    expect(await getTicketHistory(client, indices, 'NOPE')).toEqual([]);
  });

  it('triage queue: manual triage only, the soonest sign-for deadline first, then the longest-waiting', async () => {
    const queue = await triageQueue(client, indices, { page: 1, pageSize: 20 });
    expect(queue.total).toBe(2);
    expect(queue.hits.map((doc) => doc.ticketId)).toEqual(['M2', 'M1']);
    expect(queue.hits[0]).not.toHaveProperty('restricted');
    const second = await triageQueue(client, indices, { page: 2, pageSize: 1 });
    expect(second).toMatchObject({ total: 2, hits: [{ ticketId: 'M1' }] });

    // An urgent ticket received last, due to be signed for in 30 minutes, goes ahead of both (here only).
    const urgent = ticket('M3', { body: '小区门口井盖丢失，有人差点掉进去。', receivedAt: '2026-03-07T11:00:00+08:00', status: 'manual_triage', priority: 'urgent' });
    urgent.sla = { ...sla('2026-03-07T13:00:00+08:00'), signForBy: '2026-03-07T11:30:00+08:00' };
    await client.index({ index: indices.ticketsAlias, id: 'M3', document: urgent, refresh: true });
    try {
      expect((await triageQueue(client, indices, { page: 1, pageSize: 20 })).hits.map((doc) => doc.ticketId)).toEqual(['M3', 'M2', 'M1']);
    } finally {
      await client.delete({ index: indices.ticketsAlias, id: 'M3', refresh: true });
    }
  });

  it('work queues: returned, extension requests, resolved and dissatisfied tickets, each the longest waiting first, with counts and late 回访', async () => {
    const base = (id: string, status: TicketStatus) => ticket(id, { body: '路灯不亮，请处理。', receivedAt: '2026-03-01T09:00:00+08:00', status, department: urban });
    const written: TicketDocument[] = [
      // W2's 回访 is late (red): counted apart; W1's only nears its deadline (yellow).
      { ...base('W1', 'resolved'), handling: { resolvedAt: '2026-03-05T09:00:00+08:00', resolution: '已更换灯泡。' }, slaState: { followUp: 'yellow' } },
      { ...base('W2', 'resolved'), handling: { resolvedAt: '2026-03-03T09:00:00+08:00', resolution: '已修复线路。' }, slaState: { followUp: 'red' } },
      { ...base('W3', 'returned'), returns: { count: 1, rejectedCount: 0, last: { reason: 'not_our_duty', at: '2026-03-02T09:00:00+08:00' } } },
      { ...base('W4', 'signed_for'), extension: { approved: [], pending: { amount: 'P3D', reason: '需协调供电公司', requestedAt: '2026-03-02T10:00:00+08:00' } } },
      // An extension request left on a ticket that was resolved since: nothing for the operator to decide.
      { ...base('W5', 'resolved'), extension: { approved: [], pending: { amount: 'P3D', reason: '…', requestedAt: '2026-03-02T10:00:00+08:00' } }, handling: { resolvedAt: '2026-03-06T09:00:00+08:00' } },
      // Followed up twice: it waits since the later one, after W7's only one. Its 回访 was late, but it was made.
      { ...base('W6', 'dissatisfied'), slaState: { followUp: 'red' }, lastFollowUp: { resolved: false, satisfaction: 'dissatisfied' }, followUps: [{ at: '2026-03-04T09:00:00+08:00', resolved: false, satisfaction: 'dissatisfied' }, { at: '2026-03-09T09:00:00+08:00', resolved: false, satisfaction: 'dissatisfied' }] },
      { ...base('W7', 'dissatisfied'), lastFollowUp: { resolved: false, satisfaction: 'dissatisfied' }, followUps: [{ at: '2026-03-06T09:00:00+08:00', resolved: false, satisfaction: 'dissatisfied' }] },
    ];
    for (const doc of written) await client.index({ index: indices.ticketsAlias, id: doc.ticketId, document: doc });
    await client.indices.refresh({ index: indices.ticketsAlias });
    try {
      const followUp = await workQueue(client, indices, 'followUp', { page: 1, pageSize: 20 });
      // B4 (a fixture resolved without a recorded time) comes last.
      expect(followUp.hits.map((doc) => doc.ticketId)).toEqual(['W2', 'W1', 'W5', 'B4']);
      expect(followUp.hits[0]).toMatchObject({ handling: { resolution: '已修复线路。' } });
      expect(followUp.hits[0]).not.toHaveProperty('restricted');
      expect(followUp.counts).toEqual({ returned: 1, extension: 1, followUp: 4, dissatisfied: 2 });
      expect(followUp.lateFollowUps).toBe(1);
      expect((await workQueue(client, indices, 'returned', { page: 1, pageSize: 20 })).hits.map((doc) => doc.ticketId)).toEqual(['W3']);
      expect((await workQueue(client, indices, 'extension', { page: 1, pageSize: 20 })).hits.map((doc) => doc.ticketId)).toEqual(['W4']);
      expect((await workQueue(client, indices, 'dissatisfied', { page: 1, pageSize: 20 })).hits.map((doc) => doc.ticketId)).toEqual(['W7', 'W6']);
      expect(await workQueue(client, indices, 'followUp', { page: 2, pageSize: 3 })).toMatchObject({ total: 4, hits: [{ ticketId: 'B4' }] });
    } finally {
      for (const doc of written) await client.delete({ index: indices.ticketsAlias, id: doc.ticketId });
      await client.indices.refresh({ index: indices.ticketsAlias });
    }
  });

  it('SLA board: open red and yellow tickets, soonest deadline first, finished ones left out', async () => {
    const board = await slaBoard(client, indices, { departmentScope: parks.id });
    expect(board.counts).toEqual({ red: 3, yellow: 1 });
    expect(board.red.map((doc) => doc.ticketId)).toEqual(['B2', 'B6', 'B1']);
    expect(board.yellow.map((doc) => doc.ticketId)).toEqual(['B3']);
    const limited = await slaBoard(client, indices, { departmentScope: parks.id, limit: 1 });
    expect(limited).toMatchObject({ counts: { red: 3, yellow: 1 }, red: [{ ticketId: 'B2' }] });
    const urbanBoard = await slaBoard(client, indices, { departmentScope: urban.id });
    expect(urbanBoard.red.map((doc) => doc.ticketId)).toEqual(['B6']);
  });

  it('live: changed after `since`, newest first, scoped', async () => {
    const live = await liveTickets(client, indices, { since: '2026-03-09T12:00:00+08:00', departmentScope: parks.id });
    expect(live.map((doc) => doc.ticketId)).toEqual(['B3', 'B2', 'B1', 'B6', 'B5']);
    const limited = await liveTickets(client, indices, { since: '2026-03-09T12:00:00+08:00', departmentScope: parks.id, limit: 2 });
    expect(limited.map((doc) => doc.ticketId)).toEqual(['B3', 'B2']);
    expect(limited[0]).not.toHaveProperty('restricted');
    await expect(liveTickets(client, indices, { since: 'soon' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
