import { z } from 'zod';
import { DEFAULT_ADMISSION, runConsumerService, serviceConfigSchema } from '@hotline/kafka';
import { prefixedTopics } from '@hotline/contracts';
import { createIngestApp } from './app.ts';

const configSchema = serviceConfigSchema.extend({
  HEALTH_PORT: serviceConfigSchema.shape.HEALTH_PORT.default(7101),
  INGEST_GROUP_ID: z.string().min(1).default('hotline-ingest'),
  TOPIC_PREFIX: z.string().default(''),
  /** Triage's consumer group, whose backlog ingest watches (the same variable triage reads). */
  TRIAGE_GROUP_ID: z.string().min(1).default('hotline-triage'),
  /** Events of the log triage may have left to read before intake waits; 0 turns admission control off. */
  INGEST_TRIAGE_BACKLOG_LIMIT: z.coerce.number().int().min(0).default(DEFAULT_ADMISSION.limit),
  /** How long triage may commit nothing before intake stops waiting for it. */
  INGEST_TRIAGE_STALLED_AFTER_MS: z.coerce.number().int().min(1_000).default(DEFAULT_ADMISSION.stalledAfterMs),
});

await runConsumerService({
  service: 'ingest',
  configSchema,
  build: (config, deps) =>
    createIngestApp(
      {
        sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
        groupId: config.INGEST_GROUP_ID,
        topics: prefixedTopics(config.TOPIC_PREFIX),
        admission: { triageGroupId: config.TRIAGE_GROUP_ID, limit: config.INGEST_TRIAGE_BACKLOG_LIMIT, stalledAfterMs: config.INGEST_TRIAGE_STALLED_AFTER_MS },
      },
      deps,
    ),
});
