export { createElasticsearch, waitForClusterHealth } from './client.ts';
export { toStoreError } from './errors.ts';
export { indexNames, installIndices, TICKET_MAPPINGS, EVENT_MAPPINGS, type IndexNames } from './indices.ts';
export { createTicketRepository, type EventRecord, type StoredTicket, type TicketRepository, type TicketWrite } from './ticket-repository.ts';
export { computeRates, type RateGrouping, type RateRow } from './rates.ts';
