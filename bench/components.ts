// Component benchmarks, one process (one core):
//   1. the pure steps per message, msgs/s as the median of several rounds after a warm-up round: intake parsing
//      (validate, normalise, mask), segmentation (jieba, title and body), classification (segmenting itself),
//      routing (normalise, fine category, location, urgency, dispatch rule: decideRouting with the classification
//      given), triage (triage's own code path: segmentation once, classification from those words, routing; one
//      ticket at a time, and a slice at a time a step at a time as the service's handler does), the
//      event decoding every consumer does, and the tracker's fold of a ticket's first three events (tokens from
//      triage's cuts, SLA deadlines);
//   2. bulk projection: the tracker's handler (createTrackerApp(...).handler) fed pre-built event batches of a
//      ticket corpus directly, no Kafka, partitions in parallel as the consumer runner runs them: tickets/s into
//      Elasticsearch (fresh indices per batch size).
// Run with: bash scripts/bench components [--messages 2000] [--rounds 7] [--tickets 20000] [--batches 100,1000] [--smoke]
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadClassifier } from '@hotline/classifier';
import { decodeTicketEvent, prefixedTopics, type TicketEvent } from '@hotline/contracts';
import type { ConsumedRecord } from '@hotline/kafka';
import { applyEvent } from '@hotline/lifecycle';
import { decideRouting, loadCityConfig, loadFineCatalog, type RoutingClassifier } from '@hotline/routing';
import { createLogger, Metrics } from '@hotline/runtime';
import { createCalendar, loadSlaConfig } from '@hotline/sla';
import { indexNames, installIndices } from '@hotline/store';
import { toIndexTokens } from '@hotline/text';
import { parseIntake } from '../services/ingest/src/parse-intake.ts';
import { createTrackerApp } from '../services/tracker/src/app.ts';
import { createProjectionContext } from '../services/tracker/src/projection-context.ts';
import { triageTicket, triageTickets } from '../services/triage/src/triage-ticket.ts';
import { progressBar } from '../scripts/tools/progress.ts';
import { createCorpus } from './lib/corpus.ts';
import type { ComponentFigures, ProjectionFigures, StepFigures } from './lib/figures.ts';
import { benchMessages } from './lib/messages.ts';
import { describeMachine, printTable, writeResult } from './lib/report.ts';
import { positive, startRun } from './lib/run.ts';
import { median } from './lib/stats.ts';

const { values } = parseArgs({
  options: {
    messages: { type: 'string' },
    rounds: { type: 'string' },
    tickets: { type: 'string' },
    batches: { type: 'string' },
    smoke: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(`usage: bash scripts/bench components [--messages 2000] [--rounds 7] [--tickets 20000] [--batches 100,1000] [--smoke]
  --smoke: 300 messages, 3 rounds, 2,000 tickets (a check that it runs; figures not comparable)`);
  process.exit(0);
}
const smoke = values.smoke;
const messageCount = Math.round(positive(values.messages ?? (smoke ? '300' : '2000'), 'messages'));
const rounds = Math.round(positive(values.rounds ?? (smoke ? '3' : '7'), 'rounds'));
const ticketCount = Math.round(positive(values.tickets ?? (smoke ? '2000' : '20000'), 'tickets'));
const batchSizes = (values.batches ?? '100,1000').split(',').map((size) => Math.round(positive(size, 'batches')));
/** The consumer runner's default: every partition of the event log at once. */
const PARTITIONS = 12;

const configDir = fileURLToPath(new URL('../config', import.meta.url));
const city = loadCityConfig(`${configDir}/city`);
const fineCatalog = loadFineCatalog(`${configDir}/fine-categories.json`);
const classifier = loadClassifier();
const sla = loadSlaConfig(configDir);
const projection = createProjectionContext(sla, createCalendar(sla.holidays, { uncoveredYears: 'weekend-fallback' }));

const run = startRun('components');
const machine = await describeMachine(run.elasticsearch);
run.onInterrupt(() => run.drop());

// Inputs, prepared before any timing: intake bytes, their TicketReceived events, normalised texts, classifications.
const { source, messages } = benchMessages(messageCount, `${run.runId}-msg`);
const now = new Date();
const intake = messages.map((message) => Buffer.from(JSON.stringify(message)));
const coordinates = { topic: 'hotline.intake', partition: 0, offset: '0' };
const received = intake.map((bytes) => {
  const parsed = parseIntake(bytes, coordinates, now);
  if (!parsed.ok) throw new Error(`a bench message does not parse: ${parsed.reason}`);
  return parsed.event;
});
const texts = received.map(({ ticket }) => ({ title: ticket.title ?? null, body: ticket.body }));
const classifications = texts.map((text) => classifier.classify(text, 3));
const triageDeps = { city, classifier, fineCatalog };
const TRIAGE_SLICE = 33;
const triageSlices = Array.from({ length: Math.ceil(received.length / TRIAGE_SLICE) }, (_, i) => received.slice(i * TRIAGE_SLICE, (i + 1) * TRIAGE_SLICE));
const firstEvents = received.map((event) => {
  const { triaged, decision } = triageTicket(event, triageDeps, now);
  return [event, triaged, decision] as TicketEvent[];
});
const encodedEvents = firstEvents.flat().map((event) => Buffer.from(JSON.stringify(event)));
console.log(`${run.runId}: ${messageCount} messages from ${source}; ${rounds} rounds after a warm-up; one process${smoke ? '; SMOKE sizes' : ''}\n`);

/**
 * Runs `step` over every input `rounds` times after one warm-up round: items per second, median and range. A step
 * may handle several items (`items` in all per round; default one per step).
 */
function measure(name: string, count: number, step: (index: number) => unknown, items = count): StepFigures {
  const rates: number[] = [];
  for (let round = 0; round <= rounds; round++) {
    const start = performance.now();
    for (let i = 0; i < count; i++) step(i);
    if (round > 0) rates.push(items / ((performance.now() - start) / 1000));
  }
  const result = { name, perSecond: Math.round(median(rates)), min: Math.round(Math.min(...rates)), max: Math.round(Math.max(...rates)), microsecondsEach: +(1e6 / median(rates)).toFixed(1) };
  console.log(`  ${name.padEnd(48)} ${String(result.perSecond).padStart(7)}/s  (${result.min}–${result.max}; ${result.microsecondsEach} µs each)`);
  return result;
}

/** The classification already made, so that routing is timed on its own. */
const given = (index: number): RoutingClassifier => ({ classify: () => classifications[index]!, gatingThreshold: classifier.gatingThreshold });
const segmentTicket = (index: number) => {
  const { title, body } = texts[index]!;
  return [title ? toIndexTokens(title) : '', toIndexTokens(body)];
};

console.log('per message, one core (median msgs/s over the rounds):');
const steps = [
  measure('intake parse (validate, normalise, mask)', messageCount, (i) => parseIntake(intake[i]!, coordinates, now)),
  measure('segmentation (jieba: title + body)', messageCount, segmentTicket),
  measure('classification', messageCount, (i) => classifier.classify(texts[i]!, 3)),
  measure('routing (normalise, fine category, place, urgency, rule)', messageCount, (i) => decideRouting(texts[i]!, { ...triageDeps, classifier: given(i) })),
  // Triage segments once and classifies from those words: its own code path is all three steps.
  measure('triage = segmentation + classification + routing (triageTicket)', messageCount, (i) => triageTicket(received[i]!, triageDeps, now)),
  // The service's handler triages a slice's tickets together, a step at a time (100 records, about 33 tickets).
  measure(`triage, ${TRIAGE_SLICE} tickets at a time (triageTickets, as the service does)`, triageSlices.length, (i) => triageTickets(triageSlices[i]!, triageDeps, now), messageCount),
  measure('event decode (JSON + schema), per event', encodedEvents.length, (i) => decodeTicketEvent(encodedEvents[i]!)),
  measure('tracker fold of received + triaged + routed', messageCount, (i) => {
    let doc;
    for (const [offset, event] of firstEvents[i]!.entries()) doc = applyEvent(doc, { event, partition: 0, offset: String(offset) }, projection).doc;
    return doc;
  }),
];

// 2. bulk projection through the tracker's own handler.
const corpus = createCorpus(city, { seed: 11, runTag: `${run.runId}-corpus`, end: now, days: 365 });
const partitions: TicketEvent[][] = Array.from({ length: PARTITIONS }, () => []);
for (let i = 0; i < ticketCount; i++) {
  const events = corpus(i);
  // A ticket's events share a partition, as its key makes them in Kafka.
  partitions[Number.parseInt(events[0]!.ticketId.slice(1, 9), 16) % PARTITIONS]!.push(...events);
}
const eventCount = partitions.reduce((sum, events) => sum + events.length, 0);
const records = partitions.map((events, partition) => events.map((event, offset): ConsumedRecord => ({
  topic: 'ticket-events', partition, offset: String(offset), key: Buffer.from(event.ticketId), value: Buffer.from(JSON.stringify(event)), headers: {}, timestamp: '0',
})));

async function project(batchSize: number): Promise<ProjectionFigures> {
  const scope = run.scope(`b${batchSize}`);
  const indices = indexNames(scope.indexPrefix);
  const deps = { kafka: run.kafka, producer: run.kafka.producer(), logger: createLogger({ service: 'bench-tracker', level: 'error' }), metrics: new Metrics(), elasticsearch: run.elasticsearch, projection };
  // Never started: only its handler is used, so its consumer and producer never connect.
  const tracker = createTrackerApp({ groupId: scope.id, topics: prefixedTopics(scope.topicPrefix), indices, slaSweepIntervalMs: 0 }, deps);
  await installIndices(run.elasticsearch, indices);
  const bar = progressBar(`  batches of ${batchSize}`, eventCount);
  let done = 0;
  const start = performance.now();
  await Promise.all(records.map(async (partition) => {
    for (let i = 0; i < partition.length; i += batchSize) {
      const batch = partition.slice(i, i + batchSize);
      await tracker.handler(batch);
      done += batch.length;
      bar.update(done);
    }
  }));
  const seconds = (performance.now() - start) / 1000;
  bar.finish();
  await run.elasticsearch.indices.refresh({ index: indices.ticketsAlias });
  const stored = (await run.elasticsearch.count({ index: indices.ticketsAlias })).count;
  if (stored !== ticketCount) throw new Error(`bulk projection: ${stored} tickets in the index, expected ${ticketCount}`);
  const result = { batchSize, partitionsInParallel: PARTITIONS, tickets: ticketCount, events: eventCount, seconds: +seconds.toFixed(2), ticketsPerSecond: Math.round(ticketCount / seconds), eventsPerSecond: Math.round(eventCount / seconds) };
  console.log(`  batches of ${batchSize} events, ${PARTITIONS} partitions at once: ${ticketCount} tickets (${eventCount} events) in ${result.seconds} s = ${result.ticketsPerSecond} tickets/s, ${result.eventsPerSecond} events/s`);
  return result;
}

console.log(`\nbulk projection: the tracker's handler, ${ticketCount} tickets, ${(eventCount / ticketCount).toFixed(2)} events each, straight into Elasticsearch (no Kafka):`);
const projections: ProjectionFigures[] = [];
try {
  for (const size of batchSizes) projections.push(await project(size));
} finally {
  await run.drop();
}

console.log(`\nsummary${smoke ? ' (SMOKE sizes)' : ''}:`);
printTable(['step (one core)', 'per second', 'µs each'], steps.map((step) => [step.name, step.perSecond, step.microsecondsEach]));
printTable(['bulk projection', 'tickets/s', 'events/s'], projections.map((result) => [`batches of ${result.batchSize}`, result.ticketsPerSecond, result.eventsPerSecond]));
const figures: ComponentFigures = { steps, projection: projections };
const file = writeResult({ bench: 'components', date: new Date().toISOString(), smoke, machine, options: { messages: messageCount, rounds, tickets: ticketCount, batches: batchSizes, messageSource: source }, figures });
console.log(`figures written to ${file}`);
