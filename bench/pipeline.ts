// Pipeline benchmark: intake → triaged and searchable in Elasticsearch, through the three services running as
// their own processes (as the stack runs them) on this machine's engines, beside two ceilings measured in the same
// run on the same messages:
//   1. latency at fixed rates (default 50 and 500 msg/s for 20 s each): p50 / p90 / p99 per ticket, from the send
//      to the first search that finds it triaged, and the median time per hop;
//   2. sustained throughput: N messages sent as fast as the producer goes, timed until the last one is searchable,
//      for the pipeline, the skeleton (its hops and documents without logic, bench/apps/skeleton.ts) and the plain
//      Kafka → Elasticsearch copy; then pipeline/skeleton (the cost of the logic) and skeleton/plain (the cost of
//      the architecture). Three rounds by default, interleaved, each figure the median round's (the machine is
//      noisy: one burst's ratio ranged from 0.51 to 0.91 on unchanged code). For the pipeline it also counts the
//      batches each service retried meanwhile (and why), as Elasticsearch pushing back (429) would otherwise hide
//      in a slower figure.
// Messages: the shared data set's rows when ../shared is there (as scripts/replay sends them), else the generator.
// Run with: bash scripts/bench pipeline [--rates 50,500] [--seconds 20] [--burst 20000] [--rounds 3] [--only pipeline,skeleton,plain] [--smoke]
import { parseArgs } from 'node:util';
import { ticketIdFor, type IntakeMessageInput, type TicketDocument } from '@hotline/contracts';
import { sendRetrying } from '@hotline/kafka';
import { indexNames } from '@hotline/store';
import { createRunTopics } from '../tests/support/pipeline.ts';
import { dropIndices } from '../tests/support/cleanup.ts';
import { spawnService, type ServiceProcess } from '../tests/support/processes.ts';
import { forkApp, type BenchChild } from './lib/child.ts';
import { cpuProfileEnv, printProfile, startCpuProfiles, summariseProfiles } from './lib/cpu-profile.ts';
import { startRecording, summariseRecording } from './lib/jfr.ts';
import { SETUPS, type LatencyAtRate, type PipelineFigures, type Setup, type Throughput } from './lib/figures.ts';
import { benchMessages } from './lib/messages.ts';
import { cpuMeter, drainWatch } from './lib/profile.ts';
import { printTable, writeResult } from './lib/report.ts';
import { benchClients, engines, positive, startRun } from './lib/run.ts';
import { lowestRate, median, percentiles, perSecond, sleep } from './lib/stats.ts';

const { values } = parseArgs({
  options: {
    rates: { type: 'string' },
    seconds: { type: 'string' },
    burst: { type: 'string' },
    only: { type: 'string' },
    rounds: { type: 'string' },
    'cpu-profile': { type: 'boolean', default: false },
    smoke: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(`usage: bash scripts/bench pipeline [--rates 50,500] [--seconds 20] [--burst 20000] [--rounds 3] [--only ${SETUPS.join(',')}] [--smoke]
  --rounds: bursts per setup, interleaved (pipeline and skeleton take turns going first); each figure is the median
    round's (default 3; 1 with --smoke or --cpu-profile)
  --cpu-profile: every service and bench app samples its CPU during the burst (self time by package per process),
    and Elasticsearch is recorded with Java Flight Recorder (its samples by kind of work); written to
    bench/results/pipeline-profile.json, beside the figures of the last run without it
  --smoke: 5 s per rate and a burst of 2,000 (a check that it runs; figures not comparable)`);
  process.exit(0);
}
const smoke = values.smoke;
const rates = (values.rates ?? '50,500').split(',').map((rate) => positive(rate, 'rates'));
const seconds = positive(values.seconds ?? (smoke ? '5' : '20'), 'seconds');
const burstSize = Math.round(positive(values.burst ?? (smoke ? '2000' : '20000'), 'burst'));
const rounds = Math.round(positive(values.rounds ?? (smoke || values['cpu-profile'] ? '1' : '3'), 'rounds'));
if (rounds > 1 && values['cpu-profile']) throw new Error('--cpu-profile profiles one round: give --rounds 1');
const only = new Set((values.only ?? SETUPS.join(',')).split(',') as Setup[]);
for (const setup of only) if (!SETUPS.includes(setup)) throw new Error(`--only: one or more of ${SETUPS.join(', ')}; got ${setup}`);

const run = startRun('pipeline');
const profileDir = new URL(`out/profiles/${run.runId}`, import.meta.url).pathname;
const profiling = values['cpu-profile'] ? cpuProfileEnv(profileDir) : {};
const { elasticsearch } = run;
const { machine, producer, admin, engineProcesses, disconnect } = await benchClients(run);
const running: Array<ServiceProcess | BenchChild> = [];
const stopAll = async () => {
  await Promise.all(running.splice(0).map((child) => ('kill' in child ? child.kill('SIGTERM') : child.stop())));
};
run.onInterrupt(async () => {
  await stopAll();
  await disconnect();
  await run.drop();
});

const idOf = (message: IntakeMessageInput) => ticketIdFor(message.channel, message.sourceId);
const TRIAGED = ['routed', 'manual_triage'];
const burst = benchMessages(burstSize, `${run.runId}-burst`, 2);
/**
 * Sent to processes just started, so that no setup is measured cold: before each burst, and before the pipeline's
 * latency phase. Without it the pipeline's later rounds started cold and the skeleton's never did.
 */
const warmUp = benchMessages(Math.min(2_000, Math.ceil(burstSize / 10)), `${run.runId}-warm`, 3).messages;
console.log(`${run.runId}: messages from ${burst.source}; ${machine.cores} cores, Elasticsearch heap ${machine.elasticsearchHeapMiB} MiB${smoke ? '; SMOKE sizes' : ''}\n`);

/** Fails the run, with the processes' output, when nothing more becomes searchable for two minutes (a setup is stuck). */
function stallGuard(limitMs = 120_000) {
  let last = -1;
  let since = performance.now();
  return {
    check(progress: number) {
      if (progress !== last) [last, since] = [progress, performance.now()];
      else if (performance.now() - since > limitMs) throw new Error(`no progress for ${limitMs / 1000} s at ${progress}; output of the running processes:\n${running.map((p) => `--- ${p.name}\n${p.output()}`).join('\n')}`);
    },
  };
}

/** Polls Elasticsearch for triaged tickets among `sentAt`, recording when each was first found. */
async function watch(alias: string, sentAt: Map<string, number>, seen: Map<string, number>, until: () => boolean) {
  const stall = stallGuard();
  while (!until()) {
    stall.check(seen.size);
    const ids = [...sentAt.keys()].filter((id) => !seen.has(id)).slice(0, 5_000);
    if (ids.length > 0) {
      const result = await elasticsearch.search<TicketDocument>({ index: alias, size: ids.length, _source: false, query: { bool: { filter: [{ ids: { values: ids } }, { terms: { status: TRIAGED } }] } } });
      const now = performance.now();
      for (const hit of result.hits.hits) if (!seen.has(hit._id!)) seen.set(hit._id!, now);
    }
    await sleep(50);
  }
}

/** Sends on a schedule of `rate` per second: each tick sends every message that is due, so a slow send does not lower the rate. */
async function sendAtRate(topic: string, messages: IntakeMessageInput[], rate: number, sentAt: Map<string, number>, sentWallClock: Map<string, number>) {
  const start = performance.now();
  for (let next = 0; next < messages.length; ) {
    const due = Math.min(messages.length, Math.floor(((performance.now() - start) / 1000) * rate) + 1);
    if (due <= next) {
      await sleep(start + (next / rate) * 1000 - performance.now());
      continue;
    }
    const batch = messages.slice(next, due);
    const [now, wall] = [performance.now(), Date.now()];
    for (const message of batch) {
      sentAt.set(idOf(message), now);
      sentWallClock.set(idOf(message), wall);
    }
    await sendRetrying(producer, { topic, acks: -1, messages: batch.map((message) => ({ value: JSON.stringify(message) })) });
    next = due;
  }
  return messages.length / ((performance.now() - start) / 1000);
}

async function latencyAtRate(topic: string, alias: string, rate: number): Promise<LatencyAtRate> {
  const messages = benchMessages(Math.round(rate * seconds), `${run.runId}-lat${rate}`, 1).messages;
  const sentAt = new Map<string, number>();
  const sentWallClock = new Map<string, number>();
  const seen = new Map<string, number>();
  const watching = watch(alias, sentAt, seen, () => seen.size >= messages.length);
  const achievedRate = await sendAtRate(topic, messages, rate, sentAt, sentWallClock);
  await watching;
  const latencies = [...seen].map(([id, at]) => at - sentAt.get(id)!);

  // Where the time goes, per hop, from the events' own times: send → ingest decided (createdAt) → triage decided
  // (updatedAt of the triaged ticket) → found by a search (refresh included).
  const hops = { ingest: [] as number[], triage: [] as number[], trackerAndRefresh: [] as number[] };
  for (let i = 0; i < messages.length; i += 1_000) {
    const ids = messages.slice(i, i + 1_000).map(idOf);
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
  const { n, p50, p90, p99, max } = percentiles(latencies);
  const hopMediansMs = { ingest: Math.round(median(hops.ingest)), triage: Math.round(median(hops.triage)), trackerAndRefresh: Math.round(median(hops.trackerAndRefresh)) };
  console.log(`  ${rate} msg/s (sent at ${achievedRate.toFixed(0)}/s): p50 ${p50} ms, p90 ${p90} ms, p99 ${p99} ms, max ${max} ms (n=${n}); median per hop: send → ingest ${hopMediansMs.ingest} ms, → triage ${hopMediansMs.triage} ms, → searchable ${hopMediansMs.trackerAndRefresh} ms`);
  return { rate, achievedRate: Math.round(achievedRate), n, p50Ms: p50, p90Ms: p90, p99Ms: p99, maxMs: max, hopMediansMs };
}

/** What to watch while a burst drains: the setup's processes (by pid) and its hops (consumer group, topic). */
interface Watched {
  /** The setup's own indices are those under this prefix. */
  indexPrefix: string;
  processes: Record<string, number | undefined>;
  hops: Record<string, { groupId: string; topic: string }>;
}

/**
 * Sends `messages` as fast as the producer goes and counts what is searchable (a count query every 100 ms, cheap
 * beside per-id searches) until all are: sustained throughput is messages / (first send → last searchable).
 */
async function throughput(topic: string, messages: IntakeMessageInput[], searchable: () => Promise<number>, watched: Watched, profileAs?: Setup): Promise<Throughput> {
  if (profileAs) startCpuProfiles(Object.values(watched.processes));
  // Outside the CPU meter: jcmd is a JVM of its own.
  const recording = profileAs ? await startRecording(engineProcesses.elasticsearch, `${profileDir}/elasticsearch-${profileAs}.jfr`) : undefined;
  const samples: Array<[number, number]> = [];
  const cpu = cpuMeter({ bench: process.pid, ...watched.processes, ...engineProcesses }, machine.cores);
  const drained = drainWatch(admin, watched.hops);
  const operationsBefore = await elasticsearchOperations(watched.indexPrefix);
  const start = performance.now();
  let producedAt = 0;
  const sending = (async () => {
    for (let i = 0; i < messages.length; i += 500) {
      await sendRetrying(producer, { topic, acks: -1, messages: messages.slice(i, i + 500).map((message) => ({ value: JSON.stringify(message) })) });
    }
    producedAt = performance.now();
  })();
  const stall = stallGuard();
  for (let count = 0; count < messages.length; ) {
    await sleep(100);
    count = await searchable();
    stall.check(count);
    samples.push([(performance.now() - start) / 1000, count]);
  }
  await sending;
  const profile = { ...cpu.stop(), hopsDrainedSeconds: await drained.stop() };
  await recording?.stop();
  const operationsAfter = await elasticsearchOperations(watched.indexPrefix);
  const end = samples.find(([, count]) => count >= messages.length)![0];
  const first = samples.find(([, count]) => count > 0)![0];
  const lowest = lowestRate(samples, first, end);
  const series = perSecond(samples).map(([t, count]): [number, number] => [+t.toFixed(2), count]);
  return {
    n: messages.length,
    producedInSeconds: +((producedAt - start) / 1000).toFixed(2),
    firstSearchableSeconds: +first.toFixed(2),
    allSearchableSeconds: +end.toFixed(2),
    messagesPerSecond: Math.round(messages.length / end),
    lowest5sMessagesPerSecond: lowest === null ? null : Math.round(lowest),
    series,
    profile,
    elasticsearchOperations: {
      indexed: Object.fromEntries(Object.entries(operationsAfter.indexed).map(([index, count]) => [index, count - (operationsBefore.indexed[index] ?? 0)])),
      fetchedById: operationsAfter.fetchedById - operationsBefore.fetchedById,
    },
  };
}

/** Documents indexed per index (named without the run's prefix and generation) and fetched by id, in the indices under `prefix`. */
async function elasticsearchOperations(prefix: string): Promise<{ indexed: Record<string, number>; fetchedById: number }> {
  const stats = await elasticsearch.indices.stats({ index: `${prefix}*`, metric: ['indexing', 'get'] });
  const indexed: Record<string, number> = {};
  let fetchedById = 0;
  for (const [name, index] of Object.entries(stats.indices ?? {})) {
    const kind = name.slice(prefix.length).replace(/-v\d+$/, '');
    indexed[kind] = (indexed[kind] ?? 0) + (index.total?.indexing?.index_total ?? 0);
    fetchedById += index.total?.get?.total ?? 0;
  }
  return { indexed: Object.fromEntries(Object.entries(indexed).sort(([a], [b]) => a.localeCompare(b))), fetchedById };
}

/** Batches each service has retried after a retriable failure since it started, from its /metrics. */
async function retriedBatches(services: readonly ServiceProcess[]): Promise<Record<string, number>> {
  const counted = await Promise.all(services.map(async (service) => {
    const metrics = await (await fetch(`http://127.0.0.1:${service.port}/metrics`)).text();
    const retried = metrics.split('\n').filter((line) => line.startsWith('hotline_consumer_retries_total')).reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
    return [service.name, retried] as const;
  }));
  return Object.fromEntries(counted);
}

/** The distinct errors a service logged when it retried a batch (its JSON log lines at warn level). */
function retryReasons(output: string): string[] {
  const reasons = new Set<string>();
  for (const line of output.split('\n')) {
    if (!line.includes('retrying')) continue;
    try {
      const entry = JSON.parse(line) as { err?: { code?: string; message?: string } };
      reasons.add(`${entry.err?.code ?? 'error'}: ${entry.err?.message ?? line}`.slice(0, 300));
    } catch {
      // a partial line at the start of the kept output
    }
  }
  return [...reasons].slice(0, 3);
}

const perMessage = (count: number, messages: number) => (count / messages).toFixed(2);
const countOf = (index: string, query: object = { match_all: {} }) => async () => (await elasticsearch.count({ index, query })).count;
/** Tickets of one message set (its source ids start with the run id and `tag`) that triage has decided. */
const triagedCount = (alias: string, tag: 'warm' | 'burst') => countOf(alias, { bool: { filter: [{ terms: { status: TRIAGED } }, { prefix: { sourceId: `${run.runId}-${tag}` } }] } });
function printThroughput(setup: Setup, result: Throughput) {
  console.log(`  ${setup}: ${result.n} messages searchable in ${result.allSearchableSeconds.toFixed(1)} s = ${result.messagesPerSecond} msg/s (produced in ${result.producedInSeconds} s; first searchable after ${result.firstSearchableSeconds} s; lowest 5 s rate ${result.lowest5sMessagesPerSecond ?? 'n/a'} msg/s)`);
  const { cpuSeconds, availableCpuSeconds, hopsDrainedSeconds } = result.profile;
  console.log(`    hops drained (last commit) after: ${Object.entries(hopsDrainedSeconds).map(([hop, at]) => `${hop} ${at} s`).join(', ')}`);
  console.log(`    CPU seconds of ${availableCpuSeconds} available: ${Object.entries(cpuSeconds).map(([name, used]) => `${name} ${used}`).join(', ')}`);
  const operations = result.elasticsearchOperations;
  if (operations) console.log(`    Elasticsearch: ${Object.entries(operations.indexed).map(([index, count]) => `${count} documents indexed into ${index}`).join(', ')} (${perMessage(Object.values(operations.indexed).reduce((sum, count) => sum + count, 0), result.n)} per message); ${operations.fetchedById} fetched by id`);
  if (result.retriedBatches) console.log(`    batches retried after a retriable failure: ${Object.entries(result.retriedBatches).map(([name, count]) => `${name} ${count}`).join(', ')}`);
}

/** The three services as processes; latency at each rate, then throughput on the burst. */
async function measurePipeline(round: number) {
  const scope = run.scope(roundScope('pipeline', round));
  const topics = await createRunTopics(run.kafka, scope.topicPrefix);
  const alias = indexNames(scope.indexPrefix).ticketsAlias;
  const env = { KAFKA_BROKERS: engines.kafkaBrokers, ELASTICSEARCH_URL: engines.elasticsearchUrl, TOPIC_PREFIX: scope.topicPrefix, INDEX_PREFIX: scope.indexPrefix, INGEST_GROUP_ID: `${scope.topicPrefix}ingest`, TRIAGE_GROUP_ID: `${scope.topicPrefix}triage`, TRACKER_GROUP_ID: `${scope.topicPrefix}tracker`, SLA_SWEEP_INTERVAL_MS: '3600000', ...profiling };
  const services = await Promise.all((['ingest', 'triage', 'tracker'] as const).map((name) => spawnService(name, env)));
  running.push(...services);
  await Promise.all(services.map((service) => service.ready()));
  console.log('pipeline (ingest, triage, tracker as processes): intake → triaged and searchable');
  const latency: LatencyAtRate[] = [];
  const watched: Watched = {
    indexPrefix: scope.indexPrefix,
    processes: Object.fromEntries(services.map((service) => [service.name, service.process.pid])),
    hops: { ingest: { groupId: env.INGEST_GROUP_ID, topic: topics.intake }, triage: { groupId: env.TRIAGE_GROUP_ID, topic: topics.ticketEvents }, tracker: { groupId: env.TRACKER_GROUP_ID, topic: topics.ticketEvents } },
  };
  // Warmed up as the ceilings are; latency once, in the first round, after the warm-up: measured right after an
  // Elasticsearch start, a cold node took the p99 at 50 msg/s from 0.7 s to 3.1 s.
  await throughput(topics.intake, warmUp, triagedCount(alias, 'warm'), watched);
  if (round === 1) for (const rate of rates) latency.push(await latencyAtRate(topics.intake, alias, rate));
  const retriedBefore = await retriedBatches(services);
  const result = await throughput(topics.intake, burst.messages, triagedCount(alias, 'burst'), watched, values['cpu-profile'] ? 'pipeline' : undefined);
  const retriedAfter = await retriedBatches(services);
  result.retriedBatches = Object.fromEntries(Object.entries(retriedAfter).map(([name, count]) => [name, count - (retriedBefore[name] ?? 0)]));
  printThroughput('pipeline', result);
  for (const service of services) {
    if (result.retriedBatches[service.name]) console.log(`    why ${service.name} retried: ${retryReasons(service.output()).join(' | ') || 'not in its recent output'}`);
  }
  await stopAll();
  await dropScope(scope.id);
  return { latency, throughput: result };
}

/** A ceiling's apps as processes: a warm-up, then the burst. */
async function measureCeiling(setup: 'skeleton' | 'plain', round: number): Promise<Throughput> {
  const scope = run.scope(roundScope(setup, round));
  const topics = await createRunTopics(run.kafka, scope.topicPrefix);
  const env = { KAFKA_BROKERS: engines.kafkaBrokers, ELASTICSEARCH_URL: engines.elasticsearchUrl, TOPIC_PREFIX: scope.topicPrefix, INDEX_PREFIX: scope.indexPrefix, ...profiling };
  const script = new URL('./apps/skeleton.ts', import.meta.url);
  const plainIndex = 'plain-copy';
  const hops = setup === 'plain' ? { plain: topics.intake } : { receive: topics.intake, decide: topics.ticketEvents, project: topics.ticketEvents };
  const apps = Object.keys(hops).map((app) => forkApp(script, [app], { ...env, GROUP_ID: `${scope.topicPrefix}${app}`, DECIDE_GROUP_ID: `${scope.topicPrefix}decide`, PLAIN_INDEX: plainIndex }));
  running.push(...apps);
  const watched: Watched = {
    indexPrefix: scope.indexPrefix,
    processes: Object.fromEntries(Object.keys(hops).map((app, index) => [app, apps[index]!.pid])),
    hops: Object.fromEntries(Object.entries(hops).map(([app, topic]) => [app, { groupId: `${scope.topicPrefix}${app}`, topic }])),
  };
  await Promise.all(apps.map((app) => app.ready()));
  const index = setup === 'plain' ? `${scope.indexPrefix}${plainIndex}` : indexNames(scope.indexPrefix).ticketsAlias;
  const searchable = setup === 'plain' ? countOf(index) : countOf(index, { term: { status: 'routed' } });
  await throughput(topics.intake, warmUp, searchable, watched);
  const before = await searchable();
  const result = await throughput(topics.intake, burst.messages, async () => (await searchable()) - before, watched, values['cpu-profile'] ? setup : undefined);
  printThroughput(setup, result);
  await stopAll();
  await dropScope(scope.id);
  return result;
}

/**
 * Deletes a setup's indices as soon as it has been measured: left in place, their merges ran on into the next
 * setup's burst, and each round ran slower than the one before (pipeline 1,021, 925, 902 msg/s, with 39, 43, 44 CPU
 * seconds for the same work). Topics stay until the end: the bench's producer keeps asking about every topic it
 * has sent to, and a deleted one fails its next send.
 */
async function dropScope(id: string): Promise<void> {
  await dropIndices(run.elasticsearch, `${id}-`).catch((err: unknown) => console.warn(`could not delete the indices ${id}-* (${(err as Error).message}); the run's clean-up tries again`));
}

/** Each round's topics and indices are its own, so the same burst is new to every round. */
const roundScope = (setup: Setup, round: number) => (round === 1 ? setup : `${setup}-r${round}`);

/** The round with the median throughput (the lower middle for an even count), with every round's figures beside it. */
function medianRound(results: Throughput[]): Throughput | undefined {
  if (results.length === 0) return undefined;
  const middle = [...results].sort((a, b) => a.messagesPerSecond - b.messagesPerSecond)[Math.floor((results.length - 1) / 2)]!;
  return results.length === 1 ? middle : { ...middle, rounds: results.map(({ messagesPerSecond, lowest5sMessagesPerSecond }) => ({ messagesPerSecond, lowest5sMessagesPerSecond })) };
}

let figures: PipelineFigures;
try {
  const bursts: Record<Setup, Throughput[]> = { pipeline: [], skeleton: [], plain: [] };
  let latency: LatencyAtRate[] = [];
  for (let round = 1; round <= rounds; round++) {
    if (rounds > 1) console.log(`\nround ${round} of ${rounds}`);
    // The pipeline and the skeleton take turns going first: run right after the pipeline, the skeleton measured
    // 732-850 msg/s, on its own 929-1,178 (same code, same hour).
    const order: Setup[] = round % 2 === 1 ? ['pipeline', 'skeleton', 'plain'] : ['skeleton', 'pipeline', 'plain'];
    for (const setup of order.filter((candidate) => only.has(candidate))) {
      if (setup === 'pipeline') {
        const measured = await measurePipeline(round);
        if (round === 1) latency = measured.latency;
        bursts.pipeline.push(measured.throughput);
      } else {
        console.log(`ceiling on the same messages (bench/apps/skeleton.ts ${setup === 'plain' ? 'plain' : 'receive, decide, project'}):`);
        bursts[setup].push(await measureCeiling(setup, round));
      }
    }
  }
  const [pipeline, skeleton, plain] = SETUPS.map((setup) => medianRound(bursts[setup]));
  const ratio = (a?: Throughput, b?: Throughput) => (a && b ? +(a.messagesPerSecond / b.messagesPerSecond).toFixed(2) : null);
  figures = {
    messages: { source: burst.source, burst: burstSize, secondsPerRate: seconds },
    latency,
    throughput: { pipeline: pipeline ?? null, skeleton: skeleton ?? null, plain: plain ?? null },
    ratios: { pipelineToSkeleton: ratio(pipeline, skeleton), skeletonToPlain: ratio(skeleton, plain) },
  };
  await stopAll();
  if (values['cpu-profile']) {
    figures.cpuProfiles = summariseProfiles(profileDir);
    for (const setup of SETUPS) {
      const measured = figures.throughput[setup];
      const summary = measured && (await summariseRecording(`${profileDir}/elasticsearch-${setup}.jfr`, measured.profile.cpuSeconds.elasticsearch ?? 0, engineProcesses.elasticsearch));
      if (summary) figures.cpuProfiles[`elasticsearch-${setup}`] = summary;
    }
    console.log('\nself time by package, per process, from the start of the burst to its exit (Elasticsearch: its Java samples by kind of work over each burst):');
    for (const [name, summary] of Object.entries(figures.cpuProfiles)) printProfile(name, summary);
    console.log(`  (the profiles are in ${profileDir}: open the .cpuprofile files in Chrome DevTools, the .jfr files in JDK Mission Control or with \`jfr view hot-methods\`)`);
  }
} finally {
  await stopAll();
  await disconnect();
  await run.drop();
}

console.log(`\nsustained throughput on the same ${burstSize} messages${smoke ? ' (SMOKE sizes)' : ''}${rounds > 1 ? `, the median of ${rounds} rounds` : ''}:`);
printTable(['setup', 'msg/s', 'lowest 5 s', 'seconds', 'each round (msg/s)'], SETUPS.flatMap((setup) => {
  const result = figures.throughput[setup];
  return result ? [[setup, result.messagesPerSecond, result.lowest5sMessagesPerSecond ?? 'n/a', result.allSearchableSeconds, result.rounds?.map((r) => r.messagesPerSecond).join(', ') ?? '']] : [];
}));
console.log(`pipeline/skeleton ${figures.ratios.pipelineToSkeleton ?? 'n/a'} (the cost of the logic); skeleton/plain ${figures.ratios.skeletonToPlain ?? 'n/a'} (the cost of the architecture)`);
// A profiled round runs slower than the others: its figures go beside the bench's, not over them.
const file = writeResult({ bench: values['cpu-profile'] ? 'pipeline-profile' : 'pipeline', date: new Date().toISOString(), smoke, machine, options: { rates, seconds, burst: burstSize, rounds, only: [...only] }, figures });
console.log(`figures written to ${file}`);
