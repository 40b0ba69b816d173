import type { Client, estypes } from '@elastic/elasticsearch';
import { HotlineError, PRIORITIES, type TicketDocument } from '@hotline/contracts';
import { toStoreError } from './errors.ts';
import type { IndexNames } from './indices.ts';

/**
 * A ticket as the read side returns it. Contact data and unmasked text (`restricted`) never leave through this
 * module, the token fields are an indexing detail, and `appliedEventIds` grows with every event and is of no use
 * to a reader: all four are excluded from `_source`, and the type says so.
 */
export type TicketReadDocument = Omit<TicketDocument, 'restricted' | 'titleTokens' | 'bodyTokens' | 'appliedEventIds'>;

export interface TicketQuery {
  /** The user's query already segmented by the caller (jieba, stopwords dropped); at most 20. Every word must match. */
  words?: string[];
  /** Bounds on receivedAt: `from` inclusive, `to` exclusive. A date or a date-time without offset is Asia/Shanghai time. */
  from?: string;
  to?: string;
  district?: string[];
  category?: string[];
  /** The lead department (department.id). */
  departmentId?: string[];
  channel?: string[];
  status?: string[];
  slaLight?: string[];
  priority?: string[];
  /** Department scoping: only tickets whose department.id or coDepartments.id is this. Always applied when set. */
  departmentScope?: string;
  sort: 'relevance' | 'newest' | 'deadline' | 'urgency';
  /** 1-based. */
  page: number;
  /** 1..100; (page - 1) × pageSize + pageSize may not pass 10,000. */
  pageSize: number;
}

export interface TicketHit {
  doc: TicketReadDocument;
  /** HTML-escaped fragments of the original text with matches wrapped in `<mark>…</mark>`. */
  highlights?: { title?: string[]; body?: string[] };
}

export interface FacetBucket {
  key: string;
  count: number;
  /** A display name where the key is an id (the department facet). */
  label?: string;
}

export type FacetName = 'category' | 'district' | 'department' | 'channel' | 'status' | 'slaLight' | 'priority';

export interface TicketSearchResult {
  total: number;
  tookMs: number;
  hits: TicketHit[];
  facets: Record<FacetName, FacetBucket[]>;
}

export interface HistoryEntry {
  eventId: string;
  ticketId: string;
  type: string;
  occurredAt: string;
  producedBy: string;
  /** What the projection did with the event: `applied`, or why not. */
  outcome: string;
  /** The event minus the fields above; a TicketReceived's `restricted` (contact data) is removed. */
  payload: Record<string, unknown>;
}

/** Elasticsearch's index.max_result_window: from + size beyond it is refused, so we refuse it first, clearly. */
export const MAX_RESULT_WINDOW = 10_000;
export const MAX_PAGE_SIZE = 100;
export const MAX_QUERY_WORDS = 20;
/** More events than any ticket plausibly has; a history is read in one request. */
export const MAX_HISTORY_EVENTS = 1_000;
/** Date strings without an offset are read in the hotline's own time zone. */
export const HOTLINE_TIME_ZONE = 'Asia/Shanghai';

export const TICKET_SOURCE_EXCLUDES = ['restricted', 'titleTokens', 'bodyTokens', 'appliedEventIds'];

type Query = estypes.QueryDslQueryContainer;

const FACET_FIELDS: Record<FacetName, string> = {
  category: 'classification.category',
  district: 'location.resolved.district',
  department: 'department.id',
  channel: 'channel',
  status: 'status',
  slaLight: 'slaLight',
  priority: 'priority',
};

/** The query's filter per facet dimension. */
const FILTER_FACETS: Record<FacetName, keyof TicketQuery> = {
  category: 'category',
  district: 'district',
  department: 'departmentId',
  channel: 'channel',
  status: 'status',
  slaLight: 'slaLight',
  priority: 'priority',
};

/** Few values exist for the small enums; places, categories and departments get more room. */
const FACET_SIZES: Record<FacetName, number> = { category: 50, district: 50, department: 50, channel: 20, status: 20, slaLight: 20, priority: 20 };

/** The statuses in which a ticket is no longer being handled (its SLA light no longer matters). */
export const FINISHED_STATUSES = ['resolved', 'closed', 'merged'];

const invalid = (message: string) => new HotlineError('VALIDATION_FAILED', message, { retriable: false });

/** Refuses a page Elasticsearch would refuse (or that makes no sense), saying why. */
export function checkWindow(from: number, size: number, what: string): void {
  if (!Number.isInteger(from) || from < 0 || !Number.isInteger(size) || size < 1) {
    throw invalid(`${what}: expected a positive page and size, got offset ${from} and size ${size}`);
  }
  if (from + size > MAX_RESULT_WINDOW) {
    throw invalid(`${what}: results past the first ${MAX_RESULT_WINDOW} cannot be paged to (asked for ${from + 1}..${from + size}); narrow the query`);
  }
}

/**
 * An instant as epoch milliseconds. A bare date (2026-03-01) or a date-time without an offset is Asia/Shanghai
 * time (UTC+8, no daylight saving), so a day means the hotline's day whoever calls.
 */
export function parseInstant(value: string, what: string): number {
  const trimmed = value.trim();
  const local = /^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? `${trimmed}T00:00:00+08:00` : /(Z|[+-]\d{2}:?\d{2})$/i.test(trimmed) ? trimmed : `${trimmed}+08:00`;
  const ms = Date.parse(local);
  if (Number.isNaN(ms)) throw invalid(`${what}: not an ISO date or date-time: ${JSON.stringify(value)}`);
  return ms;
}

/** `[from, to)` on a date field, or nothing when neither bound is given. */
export function dateRange(field: string, from: string | undefined, to: string | undefined): Query[] {
  if (from === undefined && to === undefined) return [];
  const range: estypes.QueryDslDateRangeQuery = {};
  if (from !== undefined) range.gte = new Date(parseInstant(from, 'from')).toISOString();
  if (to !== undefined) range.lt = new Date(parseInstant(to, 'to')).toISOString();
  return [{ range: { [field]: range } }];
}

/** A department sees the tickets it leads and the ones it assists on. */
export function departmentScopeFilter(departmentId: string | undefined): Query[] {
  if (departmentId === undefined) return [];
  return [{ bool: { should: [{ term: { 'department.id': departmentId } }, { term: { 'coDepartments.id': departmentId } }], minimum_should_match: 1 } }];
}

/** Exact values on a keyword field; an absent or empty list filters nothing. */
export function termsFilter(field: string, values: readonly string[] | undefined): Query[] {
  return values && values.length > 0 ? [{ terms: { [field]: [...values] } }] : [];
}

export function totalOf(hits: estypes.SearchHitsMetadata<unknown>): number {
  return typeof hits.total === 'number' ? hits.total : hits.total?.value ?? 0;
}

export function sourcesOf<T>(hits: estypes.SearchHitsMetadata<T>): T[] {
  return hits.hits.flatMap((hit) => (hit._source === undefined ? [] : [hit._source]));
}

/**
 * One word matches when it is one of the jieba tokens (title over body) or when it appears as a phrase in the
 * original, standard-analysed text (one token per CJK character): the phrase is what still finds 停车 inside the
 * compound token 停车场. Every clause is a match/match_phrase on the literal word: no query-string syntax.
 */
function wordClause(word: string): Query {
  return {
    bool: {
      should: [
        // operator and: a word is one unit even if it holds a space.
        { match: { titleTokens: { query: word, operator: 'and', boost: 3 } } },
        { match: { bodyTokens: { query: word, operator: 'and', boost: 1.5 } } },
        { match_phrase: { title: { query: word, boost: 1 } } },
        { match_phrase: { body: { query: word, boost: 0.5 } } },
      ],
      minimum_should_match: 1,
    },
  };
}

function cleanWords(words: readonly string[] | undefined): string[] {
  const kept = [...new Set((words ?? []).map((word) => word.trim()).filter((word) => word.length > 0))];
  if (kept.length > MAX_QUERY_WORDS) throw invalid(`words: at most ${MAX_QUERY_WORDS}, got ${kept.length}`);
  return kept;
}

/** Facet-dimension filters, by dimension: they are applied as post_filter so each facet can leave its own out. */
function facetFilters(query: TicketQuery): Record<FacetName, Query[]> {
  const entries = (Object.keys(FACET_FIELDS) as FacetName[]).map((name) => {
    const values = query[FILTER_FACETS[name]];
    return [name, termsFilter(FACET_FIELDS[name], Array.isArray(values) ? values : undefined)] as const;
  });
  return Object.fromEntries(entries) as Record<FacetName, Query[]>;
}

/**
 * Urgency order needs urgent > high > normal, which no keyword order gives, and the node has no scripting
 * (no lang-painless) and the mapping is strict (no numeric copy): a function_score turns the priority into the
 * score (urgent 4, high 3, normal 2, none 1 — a document that matches no function keeps 1) and the sort uses it.
 */
function byUrgency(query: Query): Query {
  const weights = PRIORITIES.map((priority, i) => ({ filter: { term: { priority } }, weight: PRIORITIES.length + 1 - i }));
  return { function_score: { query, functions: weights, score_mode: 'first', boost_mode: 'replace' } };
}

function sortFor(sort: TicketQuery['sort']): estypes.SortCombinations[] {
  // ticketId last: equal keys would otherwise page in an unstable order.
  const tie: estypes.SortCombinations = { ticketId: { order: 'asc' } };
  const deadline: estypes.SortCombinations = { 'sla.resolveBy': { order: 'asc', missing: '_last' } };
  switch (sort) {
    case 'relevance': return [{ _score: { order: 'desc' } }, { receivedAt: { order: 'desc' } }, tie];
    case 'newest': return [{ receivedAt: { order: 'desc' } }, tie];
    case 'deadline': return [deadline, { receivedAt: { order: 'desc' } }, tie];
    case 'urgency': return [{ _score: { order: 'desc' } }, deadline, { receivedAt: { order: 'desc' } }, tie];
  }
}

/** Highlights on the original text (never the token fields), each word as a phrase, the rest HTML-escaped. */
function highlightFor(words: string[]): estypes.SearchHighlight | undefined {
  if (words.length === 0) return undefined;
  const phrases = words.flatMap((word) => [{ match_phrase: { title: word } }, { match_phrase: { body: word } }]);
  return {
    encoder: 'html',
    pre_tags: ['<mark>'],
    post_tags: ['</mark>'],
    highlight_query: { bool: { should: phrases, minimum_should_match: 1 } },
    fields: {
      title: { fragment_size: 80, number_of_fragments: 1, no_match_size: 0 },
      body: { fragment_size: 80, number_of_fragments: 3, no_match_size: 0 },
    },
  };
}

/**
 * The standard analyzer makes one token per CJK character, so a highlighter may mark 物业 as
 * `<mark>物</mark><mark>业</mark>`: adjacent marks become one.
 */
export function mergeAdjacentMarks(fragment: string): string {
  return fragment.replaceAll('</mark><mark>', '');
}

/** Terms per facet; each is computed with every facet filter except its own (standard faceted navigation). */
function facetAggregations(filters: Record<FacetName, Query[]>): Record<string, estypes.AggregationsAggregationContainer> {
  const aggs: Record<string, estypes.AggregationsAggregationContainer> = {};
  for (const name of Object.keys(FACET_FIELDS) as FacetName[]) {
    const others = (Object.keys(filters) as FacetName[]).filter((other) => other !== name).flatMap((other) => filters[other]);
    const terms: estypes.AggregationsAggregationContainer = { terms: { field: FACET_FIELDS[name], size: FACET_SIZES[name] } };
    // Unwrapped when no other filter applies: a terms aggregation with no parent runs two to three times faster
    // (facets over 200,000 tickets: p50 8-16 against 19-30 ms).
    aggs[name] = others.length > 0 ? { filter: { bool: { filter: others } }, aggs: { values: terms } } : terms;
  }
  return aggs;
}

type TermsBucket = { key: string | number; doc_count: number };

function readFacets(aggregations: Record<string, estypes.AggregationsAggregate> | undefined, departmentName: ((id: string) => string | undefined) | undefined): Record<FacetName, FacetBucket[]> {
  const facets = {} as Record<FacetName, FacetBucket[]>;
  for (const name of Object.keys(FACET_FIELDS) as FacetName[]) {
    const aggregate = aggregations?.[name] as { buckets?: TermsBucket[]; values?: { buckets?: TermsBucket[] } } | undefined;
    const buckets = aggregate?.values?.buckets ?? aggregate?.buckets ?? [];
    facets[name] = buckets.map((bucket) => {
      const key = String(bucket.key);
      const label = name === 'department' ? departmentName?.(key) : undefined;
      return { key, count: bucket.doc_count, ...(label === undefined ? {} : { label }) };
    });
  }
  return facets;
}

export interface SearchOptions {
  /**
   * The department facet's display names, by id (the API's department list). A names sub-aggregation per bucket
   * made the facets-over-everything query about a quarter slower (200,000 tickets: p50 40 against 31 ms).
   */
  departmentName?: (id: string) => string | undefined;
}

/**
 * Full-text search with filters, sorting, highlights and facets.
 *
 * Facets: the department scope, the date range and the words narrow everything (hits, totals and every facet).
 * The per-dimension filters (district, category, departmentId, channel, status, slaLight, priority) are applied as a
 * `post_filter` to the hits, and each facet is computed with all of them except its own, so a user who picked
 * status=routed still sees how many tickets each other status has under the rest of the query.
 */
export async function searchTickets(client: Client, names: IndexNames, query: TicketQuery, options: SearchOptions = {}): Promise<TicketSearchResult> {
  if (!Number.isInteger(query.pageSize) || query.pageSize < 1 || query.pageSize > MAX_PAGE_SIZE) {
    throw invalid(`pageSize: 1..${MAX_PAGE_SIZE}, got ${query.pageSize}`);
  }
  if (!Number.isInteger(query.page) || query.page < 1) throw invalid(`page: a whole number from 1, got ${query.page}`);
  const offset = (query.page - 1) * query.pageSize;
  checkWindow(offset, query.pageSize, 'page');
  const words = cleanWords(query.words);
  const filters = facetFilters(query);
  const postFilters = Object.values(filters).flat();

  const base: Query = {
    bool: {
      must: words.length > 0 ? words.map(wordClause) : [{ match_all: {} }],
      filter: [...departmentScopeFilter(query.departmentScope), ...dateRange('receivedAt', query.from, query.to)],
    },
  };
  const highlight = highlightFor(words);

  let response: estypes.SearchResponse<TicketReadDocument>;
  try {
    response = await client.search<TicketReadDocument>({
      index: names.ticketsAlias,
      query: query.sort === 'urgency' ? byUrgency(base) : base,
      ...(postFilters.length > 0 ? { post_filter: { bool: { filter: postFilters } } } : {}),
      aggs: facetAggregations(filters),
      sort: sortFor(query.sort),
      from: offset,
      size: query.pageSize,
      track_total_hits: true,
      _source: { excludes: TICKET_SOURCE_EXCLUDES },
      ...(highlight ? { highlight } : {}),
    });
  } catch (err) {
    throw toStoreError(err, 'ticket search');
  }

  const hits = response.hits.hits.flatMap((hit): TicketHit[] => {
    if (hit._source === undefined) return [];
    const title = hit.highlight?.title?.map(mergeAdjacentMarks);
    const body = hit.highlight?.body?.map(mergeAdjacentMarks);
    const highlights = title || body ? { ...(title ? { title } : {}), ...(body ? { body } : {}) } : undefined;
    return [{ doc: hit._source, ...(highlights ? { highlights } : {}) }];
  });
  return { total: totalOf(response.hits), tookMs: response.took, hits, facets: readFacets(response.aggregations, options.departmentName) };
}

/**
 * A ticket's audit trail from the events index, oldest first (log offset breaks ties within a millisecond). The
 * tracker no longer stores TicketReceived's personal data there; records written before still hold it, hence the
 * exclusion.
 */
export async function getTicketHistory(client: Client, names: IndexNames, ticketId: string): Promise<HistoryEntry[]> {
  let response: estypes.SearchResponse<HistoryEntry>;
  try {
    response = await client.search<HistoryEntry>({
      index: names.eventsAlias,
      query: { bool: { filter: [{ term: { ticketId } }] } },
      sort: [{ occurredAt: { order: 'asc' } }, { 'log.offset': { order: 'asc' } }, { eventId: { order: 'asc' } }],
      size: MAX_HISTORY_EVENTS,
      _source: { includes: ['eventId', 'ticketId', 'type', 'occurredAt', 'producedBy', 'outcome', 'payload'], excludes: ['payload.restricted'] },
    });
  } catch (err) {
    throw toStoreError(err, 'ticket history');
  }
  return sourcesOf(response.hits).map((entry) => ({ ...entry, payload: entry.payload ?? {} }));
}

/**
 * The manual triage queue (人工分拨): tickets waiting for an operator, the soonest sign-for deadline first, then the
 * longest-waiting. The deadline follows the priority (an urgent ticket's is 30 minutes away on the calendar clock, a
 * normal one's a working day), so an urgent ticket that reached the queue is not left behind hundreds of older
 * normal ones; among equal deadlines the order is the order received.
 */
export async function triageQueue(client: Client, names: IndexNames, options: { page: number; pageSize: number }): Promise<{ total: number; hits: TicketReadDocument[] }> {
  const offset = (options.page - 1) * options.pageSize;
  checkWindow(offset, options.pageSize, 'triage queue page');
  let response: estypes.SearchResponse<TicketReadDocument>;
  try {
    response = await client.search<TicketReadDocument>({
      index: names.ticketsAlias,
      query: { bool: { filter: [{ term: { status: 'manual_triage' } }] } },
      sort: [{ 'sla.signForBy': { order: 'asc', missing: '_last' } }, { receivedAt: { order: 'asc' } }, { ticketId: { order: 'asc' } }],
      from: offset,
      size: options.pageSize,
      track_total_hits: true,
      _source: { excludes: TICKET_SOURCE_EXCLUDES },
    });
  } catch (err) {
    throw toStoreError(err, 'triage queue');
  }
  return { total: totalOf(response.hits), hits: sourcesOf(response.hits) };
}

/** The operator's work queues besides manual triage: 退单审核, 延期审批, 回访, and 重办 after a dissatisfied 回访. */
export const WORK_QUEUES = ['returned', 'extension', 'followUp', 'dissatisfied'] as const;
export type WorkQueue = (typeof WORK_QUEUES)[number];

// mode max: a ticket followed up twice waits since its latest 回访.
const oldestFirst = (field: string): estypes.SortCombinations => ({ [field]: { order: 'asc', missing: '_last', mode: 'max' } });

/**
 * What puts a ticket in each queue, and its order: the longest waiting first, by the moment it started waiting. A
 * returned ticket's resolve clock keeps running and an extension request waits on the operator, so neither may sit
 * unseen; a resolved ticket waits for its 回访, a dissatisfied one for 重办.
 */
const WORK_QUEUE_SPECS: Record<WorkQueue, { filter: Query; sort: estypes.SortCombinations }> = {
  returned: { filter: { term: { status: 'returned' } }, sort: oldestFirst('returns.last.at') },
  extension: {
    filter: { bool: { filter: [{ exists: { field: 'extension.pending.requestedAt' } }, { terms: { status: ['signed_for', 'replied', 'reopened'] } }] } },
    sort: oldestFirst('extension.pending.requestedAt'),
  },
  followUp: { filter: { term: { status: 'resolved' } }, sort: oldestFirst('handling.resolvedAt') },
  dissatisfied: { filter: { term: { status: 'dissatisfied' } }, sort: oldestFirst('followUps.at') },
};

/** Resolved tickets whose 回访 deadline the sweep found passed: the command center's own late work. */
const LATE_FOLLOW_UPS: Query = { bool: { filter: [WORK_QUEUE_SPECS.followUp.filter, { term: { 'slaState.followUp': 'red' } }] } };

/**
 * One of the operator's work queues (`WORK_QUEUE_SPECS`), a page of it, how many tickets wait in each queue (for the
 * tabs) and how many 回访 are late, in one request.
 */
export async function workQueue(
  client: Client,
  names: IndexNames,
  queue: WorkQueue,
  options: { page: number; pageSize: number },
): Promise<{ counts: Record<WorkQueue, number>; lateFollowUps: number; total: number; hits: TicketReadDocument[] }> {
  const offset = (options.page - 1) * options.pageSize;
  checkWindow(offset, options.pageSize, 'work queue page');
  try {
    const response = await client.search<TicketReadDocument>({
      index: names.ticketsAlias,
      query: { bool: { should: WORK_QUEUES.map((name) => WORK_QUEUE_SPECS[name].filter), minimum_should_match: 1 } },
      post_filter: WORK_QUEUE_SPECS[queue].filter,
      aggs: { queues: { filters: { filters: { ...Object.fromEntries(WORK_QUEUES.map((name) => [name, WORK_QUEUE_SPECS[name].filter])), lateFollowUps: LATE_FOLLOW_UPS } } } },
      sort: [WORK_QUEUE_SPECS[queue].sort, { receivedAt: { order: 'asc' } }, { ticketId: { order: 'asc' } }],
      from: offset,
      size: options.pageSize,
      track_total_hits: true,
      _source: { excludes: TICKET_SOURCE_EXCLUDES },
    });
    const buckets = (response.aggregations?.queues as estypes.AggregationsFiltersAggregate | undefined)?.buckets as Record<string, { doc_count: number }> | undefined;
    const counts = Object.fromEntries(WORK_QUEUES.map((name) => [name, buckets?.[name]?.doc_count ?? 0])) as Record<WorkQueue, number>;
    return { counts, lateFollowUps: buckets?.lateFollowUps?.doc_count ?? 0, total: totalOf(response.hits), hits: sourcesOf(response.hits) };
  } catch (err) {
    throw toStoreError(err, `work queue (${queue})`);
  }
}

async function openTicketsWithLight(client: Client, names: IndexNames, light: 'red' | 'yellow', scope: string | undefined, limit: number) {
  try {
    const response = await client.search<TicketReadDocument>({
      index: names.ticketsAlias,
      query: {
        bool: {
          filter: [{ term: { slaLight: light } }, ...departmentScopeFilter(scope)],
          must_not: [{ terms: { status: FINISHED_STATUSES } }],
        },
      },
      sort: [{ 'sla.resolveBy': { order: 'asc', missing: '_last' } }, { ticketId: { order: 'asc' } }],
      size: limit,
      track_total_hits: true,
      _source: { excludes: TICKET_SOURCE_EXCLUDES },
    });
    return { total: totalOf(response.hits), hits: sourcesOf(response.hits) };
  } catch (err) {
    throw toStoreError(err, `SLA board (${light})`);
  }
}

/**
 * The SLA board: open tickets (not resolved, closed or merged) whose light the sweep turned red or yellow, the
 * soonest resolve-by first; counts are the full totals, the lists at most `limit` each.
 */
export async function slaBoard(
  client: Client,
  names: IndexNames,
  options: { departmentScope?: string; limit?: number } = {},
): Promise<{ counts: { red: number; yellow: number }; red: TicketReadDocument[]; yellow: TicketReadDocument[] }> {
  const limit = options.limit ?? 100;
  checkWindow(0, limit, 'SLA board limit');
  const [red, yellow] = await Promise.all([
    openTicketsWithLight(client, names, 'red', options.departmentScope, limit),
    openTicketsWithLight(client, names, 'yellow', options.departmentScope, limit),
  ]);
  return { counts: { red: red.total, yellow: yellow.total }, red: red.hits, yellow: yellow.hits };
}

/** Tickets received or changed after `since` (updatedAt > since; a new ticket's updatedAt is its creation), newest first. */
export async function liveTickets(
  client: Client,
  names: IndexNames,
  options: { since: string; departmentScope?: string; limit?: number },
): Promise<TicketReadDocument[]> {
  const limit = options.limit ?? 50;
  checkWindow(0, limit, 'live limit');
  const since = new Date(parseInstant(options.since, 'since')).toISOString();
  try {
    const response = await client.search<TicketReadDocument>({
      index: names.ticketsAlias,
      query: { bool: { filter: [{ range: { updatedAt: { gt: since } } }, ...departmentScopeFilter(options.departmentScope)] } },
      sort: [{ updatedAt: { order: 'desc' } }, { ticketId: { order: 'asc' } }],
      size: limit,
      _source: { excludes: TICKET_SOURCE_EXCLUDES },
    });
    return sourcesOf(response.hits);
  } catch (err) {
    throw toStoreError(err, 'live tickets');
  }
}
