import type { Client, estypes } from '@elastic/elasticsearch';
import { toStoreError } from './errors.ts';
import type { IndexNames } from './indices.ts';

/** What the rates are grouped by (三率 per department, district, category), or one row for everything. */
export type RateGrouping = 'department' | 'district' | 'category' | 'all';

const GROUP_FIELDS: Record<Exclude<RateGrouping, 'all'>, string> = {
  department: 'department.id',
  district: 'location.resolved.district',
  category: 'classification.category',
};

export interface RateRow {
  key: string;
  /** Tickets dispatched to a department (派单) and received in the period; merged duplicates excluded. */
  dispatched: number;
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
  onTimeSignForRate: number | null;
  onTimeFirstContactRate: number | null;
  onTimeResolutionRate: number | null;
  /** The command center's, not the department's: 回访 made by their deadline. */
  onTimeFollowUpRate: number | null;
  returnRate: number | null;
  reHandlingRate: number | null;
  /** The numerators and denominators behind each rate, so a figure can always be checked. */
  counts: Record<string, number>;
}

/**
 * The rates, computed with Elasticsearch aggregations over the ticket index (definitions in docs/metrics.md).
 * `asOf` is the instant still-open tickets are judged at: one whose deadline has passed counts as late.
 */
export async function computeRates(
  client: Client,
  indices: IndexNames,
  query: { from?: string; to?: string; asOf: string; groupBy: RateGrouping },
): Promise<RateRow[]> {
  const past = (field: string) => ({ range: { [field]: { lt: query.asOf } } });
  const has = (field: string) => ({ exists: { field } });
  const not = (clause: estypes.QueryDslQueryContainer) => ({ bool: { must_not: [clause] } });
  // Resolved (again, after 重办 too) and still not called back by the 回访 deadline.
  const waitingPastFollowUp = { bool: { filter: [{ term: { status: 'resolved' } }, past('sla.followUpBy')] } };
  const filters: Record<string, estypes.QueryDslQueryContainer> = {
    responded: { bool: { should: [has('handling.firstReplyAt'), has('handling.resolvedAt')], minimum_should_match: 1 } },
    signForJudged: { bool: { should: [has('handling.signedForAt'), { bool: { filter: [not(has('handling.signedForAt')), past('sla.signForBy')] } }], minimum_should_match: 1 } },
    signedForOnTime: { term: { 'handling.signedForOnTime': true } },
    firstContactJudged: { bool: { should: [has('handling.firstContactAt'), { bool: { filter: [not(has('handling.firstContactAt')), past('sla.firstContactBy')] } }], minimum_should_match: 1 } },
    firstContactOnTime: { term: { 'handling.firstContactOnTime': true } },
    resolveJudged: { bool: { should: [has('handling.resolvedAt'), { bool: { filter: [not(has('handling.resolvedAt')), past('sla.resolveBy')] } }], minimum_should_match: 1 } },
    resolvedOnTime: { term: { 'handling.resolvedOnTime': true } },
    followUpJudged: { bool: { should: [has('handling.followedUpOnTime'), waitingPastFollowUp], minimum_should_match: 1 } },
    followedUpOnTime: { bool: { filter: [{ term: { 'handling.followedUpOnTime': true } }], must_not: [waitingPastFollowUp] } },
    followedUp: has('lastFollowUp.satisfaction'),
    followUpResolved: { term: { 'lastFollowUp.resolved': true } },
    satisfied: { terms: { 'lastFollowUp.satisfaction': ['satisfied', 'basically_satisfied'] } },
    returned: { range: { 'returns.count': { gte: 1 } } },
    reopened: { range: { reopenCount: { gte: 1 } } },
  };
  const perGroup = { counts: { filters: { filters } } };
  const population: estypes.QueryDslQueryContainer = {
    bool: {
      filter: [has('department.id'), ...(query.from || query.to ? [{ range: { receivedAt: { ...(query.from ? { gte: query.from } : {}), ...(query.to ? { lt: query.to } : {}) } } }] : [])],
      must_not: [{ term: { status: 'merged' } }],
    },
  };

  let response: estypes.SearchResponse;
  try {
    response = await client.search({
      index: indices.ticketsAlias,
      size: 0,
      query: population,
      aggs: query.groupBy === 'all' ? perGroup : { groups: { terms: { field: GROUP_FIELDS[query.groupBy], size: 1_000, missing: '(未知)' }, aggs: perGroup } },
    });
  } catch (err) {
    throw toStoreError(err, 'rates aggregation');
  }

  type Buckets = { counts: { buckets: Record<string, { doc_count: number }> } };
  const rows: Array<{ key: string; total: number; aggs: Buckets }> = query.groupBy === 'all'
    ? [{ key: 'all', total: typeof response.hits.total === 'number' ? response.hits.total : response.hits.total?.value ?? 0, aggs: response.aggregations as unknown as Buckets }]
    : ((response.aggregations?.groups as { buckets: Array<{ key: string; doc_count: number } & Buckets> }).buckets ?? []).map((bucket) => ({ key: String(bucket.key), total: bucket.doc_count, aggs: bucket }));

  return rows.map(({ key, total, aggs }) => {
    const count = (name: string) => aggs.counts.buckets[name]?.doc_count ?? 0;
    const rate = (numerator: number, denominator: number) => (denominator === 0 ? null : numerator / denominator);
    const counts = { dispatched: total, ...Object.fromEntries(Object.keys(filters).map((name) => [name, count(name)])) };
    return {
      key,
      dispatched: total,
      responseRate: rate(count('responded'), total),
      resolutionRate: rate(count('followUpResolved'), count('followedUp')),
      satisfactionRate: rate(count('satisfied'), count('followedUp')),
      onTimeSignForRate: rate(count('signedForOnTime'), count('signForJudged')),
      onTimeFirstContactRate: rate(count('firstContactOnTime'), count('firstContactJudged')),
      onTimeResolutionRate: rate(count('resolvedOnTime'), count('resolveJudged')),
      onTimeFollowUpRate: rate(count('followedUpOnTime'), count('followUpJudged')),
      returnRate: rate(count('returned'), total),
      reHandlingRate: rate(count('reopened'), count('followedUp')),
      counts,
    };
  });
}
