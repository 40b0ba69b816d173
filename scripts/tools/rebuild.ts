// Rebuilds the ticket index from the ticket event log (after a mapping or projection change, or a lost index).
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { prefixedTopics } from '@hotline/contracts';
import { createKafka } from '@hotline/kafka';
import { createCalendar, loadSlaConfig } from '@hotline/sla';
import { createElasticsearch, indexNames } from '@hotline/store';
import { createProjectionContext } from '../../services/tracker/src/projection-context.ts';
import { rebuildTicketIndex } from '../../services/tracker/src/rebuild.ts';
import { progressBar } from './progress.ts';

const { values } = parseArgs({
  options: {
    brokers: { type: 'string', default: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092' },
    elasticsearch: { type: 'string', default: process.env.ELASTICSEARCH_URL ?? 'http://127.0.0.1:9200' },
    'working-set': { type: 'string', default: '200000' },
    'keep-previous': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(`usage: bash scripts/rebuild [--keep-previous] [--working-set 200000] [--json]
  Reads the whole ticket event log (to its end when the rebuild starts), folds every ticket in memory with the
  tracker's own projection, writes each ticket once into a new index generation, then moves the tickets alias to
  it in one step and deletes the previous generation (--keep-previous keeps it). The audit index is not rebuilt.
  Stop the tracker first (bash scripts/stack down services) and start it again after (bash scripts/stack up):
  it resumes from its committed offsets. Environment: KAFKA_BROKERS, ELASTICSEARCH_URL, TOPIC_PREFIX,
  INDEX_PREFIX, TRACKER_GROUP_ID (default hotline-tracker), CONFIG_DIR.`);
  process.exit(0);
}
const workingSet = Number(values['working-set']);
if (!Number.isInteger(workingSet) || workingSet < 1_000) throw new Error(`--working-set: a whole number ≥ 1000, got ${values['working-set']}`);

const sla = loadSlaConfig(process.env.CONFIG_DIR ?? fileURLToPath(new URL('../../config', import.meta.url)));
const projection = createProjectionContext(sla, createCalendar(sla.holidays, { uncoveredYears: 'weekend-fallback' }));
const kafka = createKafka({ brokers: values.brokers.split(','), clientId: 'hotline-rebuild' });
const elasticsearch = createElasticsearch({ url: values.elasticsearch });
let bar: ReturnType<typeof progressBar> | undefined;
try {
  const result = await rebuildTicketIndex(
    { kafka, elasticsearch, projection },
    {
      topics: prefixedTopics(process.env.TOPIC_PREFIX ?? ''),
      indices: indexNames(process.env.INDEX_PREFIX ?? ''),
      trackerGroupId: process.env.TRACKER_GROUP_ID ?? 'hotline-tracker',
      workingSet,
      keepPrevious: values['keep-previous'],
      onProgress: ({ events, totalEvents, tickets }) => (bar ??= progressBar('rebuild: events', totalEvents)).update(events, `${tickets} tickets`),
    },
  );
  bar?.finish();
  if (values.json) {
    const { user, system } = process.cpuUsage();
    console.log(JSON.stringify({ ...result, cpuSeconds: (user + system) / 1e6 }));
  } else {
    const skipped = Object.entries(result.notApplied).map(([reason, count]) => `${reason} ${count}`).join(', ') || 'none';
    console.log(`rebuilt ${result.tickets} tickets from ${result.events} events in ${result.seconds.toFixed(1)} s (${Math.round(result.tickets / result.seconds)} tickets/s) into ${result.index}`);
    console.log(`  not applied: ${skipped}; undecodable: ${result.undecodable}; read back after writing out early: ${result.readBack}`);
    console.log(`  the alias now serves ${result.index}; ${result.previous.length > 0 ? `${values['keep-previous'] ? 'kept' : 'deleted'} ${result.previous.join(', ')}` : 'there was no previous generation'}`);
  }
} catch (err) {
  bar?.finish();
  console.error(`rebuild failed: ${(err as Error).message}`);
  process.exitCode = 1;
}
