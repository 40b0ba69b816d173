// Pipeline benchmark: intake → triaged and searchable in Elasticsearch, through the three services running as
// their own processes (as the stack runs them) on this machine's engines.
//   1. latency at a fixed rate (default 50 msg/s for 20 s): p50 / p90 / p99 per ticket, from the send to the
//      first search that finds the ticket triaged;
//   2. sustained throughput: N messages sent as fast as the producer goes, timed until the last one is triaged.
// Run with: bash scripts/bench pipeline [--rate 50] [--seconds 20] [--burst 10000]
import { parseArgs } from 'node:util';
import { ticketIdFor, type IntakeMessageInput, type TicketDocument } from '@hotline/contracts';
import { connectProducer, createKafka } from '@hotline/kafka';
import { createElasticsearch, indexNames } from '@hotline/store';
import { generateMessages } from '../tests/fixtures/citizen-messages.ts';
import { createRunTopics } from '../tests/support/pipeline.ts';
import { spawnService } from '../tests/support/processes.ts';

const { values } = parseArgs({ options: { rate: { type: 'string', default: '50' }, seconds: { type: 'string', default: '20' }, burst: { type: 'string', default: '10000' } } });
const kafkaBrokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const elasticsearchUrl = process.env.ELASTICSEARCH_URL ?? 'http://127.0.0.1:9200';
const runId = `bench-${Date.now().toString(36)}`;
const prefix = `${runId}.`;
const kafka = createKafka({ brokers: kafkaBrokers.split(','), clientId: runId });
const elasticsearch = createElasticsearch({ url: elasticsearchUrl });
const alias = indexNames(`${runId}-`).ticketsAlias;
const topics = await createRunTopics(kafka, prefix);
const env = { KAFKA_BROKERS: kafkaBrokers, ELASTICSEARCH_URL: elasticsearchUrl, TOPIC_PREFIX: prefix, INDEX_PREFIX: `${runId}-`, INGEST_GROUP_ID: `${prefix}ingest`, TRIAGE_GROUP_ID: `${prefix}triage`, TRACKER_GROUP_ID: `${prefix}tracker`, SLA_SWEEP_INTERVAL_MS: '3600000' };
const services = await Promise.all((['ingest', 'triage', 'tracker'] as const).map((name) => spawnService(name, env)));
await Promise.all(services.map((service) => service.ready()));
const producer = await connectProducer(kafka);

/** Polls Elasticsearch for triaged tickets among `pending`, recording when each was first found. */
async function watch(pending: Map<string, number>, seen: Map<string, number>, until: () => boolean) {
  while (!until()) {
    const ids = [...pending.keys()].filter((id) => !seen.has(id)).slice(0, 5_000);
    if (ids.length > 0) {
      const result = await elasticsearch.search<TicketDocument>({ index: alias, size: ids.length, _source: ['ticketId'], query: { bool: { filter: [{ ids: { values: ids } }, { terms: { status: ['routed', 'manual_triage'] } }] } } });
      const now = performance.now();
      for (const hit of result.hits.hits) if (!seen.has(hit._id!)) seen.set(hit._id!, now);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const idOf = (message: IntakeMessageInput) => ticketIdFor(message.channel, message.sourceId);

// 1. latency at a fixed rate
const rate = Number(values.rate);
const latencyMessages = generateMessages(rate * Number(values.seconds), { seed: 1, runTag: `${runId}-lat` });
const sentAt = new Map<string, number>();
const sentWallClock = new Map<string, number>();
const seen = new Map<string, number>();
const watching = watch(sentAt, seen, () => seen.size >= latencyMessages.length);
const start = performance.now();
for (const [index, message] of latencyMessages.entries()) {
  const due = start + (index / rate) * 1000;
  if (due > performance.now()) await new Promise((resolve) => setTimeout(resolve, due - performance.now()));
  sentAt.set(idOf(message), performance.now());
  sentWallClock.set(idOf(message), Date.now());
  await producer.send({ topic: topics.intake, acks: -1, messages: [{ value: JSON.stringify(message) }] });
}
await watching;
const latencies = [...seen].map(([id, at]) => at - sentAt.get(id)!).sort((a, b) => a - b);

// Where the time goes, per hop, from the events' own times: send → ingest decided (createdAt) → triage decided
// (updatedAt of the routed ticket) → found by a search (refresh included).
const hops = { ingest: [] as number[], triage: [] as number[], trackerAndRefresh: [] as number[] };
for (let i = 0; i < latencyMessages.length; i += 1_000) {
  const ids = latencyMessages.slice(i, i + 1_000).map(idOf);
  const page = await elasticsearch.search<TicketDocument>({ index: alias, size: ids.length, _source: ['ticketId', 'createdAt', 'updatedAt'], query: { ids: { values: ids } } });
  for (const hit of page.hits.hits) {
    const doc = hit._source!;
    const sent = sentWallClock.get(doc.ticketId)!;
    const found = sent + (seen.get(doc.ticketId)! - sentAt.get(doc.ticketId)!);
    hops.ingest.push(Date.parse(doc.createdAt) - sent);
    hops.triage.push(Date.parse(doc.updatedAt) - Date.parse(doc.createdAt));
    hops.trackerAndRefresh.push(found - Date.parse(doc.updatedAt));
  }
}
const hopMedians = Object.fromEntries(Object.entries(hops).map(([hop, values]) => [hop, Math.round(percentile(values.sort((a, b) => a - b), 50))]));

// 2. sustained throughput
const burst = generateMessages(Number(values.burst), { seed: 2, runTag: `${runId}-burst` });
const burstPending = new Map(burst.map((message) => [idOf(message), 0]));
const burstSeen = new Map<string, number>();
const burstStart = performance.now();
const burstWatch = watch(burstPending, burstSeen, () => burstSeen.size >= burst.length);
for (let i = 0; i < burst.length; i += 500) {
  await producer.send({ topic: topics.intake, acks: -1, messages: burst.slice(i, i + 500).map((message) => ({ value: JSON.stringify(message) })) });
}
const producedIn = performance.now() - burstStart;
await burstWatch;
const burstSeconds = (Math.max(...burstSeen.values()) - burstStart) / 1000;

await producer.disconnect();
await Promise.all(services.map((service) => service.kill('SIGTERM')));
await elasticsearch.indices.delete({ index: `${runId}-*` }).catch(() => undefined);

const result = {
  latencyAtRate: { rate, n: latencies.length, p50Ms: Math.round(percentile(latencies, 50)), p90Ms: Math.round(percentile(latencies, 90)), p99Ms: Math.round(percentile(latencies, 99)), maxMs: Math.round(latencies.at(-1) ?? NaN) },
  hopMediansMs: hopMedians,
  throughput: { n: burst.length, producedInSeconds: +(producedIn / 1000).toFixed(2), allTriagedInSeconds: +burstSeconds.toFixed(2), messagesPerSecond: Math.round(burst.length / burstSeconds) },
};
console.log(`intake → triaged and searchable at ${rate} msg/s: p50 ${result.latencyAtRate.p50Ms} ms, p90 ${result.latencyAtRate.p90Ms} ms, p99 ${result.latencyAtRate.p99Ms} ms (n=${latencies.length})`);
console.log(`median per hop: send → ingest ${hopMedians.ingest} ms, ingest → triage ${hopMedians.triage} ms, triage → searchable ${hopMedians.trackerAndRefresh} ms`);
console.log(`sustained: ${burst.length} messages triaged and searchable in ${burstSeconds.toFixed(1)} s = ${result.throughput.messagesPerSecond} msg/s`);
console.log(JSON.stringify(result));
