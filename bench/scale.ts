// Rebuild and search at scale:
//   1. generates N tickets' event logs (bench/lib/corpus.ts: Chinese text over A市's districts and streets, seven
//      categories, received over the last year, routed by the real dispatch catalog, then signed for, replied,
//      resolved and followed up by age) straight into a run-prefixed ticket-events topic (12 partitions, as the real
//      one), in large batches;
//   2. rebuilds the ticket index from that log as an operator does, `bash scripts/rebuild` as its own process (the
//      tracker's projection folded in memory, each ticket written once into a new index generation, alias swapped);
//      tickets/s (and events/s) from its spawn to its exit, with where the CPU went;
//   3. search latency p50/p95/p99 for typical analyst queries (searchTickets with the words segmented as the API
//      segments them, filters, facets, highlights, each sort), after a warm-up, ≥ 50 rounds each.
// The Elasticsearch heap is whatever the stack started with (ES_HEAP); the run reports it.
// Run with: bash scripts/bench scale [--tickets 1000000] [--lifecycle full|triage] [--rounds 50] [--keep] [--smoke]
//           bash scripts/bench scale --search-only --prefix P     (searches an index kept with --keep)
//           bash scripts/bench scale --drop --prefix P            (deletes what --keep kept)
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type TicketEvent } from '@hotline/contracts';
import { sendRetrying } from '@hotline/kafka';
import { loadCityConfig } from '@hotline/routing';
import { indexNames, searchTickets, type IndexNames, type TicketQuery } from '@hotline/store';
import { queryWords } from '../services/api/src/query-words.ts';
import { progressBar } from '../scripts/tools/progress.ts';
import { createRunTopics } from '../tests/support/pipeline.ts';
import { createCorpus } from './lib/corpus.ts';
import { cpuProfileEnv, printProfile, startCpuProfiles, summariseProfiles } from './lib/cpu-profile.ts';
import type { GenerationFigures, RebuildFigures, ScaleFigures } from './lib/figures.ts';
import { cpuMeter, enginePids, type CpuProfile } from './lib/profile.ts';
import { describeMachine, printTable, readResult, writeResult } from './lib/report.ts';
import { engines, positive, startRun } from './lib/run.ts';
import { percentiles, sleep } from './lib/stats.ts';

const { values } = parseArgs({
  options: {
    tickets: { type: 'string' },
    lifecycle: { type: 'string', default: 'full' },
    rounds: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '10' },
    keep: { type: 'boolean', default: false },
    'search-only': { type: 'boolean', default: false },
    drop: { type: 'boolean', default: false },
    prefix: { type: 'string' },
    'cpu-profile': { type: 'boolean', default: false },
    smoke: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(`usage: bash scripts/bench scale [--tickets 1000000] [--lifecycle full|triage] [--rounds 50] [--warmup 10] [--keep] [--smoke]
       bash scripts/bench scale --search-only --prefix P    search again an index kept with --keep
       bash scripts/bench scale --drop --prefix P           delete the topics and indices kept with --keep
  --cpu-profile: the rebuild samples its CPU; its self time is reported by package
  --lifecycle triage: only received, triaged and routed events (3 per ticket) instead of the full handling history
  --smoke: 20,000 tickets (a check that it runs; figures not comparable)`);
  process.exit(0);
}
const smoke = values.smoke;
const searchOnly = values['search-only'];
if ((searchOnly || values.drop) && !values.prefix) throw new Error('--search-only and --drop need --prefix (printed by a run with --keep)');
// Everything named after the prefix is deleted by --drop: only a bench run's own id will do.
if (values.prefix !== undefined && !/^bench-[a-z]+-[0-9a-z]+$/.test(values.prefix)) throw new Error(`--prefix: a bench run id such as bench-scale-mwxlx3vu, got ${values.prefix}`);
if (values.lifecycle !== 'full' && values.lifecycle !== 'triage') throw new Error(`--lifecycle: full or triage, got ${values.lifecycle}`);
const ticketCount = Math.round(positive(values.tickets ?? (smoke ? '20000' : '1000000'), 'tickets'));
const rounds = Math.round(positive(values.rounds, 'rounds'));
const warmup = Math.round(positive(values.warmup, 'warmup'));

const run = startRun('scale', values.prefix);
const { elasticsearch } = run;
const topicPrefix = `${run.runId}.`;
const profileDir = new URL(`out/profiles/${run.runId}`, import.meta.url).pathname;
const indices = indexNames(`${run.runId}-`);
if (values.drop) {
  await run.drop();
  console.log(`dropped everything named ${run.runId}*`);
  process.exit(0);
}
const machine = await describeMachine(elasticsearch);
let rebuilding: ChildProcess | undefined;
run.onInterrupt(async () => {
  rebuilding?.kill('SIGTERM');
  if (!values.keep && !searchOnly) await run.drop();
});
console.log(`${run.runId}: Elasticsearch ${machine.elasticsearch}, heap ${machine.elasticsearchHeapMiB} MiB; ${machine.cores} cores${smoke ? '; SMOKE sizes' : ''}\n`);

/** Produces the corpus into the ticket-events topic: one batch of many tickets at a time, several in flight. */
async function generate() {
  const topics = await createRunTopics(run.kafka, topicPrefix);
  const producer = run.kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const city = loadCityConfig(new URL('../config/city', import.meta.url).pathname);
  const corpus = createCorpus(city, { seed: 42, runTag: run.runId, end: new Date(), days: 365 });
  const bar = progressBar('generate → ticket-events', ticketCount);
  const start = performance.now();
  let events = 0;
  let bytes = 0;
  const inFlight = new Set<Promise<unknown>>();
  // A batch's events for one partition stay under the broker's 1 MB record-batch limit at 12 partitions.
  const ticketsPerBatch = 1_000;
  for (let first = 0; first < ticketCount; first += ticketsPerBatch) {
    const messages = [];
    for (let index = first; index < Math.min(ticketCount, first + ticketsPerBatch); index++) {
      const ticketEvents: TicketEvent[] = corpus(index);
      for (const event of values.lifecycle === 'full' ? ticketEvents : ticketEvents.slice(0, 3)) {
        const value = JSON.stringify(event);
        bytes += Buffer.byteLength(value);
        messages.push({ key: event.ticketId, value, headers: { 'event-type': event.type } });
      }
    }
    events += messages.length;
    // A ticket's events are all in one send, in order, so they reach their partition in order.
    const sending = sendRetrying(producer, { topic: topics.ticketEvents, acks: -1, messages }).then(() => {
      inFlight.delete(sending);
      bar.update(Math.min(ticketCount, first + ticketsPerBatch));
    });
    inFlight.add(sending);
    if (inFlight.size >= 4) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  bar.finish();
  await producer.disconnect();
  const seconds = (performance.now() - start) / 1000;
  const result: GenerationFigures = { tickets: ticketCount, events, eventsPerTicket: +(events / ticketCount).toFixed(2), megabytes: Math.round(bytes / 2 ** 20), seconds: +seconds.toFixed(1), eventsPerSecond: Math.round(events / seconds) };
  console.log(`generated ${ticketCount} tickets = ${events} events (${result.megabytes} MiB) in ${result.seconds} s (${result.eventsPerSecond} events/s)\n`);
  return { topics, result };
}

/**
 * `bash scripts/rebuild` (scripts/tools/rebuild.ts) as its own process, from the first record of the log into a new
 * ticket index generation behind the run's alias, timed from its spawn to its exit (start-up included).
 */
async function rebuild(topic: string, events: number): Promise<RebuildFigures> {
  // A connected admin, disconnected after: one left connected kept the bench from exiting once its figures were written.
  const admin = run.kafka.admin();
  const end = await admin.connect()
    .then(() => admin.fetchTopicOffsets(topic))
    .then((partitions) => partitions.reduce((sum, partition) => sum + Number(partition.high), 0), () => 0)
    .finally(() => admin.disconnect());
  if (end !== 0 && end !== events) console.warn(`the topic holds ${end} records, ${events} were produced`);
  const env = {
    ...process.env,
    KAFKA_BROKERS: engines.kafkaBrokers,
    ELASTICSEARCH_URL: engines.elasticsearchUrl,
    TOPIC_PREFIX: topicPrefix,
    INDEX_PREFIX: `${run.runId}-`,
    TRACKER_GROUP_ID: `${run.runId}.tracker`,
    ...(values['cpu-profile'] ? cpuProfileEnv(profileDir) : {}),
  };
  const nodeBefore = await nodeHistory();
  const pids = await enginePids(elasticsearch);
  const cpu = cpuMeter(pids, machine.cores);
  const startedAt = performance.now();
  const child = spawn(process.execPath, ['--disable-warning=TimeoutNegativeWarning', fileURLToPath(new URL('../scripts/tools/rebuild.ts', import.meta.url)), '--json'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  rebuilding = child;
  if (values['cpu-profile']) child.once('spawn', () => setTimeout(() => startCpuProfiles([child.pid]), 2_000));
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  rebuilding = undefined;
  const seconds = (performance.now() - startedAt) / 1000;
  const reported = stdout.trim().split('\n').map((line) => { try { return JSON.parse(line) as Record<string, unknown>; } catch { return undefined; } }).find((line) => line && 'tickets' in line);
  if (code !== 0 || !reported) throw new Error(`the rebuild exited with ${code}:\n${stdout}`);
  const result = reported as unknown as { tickets: number; events: number; seconds: number; readBack: number; cpuSeconds: number };
  const profile: CpuProfile = cpu.stop({ rebuild: +result.cpuSeconds.toFixed(2) });
  // With fold workers, one worker's profile (they fold alike); else the rebuild process's own.
  const profiles = values['cpu-profile'] ? Object.entries(summariseProfiles(profileDir)) : [];
  const cpuProfile = (profiles.find(([name]) => name.includes('fold-worker')) ?? profiles[0])?.[1];
  const figures: RebuildFigures = {
    tickets: result.tickets,
    events: result.events,
    seconds: +seconds.toFixed(1),
    startupSeconds: +(seconds - result.seconds).toFixed(1),
    ticketsPerSecond: Math.round(result.tickets / seconds),
    eventsPerSecond: Math.round(result.events / seconds),
    readBack: result.readBack,
    nodeBefore,
    profile,
    ...(cpuProfile ? { cpuProfile } : {}),
  };
  console.log(`rebuilt ${figures.tickets} tickets from ${figures.events} events in ${figures.seconds} s (spawn to exit; ${figures.startupSeconds} s of it start-up) = ${figures.ticketsPerSecond} tickets/s, ${figures.eventsPerSecond} events/s; ${figures.readBack} read back`);
  console.log(`  CPU seconds of ${profile.availableCpuSeconds} available: ${Object.entries(profile.cpuSeconds).map(([name, used]) => `${name} ${used}`).join(', ')}`);
  if (cpuProfile) printProfile(`rebuild self time by package (profile in ${profileDir})`, cpuProfile);
  if (figures.tickets !== ticketCount) console.warn(`  the index holds ${figures.tickets} tickets, ${ticketCount} were generated`);
  return figures;
}

/**
 * How long the node had been up and how much it had indexed: the first rebuild after a start measured slower here
 * (400,000 tickets: 80 s right after a start, 61-65 s on the same node afterwards; 1,000,000: 177.9 s against 173.8).
 */
async function nodeHistory(): Promise<NonNullable<RebuildFigures['nodeBefore']>> {
  const stats = await elasticsearch.nodes.stats({ node_id: '_local', metric: ['jvm', 'indices'], index_metric: 'indexing' });
  const node = Object.values(stats.nodes)[0];
  return { uptimeMinutes: Math.round((node?.jvm?.uptime_in_millis ?? 0) / 60_000), documentsIndexed: node?.indices?.indexing?.index_total ?? 0 };
}

async function indexFigures(names: IndexNames): Promise<ScaleFigures['index']> {
  const mergesSettledSeconds = await mergesSettled(names.ticketsAlias);
  const stats = await elasticsearch.indices.stats({ index: [names.ticketsAlias, names.eventsAlias], metric: ['docs', 'store', 'segments'] });
  const of = (alias: string) => {
    const [index] = Object.entries(stats.indices ?? {}).filter(([name]) => name.startsWith(`${alias}-v`)).map(([, value]) => value);
    return { docs: index?.primaries?.docs?.count ?? 0, storeMiB: Math.round((index?.primaries?.store?.size_in_bytes ?? 0) / 2 ** 20), segments: index?.primaries?.segments?.count ?? 0 };
  };
  const [tickets, events] = [of(names.ticketsAlias), of(names.eventsAlias)];
  console.log(`ticket index: ${tickets.docs} documents, ${tickets.storeMiB} MiB in ${tickets.segments} segments; background merges finished ${mergesSettledSeconds} s after the rebuild`);
  return { tickets, events, mergesSettledSeconds };
}

/**
 * Waits (up to 15 minutes) until the just-loaded index has no merge running: searches are timed on the index as
 * analysts meet it, not while Lucene is still merging the segments of the bulk load. Returns the seconds waited.
 */
async function mergesSettled(alias: string): Promise<number> {
  const started = performance.now();
  for (;;) {
    const stats = await elasticsearch.indices.stats({ index: alias, metric: ['merge'] });
    const seconds = +((performance.now() - started) / 1000).toFixed(1);
    if ((stats._all.primaries?.merges?.current ?? 0) === 0) return seconds;
    if (seconds > 900) throw new Error(`merges of ${alias} still running after ${seconds} s`);
    await sleep(1_000);
  }
}

/** Typical analyst queries, with dates, a district and a department taken from the index itself. */
async function analystQueries(names: IndexNames): Promise<Array<{ name: string; query: TicketQuery }>> {
  const facts = await elasticsearch.search({
    index: names.ticketsAlias,
    size: 0,
    aggs: { newest: { max: { field: 'receivedAt' } }, district: { terms: { field: 'location.resolved.district', size: 1 } }, department: { terms: { field: 'department.id', size: 1 } } },
  });
  const aggs = facts.aggregations as { newest: { value: number }; district: { buckets: Array<{ key: string }> }; department: { buckets: Array<{ key: string }> } };
  const daysBefore = (days: number) => new Date(aggs.newest.value - days * 86_400_000).toISOString();
  const district = aggs.district.buckets[0]?.key ?? 'A3区';
  const department = aggs.department.buckets[0]?.key ?? 'a3-urban-management';
  const base = { sort: 'relevance', page: 1, pageSize: 20 } as const;
  return [
    { name: '小区停水 (relevance)', query: { ...base, words: queryWords('小区停水') } },
    { name: '噪音扰民, newest first', query: { ...base, words: queryWords('噪音扰民'), sort: 'newest' } },
    { name: '拖欠工资 + category', query: { ...base, words: queryWords('拖欠工资'), category: ['劳动和社会保障'] } },
    { name: '燃气泄漏, by urgency', query: { ...base, words: queryWords('燃气泄漏'), sort: 'urgency' } },
    { name: `路灯 in ${district}, last 90 days`, query: { ...base, words: queryWords('路灯'), district: [district], from: daysBefore(90) } },
    { name: '物业 停车费 + district + phone channel', query: { ...base, words: queryWords('物业 停车费'), district: [district], channel: ['phone'] } },
    { name: '入学学位, page 3', query: { ...base, words: queryWords('入学学位'), page: 3 } },
    { name: 'no words: facets of all, newest first', query: { ...base, sort: 'newest' } },
    { name: 'last 7 days, routed, by deadline', query: { ...base, status: ['routed'], from: daysBefore(7), sort: 'deadline' } },
    { name: `department inbox (${department}), open, by deadline`, query: { ...base, departmentScope: department, status: ['routed', 'signed_for', 'replied', 'returned'], sort: 'deadline' } },
  ];
}

async function search(names: IndexNames): Promise<ScaleFigures['search']> {
  const queries = await analystQueries(names);
  const total = (await elasticsearch.count({ index: names.ticketsAlias })).count;
  console.log(`\nsearch over ${total} tickets: ${warmup} warm-up calls, then ${rounds} rounds per query (searchTickets: words, filters, facets, highlights)`);
  const results = [];
  const all: number[] = [];
  for (const { name, query } of queries) {
    const client: number[] = [];
    const took: number[] = [];
    let hits = 0;
    for (let round = 0; round < warmup + rounds; round++) {
      const start = performance.now();
      const result = await searchTickets(elasticsearch, names, query);
      if (round < warmup) continue;
      client.push(performance.now() - start);
      took.push(result.tookMs);
      hits = result.total;
    }
    all.push(...client);
    const timed = percentiles(client, 1);
    const es = percentiles(took);
    results.push({ name, words: query.words ?? [], hits, p50Ms: timed.p50, p95Ms: timed.p95, p99Ms: timed.p99, tookP50Ms: es.p50, tookP95Ms: es.p95 });
  }
  printTable(['query', 'hits', 'p50 ms', 'p95 ms', 'p99 ms', 'ES p50', 'ES p95'], results.map((r) => [r.name, r.hits, r.p50Ms, r.p95Ms, r.p99Ms, r.tookP50Ms, r.tookP95Ms]));
  const overall = percentiles(all, 1);
  const worst = results.reduce((a, b) => (b.p95Ms > a.p95Ms ? b : a));
  console.log(`all queries: p50 ${overall.p50} ms, p95 ${overall.p95} ms, p99 ${overall.p99} ms; worst p95 ${worst.p95Ms} ms (${worst.name})`);
  return { tickets: total, rounds, warmup, queries: results, all: { p50Ms: overall.p50, p95Ms: overall.p95, p99Ms: overall.p99 }, worstP95Ms: worst.p95Ms, worstQuery: worst.name };
}

// A search-only run keeps the build figures of the run that made the index, when those are the ones on file
// (a smoke run's among the smoke results).
const previous = searchOnly ? [readResult<ScaleFigures>('scale'), readResult<ScaleFigures>('scale', { smoke: true })].find((result) => result?.figures.prefix === run.runId) : undefined;
const sameIndex = previous !== undefined;
let figures: ScaleFigures;
try {
  let generation: GenerationFigures | null = null;
  let rebuilt: RebuildFigures | null = null;
  if (searchOnly) {
    if (sameIndex) ({ generation, rebuild: rebuilt } = previous.figures);
  } else {
    const { topics, result } = await generate();
    generation = result;
    rebuilt = await rebuild(topics.ticketEvents, result.events);
  }
  figures = { prefix: run.runId, lifecycle: values.lifecycle, generation, rebuild: rebuilt, index: await indexFigures(indices), search: await search(indices) };
} finally {
  if (values.keep || searchOnly) console.log(`\nkept: ${run.runId} (search again: bash scripts/bench scale --search-only --prefix ${run.runId}; delete: --drop --prefix ${run.runId})`);
  else await run.drop();
}
const options = sameIndex ? { ...previous.options, rounds, warmup, searchOnly } : { tickets: ticketCount, lifecycle: values.lifecycle, rounds, warmup, searchOnly };
const file = writeResult({ bench: 'scale', date: new Date().toISOString(), smoke: smoke || (sameIndex && previous.smoke), machine, options, figures });
console.log(`figures written to ${file}`);
