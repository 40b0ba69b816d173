import type { Client, estypes } from '@elastic/elasticsearch';
import { toStoreError } from './errors.ts';
import type { IndexNames } from './indices.ts';
import { departmentScopeFilter, sourcesOf, TICKET_SOURCE_EXCLUDES, totalOf, type TicketReadDocument } from './search.ts';

export interface SimilarTicketsQuery {
  /** The ticket whose look-alikes are wanted; it must exist (the caller has read it). */
  ticketId: string;
  /** Its receivedAt: the window is around it. */
  receivedAt: string;
  /** Only tickets received within this many days before or after it. */
  withinDays: number;
  /** At most this many, most similar first. */
  limit: number;
  /** Scores below this share of the ticket's own score are left out (0..1). */
  minSimilarity: number;
  /** A department sees look-alikes among its own tickets only. */
  departmentScope?: string;
}

export interface SimilarTicket {
  doc: TicketReadDocument;
  /** The look-alike's score as a share of the ticket's own (the same query matching itself): 0..1, rounded to 0.01. */
  similarity: number;
}

const DAY_MS = 86_400_000;

/**
 * Tickets that read like this one (疑似重复): a more_like_this query over the jieba token fields, with the ticket's
 * own words as the query (the 25 that weigh most by tf-idf, so 的 and 小区 count for little) and at least 30 % of them
 * present. Raw scores are not comparable between tickets, so each look-alike's is given as a share of the score the
 * ticket gets against itself in the same request: 1 for the same words, about 0.5 for a second citizen describing
 * the same broken street lamps, 0.1–0.2 for a letter that only shares the district and some civic words. Merged
 * tickets are left out: an operator merges into a ticket still being handled.
 */
export async function similarTickets(client: Client, names: IndexNames, query: SimilarTicketsQuery): Promise<SimilarTicket[]> {
  let response: estypes.SearchResponse<TicketReadDocument>;
  try {
    const receivedAt = Date.parse(query.receivedAt);
    const window = Number.isNaN(receivedAt)
      ? []
      : [{ range: { receivedAt: { gte: new Date(receivedAt - query.withinDays * DAY_MS).toISOString(), lte: new Date(receivedAt + query.withinDays * DAY_MS).toISOString() } } }];
    response = await client.search<TicketReadDocument>({
      index: names.ticketsAlias,
      query: {
        bool: {
          must: [{
            more_like_this: {
              fields: ['titleTokens', 'bodyTokens'],
              like: [{ _index: names.ticketsAlias, _id: query.ticketId }],
              // The ticket itself is in the hits, for the score the others are measured against.
              include: true,
              min_term_freq: 1,
              min_doc_freq: 1,
              max_query_terms: 25,
              minimum_should_match: '30%',
            },
          }],
          filter: [
            ...departmentScopeFilter(query.departmentScope),
            { bool: { should: [{ ids: { values: [query.ticketId] } }, { bool: { filter: window, must_not: [{ term: { status: 'merged' } }] } }], minimum_should_match: 1 } },
          ],
        },
      },
      size: query.limit + 1,
      _source: { excludes: TICKET_SOURCE_EXCLUDES },
    });
  } catch (err) {
    throw toStoreError(err, 'similar tickets');
  }
  const hits = response.hits.hits;
  // A ticket without words (an empty body after masking) matches nothing, itself included.
  const own = hits.find((hit) => hit._id === query.ticketId)?._score;
  if (!own) return [];
  return hits.flatMap((hit): SimilarTicket[] => {
    if (hit._id === query.ticketId || hit._source === undefined) return [];
    const similarity = Math.min(1, Math.round(((hit._score ?? 0) / own) * 100) / 100);
    return similarity >= query.minSimilarity ? [{ doc: hit._source, similarity }] : [];
  }).slice(0, query.limit);
}

/** At most this many merged tickets are listed under their master; more would be an incident, not duplicates. */
const MAX_MERGED_LISTED = 100;

/**
 * The tickets merged into this one (并单), earliest received first, with their total: whoever handles the master
 * answers their citizens too.
 */
export async function ticketsMergedInto(client: Client, names: IndexNames, ticketId: string): Promise<{ total: number; tickets: TicketReadDocument[] }> {
  try {
    const response = await client.search<TicketReadDocument>({
      index: names.ticketsAlias,
      query: { bool: { filter: [{ term: { mergedInto: ticketId } }, { term: { status: 'merged' } }] } },
      sort: [{ receivedAt: { order: 'asc' } }, { ticketId: { order: 'asc' } }],
      size: MAX_MERGED_LISTED,
      track_total_hits: true,
      _source: { excludes: TICKET_SOURCE_EXCLUDES },
    });
    return { total: totalOf(response.hits), tickets: sourcesOf(response.hits) };
  } catch (err) {
    throw toStoreError(err, 'merged tickets');
  }
}
