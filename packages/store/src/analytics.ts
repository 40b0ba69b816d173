import type { Client, estypes } from '@elastic/elasticsearch';
import { HotlineError } from '@hotline/contracts';
import { toStoreError } from './errors.ts';
import type { IndexNames } from './indices.ts';
import { dateRange, departmentScopeFilter, HOTLINE_TIME_ZONE, parseInstant, termsFilter } from './search.ts';

type Query = estypes.QueryDslQueryContainer;
type Aggregations = Record<string, estypes.AggregationsAggregationContainer>;

const invalid = (message: string) => new HotlineError('VALIDATION_FAILED', message, { retriable: false });

export type TrendInterval = 'day' | 'week' | 'month';

export interface TrendQuery {
  /** Bounds on receivedAt: `from` inclusive, `to` exclusive; a date or an offset-less date-time is Asia/Shanghai time. */
  from?: string;
  to?: string;
  interval: TrendInterval;
  category?: string[];
  district?: string[];
  departmentScope?: string;
}

export interface TrendBucket {
  /** The first day of the bucket in Asia/Shanghai, YYYY-MM-DD (weeks start on Monday). */
  date: string;
  total: number;
  /** Tickets per top-level category; tickets not (yet) classified count only in `total`. */
  byCategory: Record<string, number>;
}

export interface Hotspot {
  dimension: 'place' | 'category';
  /** A category, a district, or `district street` (e.g. `A3区 新华街道`) when the street is known. */
  key: string;
  /** Tickets received in the recent window. */
  recent: number;
  /** The count expected in a window as long as the recent one, from the baseline window (2 decimals). */
  baseline: number;
  /** (recent + 1) / (baseline + 1), 2 decimals. */
  ratio: number;
  /** Places only: the category with most tickets there in the recent window. */
  topCategory?: string;
  /** Places only: the parts of `key`. */
  district?: string;
  street?: string;
}

/** Most buckets a trend may ask for: the chart cannot show more, and each one carries a category breakdown. */
export const MAX_TREND_BUCKETS = 1_000;
const APPROX_INTERVAL_MS: Record<TrendInterval, number> = { day: 86_400_000, week: 7 * 86_400_000, month: 28 * 86_400_000 };
/** How many keys per dimension the hotspot scan considers (the most recent tickets first). */
const HOTSPOT_KEYS = 1_000;
const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/**
 * Tickets received per day, week or month (Asia/Shanghai calendar), with a per-category breakdown. Empty buckets
 * inside the range are included so a chart has no gaps: within `[from, to)` when given, else between the first and
 * the last ticket found.
 */
export async function ticketTrends(client: Client, names: IndexNames, query: TrendQuery): Promise<{ interval: TrendInterval; buckets: TrendBucket[] }> {
  const min = query.from === undefined ? undefined : parseInstant(query.from, 'from');
  // The bound is inclusive for the histogram, exclusive for the query.
  const max = query.to === undefined ? undefined : parseInstant(query.to, 'to') - 1;
  if (min !== undefined && max !== undefined && (max - min) / APPROX_INTERVAL_MS[query.interval] > MAX_TREND_BUCKETS) {
    throw invalid(`from..to: more than ${MAX_TREND_BUCKETS} ${query.interval} buckets; use a longer interval or a shorter range`);
  }
  const filter: Query[] = [
    ...dateRange('receivedAt', query.from, query.to),
    ...termsFilter('classification.category', query.category),
    ...termsFilter('location.resolved.district', query.district),
    ...departmentScopeFilter(query.departmentScope),
  ];
  const bounds = min === undefined && max === undefined ? {} : { extended_bounds: { ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) } };

  let response: estypes.SearchResponse;
  try {
    response = await client.search({
      index: names.ticketsAlias,
      size: 0,
      query: { bool: { filter } },
      aggs: {
        histogram: {
          date_histogram: {
            field: 'receivedAt',
            calendar_interval: query.interval,
            time_zone: HOTLINE_TIME_ZONE,
            format: 'yyyy-MM-dd',
            min_doc_count: 0,
            ...bounds,
          } as estypes.AggregationsDateHistogramAggregation,
          aggs: { categories: { terms: { field: 'classification.category', size: 50 } } },
        },
      },
    });
  } catch (err) {
    throw toStoreError(err, 'ticket trends');
  }

  type Bucket = { key_as_string?: string; key: number; doc_count: number; categories: { buckets: Array<{ key: string; doc_count: number }> } };
  const buckets = (response.aggregations?.histogram as { buckets?: Bucket[] } | undefined)?.buckets ?? [];
  return {
    interval: query.interval,
    buckets: buckets.map((bucket) => ({
      date: bucket.key_as_string ?? new Date(bucket.key + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10),
      total: bucket.doc_count,
      byCategory: Object.fromEntries(bucket.categories.buckets.map((category) => [String(category.key), category.doc_count])),
    })),
  };
}

export interface HotspotQuery {
  now: Date;
  /** Length of the recent window, in days. */
  days?: number;
  /** Length of the baseline window just before it, in days. */
  baselineDays?: number;
  /** Fewer recent tickets than this is never a hotspot, however low the baseline. */
  minRecent?: number;
  limit?: number;
}

/** Per key: all tickets in both windows, and those in the recent one (baseline = total − recent). */
function perKey(field: string, recentWindow: Query, minCount: number, withTopCategory: boolean): estypes.AggregationsAggregationContainer {
  return {
    // Ordered by the recent count so the keys that can be hotspots are the ones kept; a key needs at least
    // minRecent tickets in both windows together to have minRecent in the recent one.
    terms: { field, size: HOTSPOT_KEYS, min_doc_count: minCount, order: [{ recent: 'desc' }, { _key: 'asc' }] },
    aggs: {
      recent: {
        filter: recentWindow,
        ...(withTopCategory ? { aggs: { topCategory: { terms: { field: 'classification.category', size: 1 } } } } : {}),
      },
    },
  };
}

type KeyBucket = { key: string; doc_count: number; recent: { doc_count: number; topCategory?: { buckets: Array<{ key: string }> } } };
type Counted = { key: string; total: number; recent: number; topCategory?: string };

function counted(buckets: KeyBucket[] | undefined): Counted[] {
  return (buckets ?? []).map((bucket) => {
    const topCategory = bucket.recent.topCategory?.buckets[0]?.key;
    return { key: String(bucket.key), total: bucket.doc_count, recent: bucket.recent.doc_count, ...(topCategory === undefined ? {} : { topCategory: String(topCategory) }) };
  });
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * Places and categories whose ticket count in the recent window `[now − days, now)` is well above what the
 * baseline window `[now − days − baselineDays, now − days)` predicts for a window that long.
 *
 * A place is the resolved street (with its district), or the district when no street was resolved; tickets with
 * neither are not placed. baselineScaled = baselineCount × days / baselineDays; ratio = (recent + 1) /
 * (baselineScaled + 1) (the +1 keeps a new place with no history from dividing by zero and damps tiny counts).
 * Kept: recent ≥ minRecent and ratio > 1. Spike strength = ratio × ln(recent + 1): a tripling from 30 to 90 outranks
 * one from 1 to 3. Both dimensions are ranked together, the strongest `limit` returned.
 *
 * The baseline counts only the days the index has tickets for: when its first ticket came in after the baseline
 * window began (a system in its first weeks, the demo's 30 days against 7 + 28), baselineDays is cut to the days
 * from that ticket's Shanghai day to the recent window. Counting the days before it as quiet made every category of
 * the demo a "hotspot" at 1.4×. With less than a day of history before the recent window there is nothing to
 * compare with, and no hotspot.
 */
export async function hotspots(client: Client, names: IndexNames, query: HotspotQuery): Promise<Hotspot[]> {
  const days = query.days ?? 7;
  const baselineDays = query.baselineDays ?? 28;
  const minRecent = query.minRecent ?? 3;
  const limit = query.limit ?? 20;
  if (!(days > 0) || !(baselineDays > 0)) throw invalid(`days and baselineDays must be positive, got ${days} and ${baselineDays}`);
  if (!Number.isInteger(limit) || limit < 1) throw invalid(`limit: a whole number from 1, got ${limit}`);
  const now = query.now.getTime();
  if (Number.isNaN(now)) throw invalid('now: not a valid date');
  const recentStart = new Date(now - days * DAY_MS).toISOString();
  const baselineStart = new Date(now - (days + baselineDays) * DAY_MS).toISOString();
  const end = new Date(now).toISOString();
  const recentWindow: Query = { range: { receivedAt: { gte: recentStart, lt: end } } };
  const minCount = Math.max(1, Math.ceil(minRecent));
  const street = 'location.resolved.street';
  const district = 'location.resolved.district';

  const aggs: Aggregations = {
    streets: {
      filter: { exists: { field: street } },
      aggs: { districts: { terms: { field: district, size: HOTSPOT_KEYS, missing: '' }, aggs: { places: perKey(street, recentWindow, minCount, true) } } },
    },
    districts: { filter: { bool: { must_not: [{ exists: { field: street } }] } }, aggs: { places: perKey(district, recentWindow, minCount, true) } },
    categories: perKey('classification.category', recentWindow, minCount, false),
  };

  let response: estypes.SearchResponse;
  try {
    response = await client.search({
      index: names.ticketsAlias,
      size: 0,
      query: { bool: { filter: [{ range: { receivedAt: { gte: baselineStart, lt: end } } }] } },
      // The index's first ticket, whatever the windows: where its history begins.
      aggs: { ...aggs, history: { global: {}, aggs: { first: { min: { field: 'receivedAt' } } } } },
    });
  } catch (err) {
    throw toStoreError(err, 'hotspots');
  }

  type Streets = { districts: { buckets: Array<{ key: string; places: { buckets: KeyBucket[] } }> } };
  const result = response.aggregations as unknown as {
    streets: Streets; districts: { places: { buckets: KeyBucket[] } }; categories: { buckets: KeyBucket[] }; history: { first: { value: number | null } };
  };
  const first = result.history.first.value;
  const historyStart = first === null ? now : Math.floor((first + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS;
  const baselineSpan = Math.min(baselineDays, (now - days * DAY_MS - historyStart) / DAY_MS);
  if (baselineSpan < 1) return [];
  const places: Array<Counted & { district?: string; street?: string }> = [
    ...result.streets.districts.buckets.flatMap((bucket) =>
      counted(bucket.places.buckets).map((row) => ({
        ...row,
        key: bucket.key === '' ? row.key : `${bucket.key} ${row.key}`,
        ...(bucket.key === '' ? {} : { district: String(bucket.key) }),
        street: row.key,
      }))),
    ...counted(result.districts.places.buckets).map((row) => ({ ...row, district: row.key })),
  ];

  const score = (row: Counted) => {
    const baseline = ((row.total - row.recent) * days) / baselineSpan;
    const ratio = (row.recent + 1) / (baseline + 1);
    return { baseline, ratio, strength: ratio * Math.log(row.recent + 1) };
  };
  const rows = [
    ...places.map((row) => ({ dimension: 'place' as const, row })),
    ...counted(result.categories.buckets).map((row) => ({ dimension: 'category' as const, row })),
  ]
    .map((entry) => ({ ...entry, ...score(entry.row) }))
    .filter((entry) => entry.row.recent >= minRecent && entry.ratio > 1)
    .sort((a, b) => b.strength - a.strength || b.row.recent - a.row.recent || a.row.key.localeCompare(b.row.key));

  return rows.slice(0, limit).map(({ dimension, row, baseline, ratio }) => {
    const { total: _total, recent, key, ...rest } = row;
    return { dimension, key, recent, baseline: round2(baseline), ratio: round2(ratio), ...rest };
  });
}
