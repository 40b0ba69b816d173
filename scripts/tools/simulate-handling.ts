// Gives the demo's history the handling a city's departments and command center would have given it by now, so that
// the analyst views (部门考核 rates, trends of closed tickets) and the SLA board have something true to show.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { prefixedTopics, type TicketCommandApplied, type TicketDocument } from '@hotline/contracts';
import { connectProducer, createKafka, sendRetrying } from '@hotline/kafka';
import { createCalendar, loadSlaConfig } from '@hotline/sla';
import { createElasticsearch, indexNames } from '@hotline/store';
import { createProjectionContext } from '../../services/tracker/src/projection-context.ts';
import { awaitsFirstStep, planHandling } from './handling-plan.ts';
import { progressBar } from './progress.ts';

const { values } = parseArgs({
  options: {
    brokers: { type: 'string', default: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092' },
    elasticsearch: { type: 'string', default: process.env.ELASTICSEARCH_URL ?? 'http://127.0.0.1:9200' },
    'min-age-hours': { type: 'string', default: '1' },
    'wait-seconds': { type: 'string', default: '60' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(`usage: bash scripts/start runs this; by hand: node scripts/tools/simulate-handling.ts [--min-age-hours 1] [--wait-seconds 60]
  For a demo only, never on a real deployment. Every ticket received more than --min-age-hours ago that still
  waits for its department to sign for it (or in manual triage), and that nobody has acted on (no 退单, no 改派),
  gets the commands it would have had by now, at the times they would have happened: 派单, 签收 (late as often as
  its department is careless), sometimes 退单 and 延期, 答复, 办结, 回访, and 重办 after a dissatisfied 回访
  (scripts/tools/handling-plan.ts). The draws are fixed per ticket and per department. A second run acts only on
  tickets nobody has acted on (those whose first step has come due since, or whose commands were refused). Then
  it waits (up to --wait-seconds) for the tracker to project them. Environment: KAFKA_BROKERS, ELASTICSEARCH_URL,
  TOPIC_PREFIX, INDEX_PREFIX, CONFIG_DIR.`);
  process.exit(0);
}
const minAgeHours = Number(values['min-age-hours']);
const waitSeconds = Number(values['wait-seconds']);
if (!(minAgeHours >= 0) || !(waitSeconds >= 0)) throw new Error('--min-age-hours and --wait-seconds must be numbers ≥ 0');

const topics = prefixedTopics(process.env.TOPIC_PREFIX ?? '');
const indices = indexNames(process.env.INDEX_PREFIX ?? '');
const elasticsearch = createElasticsearch({ url: values.elasticsearch });
const sla = loadSlaConfig(process.env.CONFIG_DIR ?? fileURLToPath(new URL('../../config', import.meta.url)));
const context = createProjectionContext(sla, createCalendar(sla.holidays, { uncoveredYears: 'weekend-fallback' }));
const now = new Date();
/** Tickets received before this are old enough to have been handled. */
const cutoff = { range: { receivedAt: { lt: new Date(now.getTime() - minAgeHours * 3_600_000).toISOString() } } };

/** The tickets waiting for their first step that nobody has acted on, oldest first (paged through, however many). */
async function waitingTickets(): Promise<TicketDocument[]> {
  const tickets: TicketDocument[] = [];
  let after: Array<string | number> | undefined;
  for (;;) {
    const page = await elasticsearch.search<TicketDocument>({
      index: indices.ticketsAlias,
      size: 1_000,
      query: { bool: { filter: [{ terms: { status: ['routed', 'manual_triage'] } }, cutoff] } },
      sort: [{ receivedAt: 'asc' }, { ticketId: 'asc' }],
      ...(after ? { search_after: after } : {}),
    });
    for (const hit of page.hits.hits) if (hit._source && awaitsFirstStep(hit._source)) tickets.push(hit._source);
    const last = page.hits.hits.at(-1);
    if (!last?.sort || page.hits.hits.length < 1_000) return tickets;
    after = last.sort as Array<string | number>;
  }
}

// Tickets just sent (scripts/start sends the history right before) may still wait for triage's decision.
const undecided = async () => (await elasticsearch.count({ index: indices.ticketsAlias, query: { bool: { filter: [{ terms: { status: ['received', 'triaged'] } }, cutoff] } } })).count;
for (const until = Date.now() + waitSeconds * 1000; (await undecided()) > 0 && Date.now() < until; ) await new Promise((resolve) => setTimeout(resolve, 1_000));

const waiting = await waitingTickets();
const plans = waiting.map((doc) => ({ ticketId: doc.ticketId, ...planHandling(doc, now, context) })).filter((plan) => plan.events.length > 0);
const events = plans.flatMap((plan) => plan.events);
console.log(`${waiting.length} tickets older than ${minAgeHours} h that nobody has acted on wait for their department or in manual triage; ${plans.length} get ${events.length} commands`);
if (events.length === 0) process.exit(0);

// One ticket's events share its key, so they reach the tracker in order, each decided on the version before it.
const producer = await connectProducer(createKafka({ brokers: values.brokers.split(','), clientId: 'hotline-simulate-handling' }));
const sending = progressBar(`commands → ${topics.ticketEvents}`, events.length);
for (let sent = 0; sent < events.length; ) {
  const batch: TicketCommandApplied[] = events.slice(sent, sent + 500);
  await sendRetrying(producer, {
    topic: topics.ticketEvents,
    acks: -1,
    messages: batch.map((event) => ({ key: event.ticketId, value: JSON.stringify(event), headers: { 'event-type': event.type } })),
  });
  sent += batch.length;
  sending.update(sent);
}
sending.finish();
await producer.disconnect();

// Until the tracker shows each ticket at the version its plan ends on. A ticket whose document moved meanwhile (the
// SLA sweep escalated it) has its commands from then on refused as stale; one refused from its first command stays
// waiting, and the next run plans it again.
const expected = new Map(plans.map((plan) => [plan.ticketId, plan.doc.version]));
const projecting = progressBar('projected by the tracker', expected.size);
const deadline = Date.now() + waitSeconds * 1000;
let behind = [...expected.keys()];
while (behind.length > 0 && Date.now() < deadline) {
  const still: string[] = [];
  for (let i = 0; i < behind.length; i += 500) {
    const ids = behind.slice(i, i + 500);
    const response = await elasticsearch.mget<Pick<TicketDocument, 'version'>>({ index: indices.ticketsAlias, ids, _source_includes: ['version'] });
    for (const item of response.docs) {
      const version = 'found' in item && item.found ? item._source?.version ?? 0 : 0;
      if (version < (expected.get(item._id) ?? 0)) still.push(item._id);
    }
  }
  behind = still;
  projecting.update(expected.size - behind.length);
  if (behind.length > 0) await new Promise((resolve) => setTimeout(resolve, 1_000));
}
projecting.finish();

const final = plans.map((plan) => plan.doc);
const count = (test: (doc: TicketDocument) => boolean) => final.filter(test).length;
console.log([
  `signed for ${count((doc) => doc.handling?.signedForAt !== undefined)} (on time ${count((doc) => doc.handling?.signedForOnTime === true)})`,
  `resolved ${count((doc) => doc.handling?.resolvedAt !== undefined)} (on time ${count((doc) => doc.handling?.resolvedOnTime === true)})`,
  `followed up ${count((doc) => doc.lastFollowUp !== undefined)} (dissatisfied ${count((doc) => doc.lastFollowUp?.satisfaction === 'dissatisfied')})`,
  `returned ${count((doc) => (doc.returns?.count ?? 0) > 0)}, reopened ${count((doc) => (doc.reopenCount ?? 0) > 0)}, closed ${count((doc) => doc.status === 'closed')}`,
].join('; '));
if (behind.length > 0) {
  console.log(`${behind.length} tickets were not yet shown at their planned version after ${waitSeconds} s (the tracker is behind, or their document moved meanwhile); run again to plan them afresh`);
}
