// Backlog benchmark: the recovery after an outage. N intake messages (default 100,000: a large city's whole day)
// wait in Kafka while no service runs; then ingest, triage and the tracker start as their own processes, as the
// stack starts them, and the bench times how long until every message is a triaged ticket that a search finds. It
// follows how far triage falls behind on the event log meanwhile (ingest's admission control bounds that, so an
// operator's command written to the log is not queued behind the whole day), and
// at the end it checks the result: every ticket there once and triaged, three audit records each, nothing
// dead-lettered.
// Messages: the shared data set's rows when ../shared is there (as scripts/replay sends them), else the generator.
// Run with: bash scripts/bench backlog [--messages 100000] [--rounds 3] [--smoke]
import { parseArgs } from 'node:util';
import { DEFAULT_ADMISSION, sendRetrying } from '@hotline/kafka';
import { indexNames } from '@hotline/store';
import { progressBar } from '../scripts/tools/progress.ts';
import { dropIndices } from '../tests/support/cleanup.ts';
import { createRunTopics } from '../tests/support/pipeline.ts';
import { spawnService, type ServiceProcess } from '../tests/support/processes.ts';
import { backlogComplete, type BacklogFigures } from './lib/figures.ts';
import { benchMessages } from './lib/messages.ts';
import { cpuMeter, drainWatch, residentMiB } from './lib/profile.ts';
import { writeResult } from './lib/report.ts';
import { benchClients, engines, positive, startRun } from './lib/run.ts';
import { lowestRate, perSecond, sleep } from './lib/stats.ts';

const { values } = parseArgs({
  options: {
    messages: { type: 'string' },
    rounds: { type: 'string' },
    smoke: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(`usage: bash scripts/bench backlog [--messages 100000] [--rounds 3] [--smoke]
  --messages: the backlog waiting in intake when the services start (default 100,000, a large city's day)
  --rounds: outages in a row, each on topics and indices of its own; the figures are the median round's (default 3)
  --smoke: 5,000 messages, one round (a check that it runs; figures not comparable)`);
  process.exit(0);
}
const smoke = values.smoke;
const count = Math.round(positive(values.messages ?? (smoke ? '5000' : '100000'), 'messages'));
const rounds = Math.round(positive(values.rounds ?? (smoke ? '1' : '3'), 'rounds'));
/** The services run with ingest's default admission limit (INGEST_TRIAGE_BACKLOG_LIMIT), as the stack does. */
const ADMISSION_LIMIT = DEFAULT_ADMISSION.limit;
const TRIAGED = ['routed', 'manual_triage'];

const run = startRun('backlog');
const { elasticsearch } = run;
const { machine, producer, admin, engineProcesses, disconnect } = await benchClients(run);
const services: ServiceProcess[] = [];
const stopServices = () => Promise.all(services.splice(0).map((service) => service.kill('SIGTERM')));
run.onInterrupt(async () => {
  await stopServices();
  await disconnect();
  await run.drop();
});

/** Records of `topic` that `groupId` has not committed yet, over all partitions. */
async function behind(topic: string, groupId: string): Promise<number> {
  const [ends, [committed]] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
  const done = new Map((committed?.partitions ?? []).map((partition) => [partition.partition, Math.max(0, Number(partition.offset))]));
  return ends.reduce((sum, end) => sum + Number(end.offset) - (done.get(end.partition) ?? 0), 0);
}

const { source, messages } = benchMessages(count, `${run.runId}-backlog`, 4);
console.log(`${run.runId}: ${count} messages from ${source}; ${rounds} round${rounds > 1 ? 's' : ''}; ${machine.cores} cores, Elasticsearch heap ${machine.elasticsearchHeapMiB} MiB${smoke ? '; SMOKE sizes' : ''}`);

/** One outage and recovery, on topics and indices of its own. */
async function recover(round: number): Promise<BacklogFigures> {
  const scope = run.scope(round === 1 ? 'backlog' : `backlog-r${round}`);
  const topics = await createRunTopics(run.kafka, scope.topicPrefix);
  const alias = indexNames(scope.indexPrefix).ticketsAlias;
  const groups = { ingest: `${scope.topicPrefix}ingest`, triage: `${scope.topicPrefix}triage`, tracker: `${scope.topicPrefix}tracker` };
  if (rounds > 1) console.log(`\nround ${round} of ${rounds}`);

  // 1. The outage: intake fills while nothing reads it.
  const producing = progressBar('intake (no service running)', count);
  const producedStart = performance.now();
  for (let i = 0; i < count; i += 500) {
    await sendRetrying(producer, { topic: topics.intake, acks: -1, messages: messages.slice(i, i + 500).map((message) => ({ value: JSON.stringify(message) })) });
    producing.update(Math.min(count, i + 500));
  }
  producing.finish();
  const producedInSeconds = +((performance.now() - producedStart) / 1000).toFixed(2);

  // 2. The services come back, and the backlog drains.
  const env = { KAFKA_BROKERS: engines.kafkaBrokers, ELASTICSEARCH_URL: engines.elasticsearchUrl, TOPIC_PREFIX: scope.topicPrefix, INDEX_PREFIX: scope.indexPrefix, INGEST_GROUP_ID: groups.ingest, TRIAGE_GROUP_ID: groups.triage, TRACKER_GROUP_ID: groups.tracker, INGEST_TRIAGE_BACKLOG_LIMIT: String(ADMISSION_LIMIT), SLA_SWEEP_INTERVAL_MS: '3600000' };
  const start = performance.now();
  const seconds = () => (performance.now() - start) / 1000;
  services.push(...(await Promise.all((['ingest', 'triage', 'tracker'] as const).map((name) => spawnService(name, env)))));
  const cpu = cpuMeter({ bench: process.pid, ...Object.fromEntries(services.map((service) => [service.name, service.process.pid])), ...engineProcesses }, machine.cores);
  const drained = drainWatch(admin, { ingest: { groupId: groups.ingest, topic: topics.intake }, triage: { groupId: groups.triage, topic: topics.ticketEvents }, tracker: { groupId: groups.tracker, topic: topics.ticketEvents } });
  await Promise.all(services.map((service) => service.ready()));
  const readyAfterSeconds = +seconds().toFixed(2);

  const bar = progressBar('searchable', count);
  const series: BacklogFigures['series'] = [];
  // Whether memory stays bounded through a day's backlog: each process's largest resident size at any sample.
  const watchedPids: Record<string, number | undefined> = { ...Object.fromEntries(services.map((service) => [service.name, service.process.pid])), ...engineProcesses };
  const peakResidentMiB: Record<string, number> = {};
  let triageBehindMax = 0;
  let searchable = 0;
  let lastProgress = performance.now();
  while (searchable < count) {
    await sleep(250);
    const [found, triageBehind] = await Promise.all([
      // Until the tracker has created the index, the count fails: nothing is searchable yet.
      elasticsearch.count({ index: alias, query: { terms: { status: TRIAGED } } }).then((result) => result.count, () => searchable),
      behind(topics.ticketEvents, groups.triage),
    ]);
    if (found > searchable) lastProgress = performance.now();
    else if (performance.now() - lastProgress > 120_000) {
      throw new Error(`no progress for 120 s at ${found} of ${count}; output of the services:\n${services.map((service) => `--- ${service.name}\n${service.output()}`).join('\n')}`);
    }
    searchable = found;
    triageBehindMax = Math.max(triageBehindMax, triageBehind);
    for (const [name, pid] of Object.entries(watchedPids)) {
      const resident = residentMiB(pid);
      if (resident !== undefined) peakResidentMiB[name] = Math.max(peakResidentMiB[name] ?? 0, resident);
    }
    series.push([+seconds().toFixed(2), searchable, triageBehind]);
    bar.update(searchable, `triage behind ${triageBehind}`);
  }
  bar.finish();
  const allSearchableSeconds = +seconds().toFixed(2);
  const profile = { ...cpu.stop(), hopsDrainedSeconds: await drained.stop() };
  await stopServices();

  // 3. What came out: each ticket once, triaged; each of its three first events in the audit trail; no dead letter.
  await elasticsearch.indices.refresh({ index: `${scope.indexPrefix}*` });
  const tickets = (await elasticsearch.count({ index: alias })).count;
  const triaged = (await elasticsearch.count({ index: alias, query: { terms: { status: TRIAGED } } })).count;
  const auditRecords = (await elasticsearch.count({ index: indexNames(scope.indexPrefix).eventsAlias })).count;
  const deadLetters = Object.fromEntries(await Promise.all([topics.intakeDeadLetter, topics.ticketEventsDeadLetter].map(async (topic) => [topic.slice(scope.topicPrefix.length), (await admin.fetchTopicOffsets(topic)).reduce((sum, partition) => sum + Number(partition.offset), 0)] as const)));

  const first = series.find(([, found]) => found > 0)?.[0] ?? 0;
  // The slowest 5 s once tickets were coming out.
  const lowest = lowestRate(series, first, allSearchableSeconds);
  // As in the pipeline bench: left in place, a round's indices go on merging into the next round.
  await dropIndices(run.elasticsearch, `${scope.id}-`).catch((err: unknown) => console.warn(`could not delete the indices ${scope.id}-* (${(err as Error).message}); the run's clean-up tries again`));
  const figures: BacklogFigures = {
    messages: { source, count },
    admissionLimit: ADMISSION_LIMIT,
    producedInSeconds,
    readyAfterSeconds,
    firstSearchableSeconds: first,
    allSearchableSeconds,
    messagesPerSecond: Math.round(count / allSearchableSeconds),
    lowest5sMessagesPerSecond: lowest === null ? null : Math.round(lowest),
    triageBehindMax,
    peakResidentMiB,
    series: perSecond(series),
    profile,
    check: { tickets, triaged, auditRecords, deadLetters },
  };
  console.log(`  all searchable after ${figures.allSearchableSeconds} s (${figures.messagesPerSecond} msg/s; lowest 5 s ${figures.lowest5sMessagesPerSecond ?? 'n/a'}); ${backlogComplete(figures) ? 'complete' : 'INCOMPLETE'}`);
  return figures;
}

const results: BacklogFigures[] = [];
try {
  for (let round = 1; round <= rounds; round++) results.push(await recover(round));
} finally {
  await stopServices();
  await disconnect();
  await run.drop();
}

// The median round by recovery time (the lower middle for an even count), with every round's figures beside it.
const middle = [...results].sort((a, b) => a.allSearchableSeconds - b.allSearchableSeconds)[Math.floor((results.length - 1) / 2)]!;
const figures: BacklogFigures = results.length > 1 ? { ...middle, rounds: results.map(({ allSearchableSeconds, messagesPerSecond, lowest5sMessagesPerSecond }) => ({ allSearchableSeconds, messagesPerSecond, lowest5sMessagesPerSecond })) } : middle;
const everyRoundComplete = results.every(backlogComplete);
const { check } = figures;
console.log(`\nbacklog of ${count} messages${rounds > 1 ? `, the median of ${rounds} rounds (${figures.rounds?.map((r) => `${r.allSearchableSeconds} s`).join(', ')})` : ''}: all searchable ${figures.allSearchableSeconds} s after the services were started (consuming after ${figures.readyAfterSeconds} s; first ticket after ${figures.firstSearchableSeconds} s)`);
console.log(`  ${figures.messagesPerSecond} msg/s over the whole recovery; lowest 5 s ${figures.lowest5sMessagesPerSecond ?? 'n/a'} msg/s; intake had been filled in ${figures.producedInSeconds} s`);
console.log(`  triage at most ${figures.triageBehindMax} event-log records behind (admission limit ${ADMISSION_LIMIT})`);
console.log(`  CPU seconds of ${figures.profile.availableCpuSeconds} available: ${Object.entries(figures.profile.cpuSeconds).map(([name, used]) => `${name} ${used}`).join(', ')}`);
console.log(`  peak resident memory (MiB): ${Object.entries(figures.peakResidentMiB ?? {}).map(([name, mib]) => `${name} ${mib}`).join(', ')}`);
console.log(`  hops drained (last commit) after: ${Object.entries(figures.profile.hopsDrainedSeconds).map(([hop, at]) => `${hop} ${at} s`).join(', ')}`);
// Every round must have come out whole, not only the median one.
console.log(`  check${rounds > 1 ? ' (median round)' : ''}: ${check.tickets} tickets (${check.triaged} triaged), ${check.auditRecords} audit records, dead letters ${Object.entries(check.deadLetters).map(([topic, n]) => `${topic} ${n}`).join(', ')}: ${everyRoundComplete ? `complete${rounds > 1 ? ' in every round' : ''} (every message one triaged ticket with its three audit records; nothing dead-lettered)` : 'INCOMPLETE'}`);
const file = writeResult({ bench: 'backlog', date: new Date().toISOString(), smoke, machine, options: { messages: count, rounds }, figures });
console.log(`figures written to ${file}`);
if (!everyRoundComplete) process.exitCode = 1;
