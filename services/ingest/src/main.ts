import { z } from 'zod';
import { runConsumerService, serviceConfigSchema } from '@hotline/kafka';
import { prefixedTopics } from '@hotline/contracts';
import { createIngestApp } from './app.ts';

const configSchema = serviceConfigSchema.extend({
  HEALTH_PORT: serviceConfigSchema.shape.HEALTH_PORT.default(7101),
  INGEST_GROUP_ID: z.string().min(1).default('hotline-ingest'),
  TOPIC_PREFIX: z.string().default(''),
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
      },
      deps,
    ),
});
