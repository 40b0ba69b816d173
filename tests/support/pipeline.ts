import { fileURLToPath } from 'node:url';
import { prefixedTopics, TOPIC_SPECS, type TicketDocument } from '@hotline/contracts';
import { loadClassifier } from '@hotline/classifier';
import { connectProducer, createKafka, DEFAULT_ADMISSION, ensureTopics, type Kafka, type Producer, type ServiceApp, type ServiceDeps } from '@hotline/kafka';
import { loadCityConfig, loadFineCatalog } from '@hotline/routing';
import { createLogger, Metrics } from '@hotline/runtime';
import { createCalendar, loadSlaConfig } from '@hotline/sla';
import { createElasticsearch, indexNames, type IndexNames } from '@hotline/store';
import type { ProjectionContext } from '@hotline/lifecycle';
import { createIngestApp } from '../../services/ingest/src/app.ts';
import { createTrackerApp } from '../../services/tracker/src/app.ts';
import { createProjectionContext } from '../../services/tracker/src/projection-context.ts';
import { createTriageApp } from '../../services/triage/src/app.ts';

const configDir = fileURLToPath(new URL('../../config', import.meta.url));

/** Creates the project's topics under the prefix, with their real partition counts. */
export async function createRunTopics(kafka: Kafka, prefix: string): Promise<ReturnType<typeof prefixedTopics>> {
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, TOPIC_SPECS.map((spec) => ({ ...spec, topic: `${prefix}${spec.topic}` })));
  await admin.disconnect();
  return prefixedTopics(prefix);
}

/** Counts the tickets that reached a final triage state, and returns them. */
export async function triagedTickets(elasticsearch: ReturnType<typeof createElasticsearch>, alias: string) {
  await elasticsearch.indices.refresh({ index: alias });
  const docs: TicketDocument[] = [];
  let searchAfter: string[] | undefined;
  for (;;) {
    const page = await elasticsearch.search<TicketDocument>({
      index: alias,
      size: 5_000,
      sort: [{ ticketId: 'asc' }],
      query: { terms: { status: ['routed', 'manual_triage'] } },
      ...(searchAfter ? { search_after: searchAfter } : {}),
    });
    docs.push(...page.hits.hits.map((hit) => hit._source!));
    if (page.hits.hits.length < 5_000) return docs;
    searchAfter = page.hits.hits.at(-1)!.sort as string[];
  }
}

export interface InProcessPipeline {
  kafka: Kafka;
  producer: Producer;
  topics: ReturnType<typeof prefixedTopics>;
  indices: IndexNames;
  elasticsearch: ReturnType<typeof createElasticsearch>;
  projection: ProjectionContext;
  apps: { ingest: ServiceApp; triage: ServiceApp; tracker: ReturnType<typeof createTrackerApp> };
  /** Each service's metrics registry (what its /metrics would serve). */
  metrics: Record<'ingest' | 'triage' | 'tracker', Metrics>;
  /** Stops the tracker and starts a new one in the same consumer group, as a restart would. */
  restartTracker(): Promise<void>;
  /** Projects the event log again, from its first record, into indices under the given prefix. */
  rebuild(indexPrefix: string): Promise<IndexNames>;
  stop(): Promise<void>;
}

/**
 * The three pipeline services built from their app.ts, in this process, against the real engines: the same
 * code main.ts runs, with per-run topics, consumer groups and indices and short session timeouts.
 */
export async function startPipeline(options: { kafkaBrokers: string; elasticsearchUrl: string; runId: string }): Promise<InProcessPipeline> {
  const prefix = `${options.runId}.`;
  const topics = prefixedTopics(prefix);
  const kafka = createKafka({ brokers: options.kafkaBrokers.split(','), clientId: options.runId });
  await createRunTopics(kafka, prefix);

  const producer = await connectProducer(kafka);
  // One registry per service, kept across restarts, as a process's /metrics would read.
  const metrics = { ingest: new Metrics(), triage: new Metrics(), tracker: new Metrics() };
  const deps = (service: keyof typeof metrics): ServiceDeps => ({ kafka, producer, logger: createLogger({ service, level: 'error' }), metrics: metrics[service] });
  const city = loadCityConfig(`${configDir}/city`);
  const sla = loadSlaConfig(configDir);
  const calendar = createCalendar(sla.holidays, { uncoveredYears: 'weekend-fallback' });
  const elasticsearch = createElasticsearch({ url: options.elasticsearchUrl });
  const indices = indexNames(`${options.runId}-`);
  const sessionTimeoutMs = 10_000;

  const projection = createProjectionContext(sla, calendar);
  const trackerFor = (groupId: string, indices: IndexNames) =>
    createTrackerApp({ groupId, topics, indices, sessionTimeoutMs, slaSweepIntervalMs: 0, calendar }, { ...deps('tracker'), elasticsearch, projection });
  const extraApps: ServiceApp[] = [];

  const apps = {
    ingest: createIngestApp({ groupId: `${prefix}ingest`, topics, sessionTimeoutMs, admission: { ...DEFAULT_ADMISSION, triageGroupId: `${prefix}triage` } }, deps('ingest')),
    triage: createTriageApp(
      { groupId: `${prefix}triage`, topics, sessionTimeoutMs },
      { ...deps('triage'), city, classifier: loadClassifier(), fineCatalog: loadFineCatalog(`${configDir}/fine-categories.json`) },
    ),
    tracker: trackerFor(`${prefix}tracker`, indices),
  };
  await Promise.all(Object.values(apps).map((app) => app.start()));

  return {
    kafka,
    producer,
    topics,
    indices,
    elasticsearch,
    projection,
    apps,
    metrics,
    async restartTracker() {
      await apps.tracker.stop();
      apps.tracker = trackerFor(`${prefix}tracker`, indices);
      await apps.tracker.start();
    },
    async rebuild(indexPrefix: string) {
      // A second tracker with its own group reads the whole event log from the start into fresh indices.
      const rebuilt = indexNames(indexPrefix);
      const tracker = trackerFor(`${prefix}rebuild-${indexPrefix}`, rebuilt);
      extraApps.push(tracker);
      await tracker.start();
      return rebuilt;
    },
    async stop() {
      await Promise.all([...Object.values(apps), ...extraApps].map((app) => app.stop()));
      await producer.disconnect();
      await elasticsearch.close();
    },
  };
}

/** Reads every record of a topic from the beginning until `count` have arrived (or the timeout passes). */
export async function readTopic(kafka: Kafka, topic: string, count: number, timeoutMs = 60_000) {
  const consumer = kafka.consumer({ groupId: `${topic}.reader.${Date.now()}`, sessionTimeout: 10_000, heartbeatInterval: 2_000 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const records: Array<{ key: Buffer | null; value: Buffer | null; headers: Record<string, string> }> = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${records.length} of ${count} records arrived on ${topic} within ${timeoutMs} ms`)), timeoutMs);
      consumer
        .run({
          eachMessage: async ({ message }) => {
            const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([key, value]) => [key, String(value)]));
            records.push({ key: message.key, value: message.value, headers });
            if (records.length >= count) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return records;
}

/** Polls a condition until it holds: for outcomes that only show in Elasticsearch after a refresh. */
export async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, options: { timeoutMs: number; what: string }): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let last: T = await probe();
  while (!accept(last)) {
    if (Date.now() > deadline) throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.what}; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
    last = await probe();
  }
  return last;
}
