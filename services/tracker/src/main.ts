import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { runConsumerService, serviceConfigSchema } from '@hotline/kafka';
import { createCalendar, loadSlaConfig } from '@hotline/sla';
import { createElasticsearch, indexNames } from '@hotline/store';
import { prefixedTopics } from '@hotline/contracts';
import { createTrackerApp, DEFAULT_DECISION_WAIT_MS, DEFAULT_REMEMBER_WRITTEN } from './app.ts';
import { createProjectionContext } from './projection-context.ts';

const configSchema = serviceConfigSchema.extend({
  HEALTH_PORT: serviceConfigSchema.shape.HEALTH_PORT.default(7103),
  TRACKER_GROUP_ID: z.string().min(1).default('hotline-tracker'),
  TOPIC_PREFIX: z.string().default(''),
  INDEX_PREFIX: z.string().default(''),
  CONFIG_DIR: z.string().default(fileURLToPath(new URL('../../../config', import.meta.url))),
  /**
   * A deadline in a year the holiday file does not cover: 'weekend-fallback' counts weekends only and stores the
   * warning on the ticket (and logs it); 'error' refuses, which dead-letters the event. A ticket must not vanish
   * because next year's holiday notice is not out yet, so the fallback is the default.
   */
  SLA_UNCOVERED_YEARS: z.enum(['weekend-fallback', 'error']).default('weekend-fallback'),
  /** How often the SLA sweep looks for yellow and red clocks: a light changes at most this long after its threshold. */
  SLA_SWEEP_INTERVAL_MS: z.coerce.number().int().min(1_000).default(60_000),
  /** How many of the tickets it wrote the tracker keeps to read them again without Elasticsearch (0: none). */
  TRACKER_REMEMBER_WRITTEN: z.coerce.number().int().min(0).default(DEFAULT_REMEMBER_WRITTEN),
  /** How long a received ticket waits for triage's decision before it is indexed undecided (0: at once). */
  TRACKER_DECISION_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(DEFAULT_DECISION_WAIT_MS),
});

await runConsumerService({
  service: 'tracker',
  configSchema,
  build: (config, deps) => {
    const sla = loadSlaConfig(config.CONFIG_DIR);
    const calendar = createCalendar(sla.holidays, { uncoveredYears: config.SLA_UNCOVERED_YEARS });
    const elasticsearch = createElasticsearch({ url: config.ELASTICSEARCH_URL });
    return createTrackerApp(
      {
        sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
        groupId: config.TRACKER_GROUP_ID,
        topics: prefixedTopics(config.TOPIC_PREFIX),
        indices: indexNames(config.INDEX_PREFIX),
        slaSweepIntervalMs: config.SLA_SWEEP_INTERVAL_MS,
        rememberWritten: config.TRACKER_REMEMBER_WRITTEN,
        decisionWaitMs: config.TRACKER_DECISION_WAIT_MS,
        calendar,
      },
      {
        ...deps,
        elasticsearch,
        projection: createProjectionContext(sla, calendar),
      },
    );
  },
});
