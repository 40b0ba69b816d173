// Rebuilds the ticket index from the ticket event log (after a mapping or projection change, or a lost index).
import { fork } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { prefixedTopics } from '@hotline/contracts';
import { createKafka } from '@hotline/kafka';
import { createCalendar, loadSlaConfig } from '@hotline/sla';
import { createElasticsearch, indexNames } from '@hotline/store';
import { createProjectionContext } from '../../services/tracker/src/projection-context.ts';
import { finishRebuild, foldPartitions, prepareRebuild, type FoldProgress, type FoldResult, type RebuildPlan } from '../../services/tracker/src/rebuild.ts';
import { progressBar } from './progress.ts';

const { values } = parseArgs({
  options: {
    brokers: { type: 'string', default: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092' },
    elasticsearch: { type: 'string', default: process.env.ELASTICSEARCH_URL ?? 'http://127.0.0.1:9200' },
    'working-set': { type: 'string', default: '200000' },
    workers: { type: 'string', default: String(Math.min(2, cpus().length)) },
    'keep-previous': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
    // Internal: this process folds the given partitions of a plan for the parent (over IPC).
    'fold-worker': { type: 'string' },
  },
});
if (values.help) {
  console.log(`usage: bash scripts/rebuild [--keep-previous] [--workers 2] [--working-set 200000] [--json]
  Reads the whole ticket event log (to its end when the rebuild starts), folds every ticket in memory with the
  tracker's own projection, writes each ticket once into a new index generation, then moves the tickets alias to
  it in one step and deletes the previous generation (--keep-previous keeps it). The audit index is not rebuilt.
  --workers: processes folding a share of the partitions each (default: 2, or 1 on a single core);
  --working-set: tickets held in memory in all (about 4 KB each) before the least recently touched are written out.
  Stop the tracker first (bash scripts/stack down services) and start it again after (bash scripts/stack up):
  it resumes from its committed offsets. Environment: KAFKA_BROKERS, ELASTICSEARCH_URL, TOPIC_PREFIX,
  INDEX_PREFIX, TRACKER_GROUP_ID (default hotline-tracker), CONFIG_DIR.`);
  process.exit(0);
}
const count = (name: 'working-set' | 'workers', min: number) => {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value < min) throw new Error(`--${name}: a whole number ≥ ${min}, got ${values[name]}`);
  return value;
};
const workingSet = count('working-set', 1_000);
const workers = count('workers', 1);

const kafka = createKafka({ brokers: values.brokers.split(','), clientId: 'hotline-rebuild' });
const elasticsearch = createElasticsearch({ url: values.elasticsearch });
const projection = () => {
  const sla = loadSlaConfig(process.env.CONFIG_DIR ?? fileURLToPath(new URL('../../config', import.meta.url)));
  return createProjectionContext(sla, createCalendar(sla.holidays, { uncoveredYears: 'weekend-fallback' }));
};

type FromWorker = { progress: FoldProgress } | { result: FoldResult; cpuSeconds: number } | { error: string };

const cpuSecondsOf = ({ user, system } = process.cpuUsage()) => (user + system) / 1e6;
/** CPU seconds the fold workers used (each reports its own before it exits). */
let workersCpuSeconds = 0;

if (values['fold-worker']) {
  const { plan, only } = JSON.parse(values['fold-worker']) as { plan: RebuildPlan; only: number[] };
  const send = (message: FromWorker) => new Promise<void>((resolve) => process.send!(message, () => resolve()));
  let last = 0;
  try {
    const result = await foldPartitions({ kafka, elasticsearch, projection: projection() }, plan, {
      workingSet,
      only,
      onProgress: (progress) => {
        if (Date.now() - last < 500) return;
        last = Date.now();
        process.send!({ progress } satisfies FromWorker);
      },
    });
    await send({ result, cpuSeconds: cpuSecondsOf() });
  } catch (err) {
    await send({ error: (err as Error).message });
    process.exitCode = 1;
  }
  process.disconnect();
} else {
  await main();
}

/** Folds the plan's partitions over `workers` processes (round robin), each with its share of the working set. */
async function foldInWorkers(plan: RebuildPlan, onProgress: (progress: FoldProgress) => void): Promise<FoldResult> {
  const partitions = Object.keys(plan.partitions).map(Number).sort((a, b) => a - b);
  const shares = Array.from({ length: Math.min(workers, partitions.length) }, (_, w) => partitions.filter((_, i) => i % workers === w));
  const progress = shares.map(() => ({ events: 0, tickets: 0 }));
  const results = await Promise.all(shares.map((only, w) => new Promise<FoldResult>((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--fold-worker', JSON.stringify({ plan, only }), '--working-set', String(Math.ceil(workingSet / shares.length)), '--brokers', values.brokers, '--elasticsearch', values.elasticsearch], {
      // A larger young generation: the fold's short-lived garbage (decoded events, superseded documents) dies
      // there instead of being promoted. At 200,000 tickets: 40-51 s against 58-69 s with V8's default, and a
      // quarter less CPU (16 MiB did as well as 32; 64 MiB worse).
      execArgv: [...process.execArgv, '--max-semi-space-size=32'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    // The benches' CPU profiler (bench/lib/cpu-profiler.ts) starts on SIGUSR2: the workers, which fold, get it too.
    if (process.env.BENCH_CPU_PROFILE_DIR) process.on('SIGUSR2', () => child.kill('SIGUSR2'));
    let outcome: FoldResult | undefined;
    let error: string | undefined;
    child.on('message', (message: FromWorker) => {
      if ('progress' in message) {
        progress[w] = message.progress;
        onProgress(progress.reduce((sum, p) => ({ events: sum.events + p.events, tickets: sum.tickets + p.tickets }), { events: 0, tickets: 0 }));
      } else if ('result' in message) {
        outcome = message.result;
        workersCpuSeconds += message.cpuSeconds;
      } else error = message.error;
    });
    child.once('exit', (code) => (outcome && code === 0 ? resolve(outcome) : reject(new Error(`fold of partitions ${only.join(',')} failed (exit ${code}): ${error ?? 'no result'}`))));
  })));
  const notApplied: Record<string, number> = {};
  for (const result of results) for (const [reason, n] of Object.entries(result.notApplied)) notApplied[reason] = (notApplied[reason] ?? 0) + n;
  const sum = (key: 'events' | 'undecodable' | 'readBack') => results.reduce((total, result) => total + result[key], 0);
  return { events: sum('events'), undecodable: sum('undecodable'), readBack: sum('readBack'), notApplied };
}

async function main() {
  const options = {
    topics: prefixedTopics(process.env.TOPIC_PREFIX ?? ''),
    indices: indexNames(process.env.INDEX_PREFIX ?? ''),
    trackerGroupId: process.env.TRACKER_GROUP_ID ?? 'hotline-tracker',
    keepPrevious: values['keep-previous'],
  };
  let bar: ReturnType<typeof progressBar> | undefined;
  try {
    const started = performance.now();
    const plan = await prepareRebuild({ kafka, elasticsearch }, options);
    bar = progressBar('rebuild: events', plan.totalEvents);
    const onProgress = ({ events, tickets }: FoldProgress) => bar?.update(events, `${tickets} tickets`);
    const folded = workers > 1
      ? await foldInWorkers(plan, onProgress)
      : await foldPartitions({ kafka, elasticsearch, projection: projection() }, plan, { workingSet, onProgress });
    bar.finish();
    const result = { ...folded, ...(await finishRebuild({ elasticsearch }, options, plan)), workers, seconds: (performance.now() - started) / 1000 };
    if (values.json) {
      console.log(JSON.stringify({ ...result, cpuSeconds: cpuSecondsOf() + workersCpuSeconds }));
    } else {
      const skipped = Object.entries(result.notApplied).map(([reason, n]) => `${reason} ${n}`).join(', ') || 'none';
      console.log(`rebuilt ${result.tickets} tickets from ${result.events} events in ${result.seconds.toFixed(1)} s (${Math.round(result.tickets / result.seconds)} tickets/s, ${workers} worker(s)) into ${result.index}`);
      console.log(`  not applied: ${skipped}; undecodable: ${result.undecodable}; read back after writing out early: ${result.readBack}`);
      console.log(`  the alias now serves ${result.index}; ${result.previous.length > 0 ? `${values['keep-previous'] ? 'kept' : 'deleted'} ${result.previous.join(', ')}` : 'there was no previous generation'}`);
    }
  } catch (err) {
    bar?.finish();
    console.error(`rebuild failed: ${(err as Error).message}`);
    process.exitCode = 1;
  }
}
