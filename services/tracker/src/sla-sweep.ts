import type { Client, estypes } from '@elastic/elasticsearch';
import { eventIdFor, SLA_CLOCKS, type SlaBreached, type SlaClockName, type SlaWarning, type TicketDocument, type TopicNames } from '@hotline/contracts';
import type { Producer } from '@hotline/kafka';
import { RUNNING_CLOCKS } from '@hotline/lifecycle';
import type { Logger, Metrics } from '@hotline/runtime';
import { toStoreError, type IndexNames } from '@hotline/store';


/** Where a clock runs (`isClockRunning` of the lifecycle, as a query): first contact stops without a status change. */
function runningQuery(clock: SlaClockName): { filter: estypes.QueryDslQueryContainer[]; must_not: estypes.QueryDslQueryContainer[] } {
  return {
    filter: [{ terms: { status: [...RUNNING_CLOCKS[clock]] } }],
    must_not: clock === 'firstContact' ? [{ exists: { field: 'handling.firstContactAt' } }] : [],
  };
}

/**
 * The SLA sweep: finds, with range queries on the stored deadlines (no scripts), the tickets whose running clocks
 * passed their yellow point or their deadline and have no notice yet, and appends SlaWarning / SlaBreached events
 * to their log (the tracker turns them into the light) and to the alerts topic. Event ids come from the ticket, the
 * clock and the deadline, so a sweep repeated after a restart, or by two trackers, changes nothing twice.
 */
export function createSlaSweep(deps: { elasticsearch: Client; indices: IndexNames; producer: Producer; topics: TopicNames; logger: Logger; metrics: Metrics }) {
  const log = deps.logger.child({ module: 'sla-sweep' });
  const emitted = deps.metrics.counter('hotline_sla_notices_total', 'SLA notices emitted, by clock and kind');

  async function find(query: estypes.QueryDslQueryContainer): Promise<TicketDocument[]> {
    const found: TicketDocument[] = [];
    let after: estypes.SortResults | undefined;
    for (;;) {
      let page: estypes.SearchResponse<TicketDocument>;
      try {
        page = await deps.elasticsearch.search<TicketDocument>({
          index: deps.indices.ticketsAlias,
          size: 1_000,
          sort: [{ ticketId: 'asc' }],
          _source: ['ticketId', 'department', 'sla.clocks'],
          query,
          ...(after ? { search_after: after } : {}),
        });
      } catch (err) {
        throw toStoreError(err, 'SLA sweep search');
      }
      found.push(...page.hits.hits.map((hit) => hit._source!));
      if (page.hits.hits.length < 1_000) return found;
      after = page.hits.hits.at(-1)!.sort;
    }
  }

  return {
    /** One pass at `now`; returns how many notices it emitted. */
    async sweep(now: Date): Promise<{ warnings: number; breaches: number }> {
      const at = now.toISOString();
      const notices: Array<SlaWarning | SlaBreached> = [];
      for (const clock of SLA_CLOCKS) {
        const running = runningQuery(clock);
        const breached = await find({
          bool: { filter: [...running.filter, { range: { [`sla.${clock}By`]: { lte: at } } }], must_not: [...running.must_not, { term: { [`slaState.${clock}`]: 'red' } }] },
        });
        const warned = await find({
          bool: {
            filter: [...running.filter, { range: { [`sla.${clock}WarnAt`]: { lte: at } } }, { range: { [`sla.${clock}By`]: { gt: at } } }],
            must_not: [...running.must_not, { exists: { field: `slaState.${clock}` } }],
          },
        });
        for (const [type, docs] of [['SlaBreached', breached], ['SlaWarning', warned]] as const) {
          for (const doc of docs) {
            const due = doc.sla?.clocks[clock]?.due;
            if (!due) continue;
            notices.push({
              type,
              eventId: eventIdFor(doc.ticketId, type, clock, due),
              ticketId: doc.ticketId,
              occurredAt: at,
              producedBy: 'tracker:sla-sweep',
              clock,
              due,
              // 回访 is the command center's clock: its notices are not the department's.
              ...(doc.department && clock !== 'followUp' ? { departmentId: doc.department.id } : {}),
            });
            emitted.inc({ clock, kind: type });
          }
        }
      }
      const counts = {
        warnings: notices.filter((notice) => notice.type === 'SlaWarning').length,
        breaches: notices.filter((notice) => notice.type === 'SlaBreached').length,
      };
      if (notices.length > 0) {
        await deps.producer.sendBatch({
          acks: -1,
          topicMessages: [
            { topic: deps.topics.ticketEvents, messages: notices.map((notice) => ({ key: notice.ticketId, value: JSON.stringify(notice), headers: { 'event-type': notice.type } })) },
            { topic: deps.topics.slaAlerts, messages: notices.map((notice) => ({ key: notice.departmentId ?? (notice.clock === 'followUp' ? 'command-center' : 'unrouted'), value: JSON.stringify(notice), headers: { 'event-type': notice.type } })) },
          ],
        });
        log.info(counts, 'SLA notices emitted');
      }
      return counts;
    },
  };
}
