export { bulkRequest, createElasticsearch, ndjsonBody, waitForClusterHealth } from './client.ts';
export { toStoreError } from './errors.ts';
export { countTicketsProjectedBeforeFirstContact, createTicketsIndexForLoad, indexNames, installIndices, promoteTicketsIndex, TICKET_MAPPINGS, EVENT_MAPPINGS, type IndexNames } from './indices.ts';
export { auditRecord, createTicketRepository, type EventRecord, type StoredTicket, type TicketRepository, type TicketWrite } from './ticket-repository.ts';
export { computeRates, type RateGrouping, type RateRow } from './rates.ts';
export {
  getTicketHistory,
  liveTickets,
  MAX_PAGE_SIZE,
  MAX_QUERY_WORDS,
  MAX_RESULT_WINDOW,
  mergeAdjacentMarks,
  searchTickets,
  slaBoard,
  triageQueue,
  workQueue,
  WORK_QUEUES,
  type FacetBucket,
  type FacetName,
  type HistoryEntry,
  type SearchOptions,
  type TicketHit,
  type TicketQuery,
  type TicketReadDocument,
  type TicketSearchResult,
  type WorkQueue,
} from './search.ts';
export { similarTickets, ticketsMergedInto, type SimilarTicket, type SimilarTicketsQuery } from './similar.ts';
export { hotspots, ticketTrends, MAX_TREND_BUCKETS, type Hotspot, type HotspotQuery, type TrendBucket, type TrendInterval, type TrendQuery } from './analytics.ts';
