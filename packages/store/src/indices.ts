import type { Client } from '@elastic/elasticsearch';
import type { estypes } from '@elastic/elasticsearch';
import { INDEX_ALIASES } from '@hotline/contracts';

/**
 * Index names. Everything lives behind aliases so the ticket index can be rebuilt from the event log into a new
 * index and swapped in. A prefix keeps test runs (and side-by-side rebuilds) apart.
 */
export interface IndexNames {
  ticketsAlias: string;
  ticketsIndex: string;
  eventsAlias: string;
  eventsIndex: string;
}

export function indexNames(prefix = '', generation = 1): IndexNames {
  return {
    ticketsAlias: `${prefix}${INDEX_ALIASES.tickets}`,
    ticketsIndex: `${prefix}${INDEX_ALIASES.tickets}-v${generation}`,
    eventsAlias: `${prefix}${INDEX_ALIASES.ticketEvents}`,
    eventsIndex: `${prefix}${INDEX_ALIASES.ticketEvents}-v${generation}`,
  };
}

const keyword = { type: 'keyword' } as const;
const date = { type: 'date' } as const;
/** Chinese text: jieba tokens analysed on whitespace (the minimal distribution has no analysis-common). */
const tokens = { type: 'text', analyzer: 'whitespace' } as const;
/** The original text, standard-analysed (single CJK characters), for highlighting and character-level recall. */
const text = { type: 'text', analyzer: 'standard' } as const;
const stored = { type: 'object', enabled: false } as const;
const departmentRef = { properties: { id: keyword, name: keyword } } as const;

export const TICKET_MAPPINGS: estypes.MappingTypeMapping = {
  dynamic: 'strict',
  properties: {
    ticketId: keyword,
    channel: keyword,
    sourceId: keyword,
    kind: keyword,
    receivedAt: date,
    title: text,
    titleTokens: tokens,
    body: text,
    bodyTokens: tokens,
    location: {
      properties: {
        given: {
          properties: {
            address: text,
            district: keyword,
            street: keyword,
            lat: { type: 'float' },
            lon: { type: 'float' },
          },
        },
        resolved: { properties: { district: keyword, street: keyword, matched: keyword, source: keyword } },
      },
    },
    attachments: stored,
    extra: stored,
    status: keyword,
    priority: keyword,
    urgencyReasons: keyword,
    classification: {
      properties: {
        category: keyword,
        confidence: { type: 'float' },
        alternatives: stored,
        modelVersion: keyword,
      },
    },
    fineCategory: { properties: { level2: keyword, level3: keyword, path: keyword, matchedPhrases: keyword } },
    department: departmentRef,
    coDepartments: departmentRef,
    routingRule: { properties: { id: keyword, description: { type: 'keyword', index: false } } },
    manualTriage: { properties: { code: keyword, message: { type: 'keyword', index: false }, suggestions: stored } },
    sla: {
      properties: {
        startAt: date,
        signForBy: date,
        firstContactBy: date,
        resolveBy: date,
        signForWarnAt: date,
        firstContactWarnAt: date,
        resolveWarnAt: date,
        followUpBy: date,
        followUpWarnAt: date,
        clocks: stored,
        warnings: { type: 'keyword', index: false },
      },
    },
    slaState: { properties: { signFor: keyword, firstContact: keyword, resolve: keyword, followUp: keyword } },
    slaLight: keyword,
    complex: { type: 'boolean' },
    handling: {
      properties: {
        signedForAt: date,
        signedForOnTime: { type: 'boolean' },
        resolvedOnTime: { type: 'boolean' },
        firstContactAt: date,
        firstContactMethod: keyword,
        firstContactOnTime: { type: 'boolean' },
        firstReplyAt: date,
        lastReply: text,
        resolvedAt: date,
        resolution: text,
        closedAt: date,
        followedUpOnTime: { type: 'boolean' },
      },
    },
    returns: {
      properties: {
        count: { type: 'integer' },
        rejectedCount: { type: 'integer' },
        last: { properties: { reason: keyword, note: { type: 'text', index: false }, departmentId: keyword, at: date } },
      },
    },
    extension: {
      properties: {
        pending: { properties: { amount: keyword, reason: { type: 'text', index: false }, requestedAt: date } },
        approved: { properties: { amount: keyword, at: date } },
      },
    },
    escalationLevel: { type: 'integer' },
    followUps: { properties: { at: date, resolved: { type: 'boolean' }, satisfaction: keyword } },
    lastFollowUp: { properties: { resolved: { type: 'boolean' }, satisfaction: keyword } },
    reopenCount: { type: 'integer' },
    mergedInto: keyword,
    version: { type: 'integer' },
    createdAt: date,
    updatedAt: date,
    log: { properties: { partition: { type: 'integer' }, offset: { type: 'long' } } },
    appliedEventIds: { type: 'keyword', index: false },
    restricted: stored,
  },
};

/**
 * A field kept in doc values only: sortable and still queryable (more slowly), but with no index structure to build
 * for every document. The audit trail is read by ticket id and sorted by time and offset.
 */
function docValuesOnly<T extends object>(field: T): T & { index: false } {
  return { ...field, index: false };
}

/** The audit trail: every event as it was applied, one document per event id. */
export const EVENT_MAPPINGS: estypes.MappingTypeMapping = {
  dynamic: 'strict',
  properties: {
    eventId: docValuesOnly(keyword),
    ticketId: keyword,
    type: docValuesOnly(keyword),
    occurredAt: docValuesOnly(date),
    producedBy: docValuesOnly(keyword),
    log: { properties: { partition: docValuesOnly({ type: 'integer' }), offset: docValuesOnly({ type: 'long' }) } },
    /** What the projection did with it: applied, or why not. */
    outcome: docValuesOnly(keyword),
    payload: stored,
  },
};

/**
 * How long a written ticket may wait to become searchable. Half a second took the p99 from intake to searchable at
 * 50 msg/s from about 1.15 s to 0.7 s, at no cost in throughput the pipeline bench could measure. The audit index
 * refreshes only while someone reads it (below).
 */
const TICKETS_REFRESH_INTERVAL = '500ms';

/**
 * Installs the index templates and creates the first generation of each index behind its alias, once.
 * Idempotent: safe for every tracker instance to call at start-up.
 */
export async function installIndices(client: Client, names: IndexNames, options: { shards?: number } = {}): Promise<void> {
  const settings = { number_of_shards: options.shards ?? 1, number_of_replicas: 0 };
  const prefix = names.ticketsAlias.slice(0, names.ticketsAlias.length - INDEX_ALIASES.tickets.length);
  await client.indices.putIndexTemplate({
    name: `${prefix}hotline-tickets`,
    index_patterns: [`${names.ticketsAlias}-v*`],
    template: { settings: { ...settings, refresh_interval: TICKETS_REFRESH_INTERVAL }, mappings: TICKET_MAPPINGS },
  });
  await client.indices.putIndexTemplate({
    name: `${prefix}hotline-ticket-events`,
    index_patterns: [`${names.eventsAlias}-v*`],
    // No refresh_interval on purpose: left unset, Elasticsearch stops refreshing a shard nobody has searched for 30 s
    // (search idle), and the next search waits for one refresh, so a ticket's history still shows every event written
    // before it was asked for. The audit trail is written three times per ticket and read rarely.
    template: { settings, mappings: EVENT_MAPPINGS },
  });
  for (const [alias, index] of [[names.ticketsAlias, names.ticketsIndex], [names.eventsAlias, names.eventsIndex]] as const) {
    if (await client.indices.existsAlias({ name: alias })) continue;
    try {
      await client.indices.create({ index, aliases: { [alias]: { is_write_index: true } } });
    } catch (err) {
      // Another instance created it between the check and the create.
      if (!String((err as { message?: string }).message).includes('resource_already_exists_exception')) throw err;
    }
  }
  // Fields added since the serving indices were created reach them too (the mappings are strict), so an upgrade that
  // only adds fields needs no rebuild; a changed field type is refused here and does need `scripts/rebuild`.
  await client.indices.putMapping({ index: names.ticketsAlias, ...TICKET_MAPPINGS });
  await client.indices.putMapping({ index: names.eventsAlias, ...EVENT_MAPPINGS });
}

/**
 * Tickets whose documents were projected before the projection recorded first contacts (先行联系) and 回访 clocks:
 * handled (a 答复 or 办结) but without `handling.firstContactAt`, which every 答复 and 办结 now sets. Their rates and
 * clocks are right only after `scripts/rebuild` folds them again.
 */
export async function countTicketsProjectedBeforeFirstContact(client: Client, names: IndexNames): Promise<number> {
  const response = await client.count({
    index: names.ticketsAlias,
    query: {
      bool: {
        should: [{ exists: { field: 'handling.firstReplyAt' } }, { exists: { field: 'handling.resolvedAt' } }],
        minimum_should_match: 1,
        must_not: [{ exists: { field: 'handling.firstContactAt' } }],
      },
    },
  });
  return response.count;
}

/** Settings for a bulk load into an index nobody searches yet: no refreshes, no fsync per request. */
const LOAD_SETTINGS = { refresh_interval: '-1', 'translog.durability': 'async' } as const;
const SERVING_SETTINGS = { refresh_interval: TICKETS_REFRESH_INTERVAL, 'translog.durability': 'request' } as const;

/**
 * A new generation of the ticket index beside the one the alias serves (mappings from the template), set up for a
 * bulk load; `promoteTicketsIndex` serves it. Named `<alias>-v<time>` so generations sort by age.
 */
export async function createTicketsIndexForLoad(client: Client, names: IndexNames, now = new Date()): Promise<string> {
  const index = `${names.ticketsAlias}-v${now.getTime()}`;
  await client.indices.create({ index, settings: { index: LOAD_SETTINGS } });
  return index;
}

/**
 * Serves a loaded ticket index: settings back to serving, one refresh, then the alias moves to it in one atomic
 * step; the generations it served before are deleted unless kept. Returns their names.
 */
export async function promoteTicketsIndex(client: Client, names: IndexNames, index: string, options: { keepPrevious?: boolean } = {}): Promise<string[]> {
  await client.indices.putSettings({ index, settings: { index: SERVING_SETTINGS } });
  await client.indices.refresh({ index });
  const previous = Object.keys(await client.indices.getAlias({ name: names.ticketsAlias }).catch(() => ({}))).filter((name) => name !== index);
  await client.indices.updateAliases({
    actions: [
      ...previous.map((name) => ({ remove: { index: name, alias: names.ticketsAlias } })),
      { add: { index, alias: names.ticketsAlias, is_write_index: true } },
    ],
  });
  if (!options.keepPrevious && previous.length > 0) await client.indices.delete({ index: previous });
  return previous;
}
