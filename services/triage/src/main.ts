import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { loadClassifier } from '@hotline/classifier';
import { runConsumerService, serviceConfigSchema } from '@hotline/kafka';
import { loadCityConfig, loadFineCatalog } from '@hotline/routing';
import { prefixedTopics } from '@hotline/contracts';
import { createTriageApp, DEFAULT_RECORDS_PER_CALL } from './app.ts';

const configSchema = serviceConfigSchema.extend({
  HEALTH_PORT: serviceConfigSchema.shape.HEALTH_PORT.default(7102),
  TRIAGE_GROUP_ID: z.string().min(1).default('hotline-triage'),
  TOPIC_PREFIX: z.string().default(''),
  CITY_CONFIG_DIR: z.string().default(fileURLToPath(new URL('../../../config/city', import.meta.url))),
  FINE_CATEGORIES_FILE: z.string().default(fileURLToPath(new URL('../../../config/fine-categories.json', import.meta.url))),
  CLASSIFIER_MODEL: z.string().optional(),
  /** Below this classifier confidence, an operator decides (manual triage queue); default: the model's gating threshold. */
  TRIAGE_MIN_CONFIDENCE: z.coerce.number().min(0).max(1).optional(),
  /** Event-log records per handler call (about a third of them TicketReceived): see TriageConfig.recordsPerCall. */
  TRIAGE_RECORDS_PER_CALL: z.coerce.number().int().min(1).max(10_000).default(DEFAULT_RECORDS_PER_CALL),
});

await runConsumerService({
  service: 'triage',
  configSchema,
  build: (config, deps) => {
    const city = loadCityConfig(config.CITY_CONFIG_DIR);
    return createTriageApp(
      {
        sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
        groupId: config.TRIAGE_GROUP_ID,
        topics: prefixedTopics(config.TOPIC_PREFIX),
        recordsPerCall: config.TRIAGE_RECORDS_PER_CALL,
      },
      {
        ...deps,
        city,
        classifier: loadClassifier(config.CLASSIFIER_MODEL),
        fineCatalog: loadFineCatalog(config.FINE_CATEGORIES_FILE),
        ...(config.TRIAGE_MIN_CONFIDENCE === undefined ? {} : { minConfidence: config.TRIAGE_MIN_CONFIDENCE }),
      },
    );
  },
});
