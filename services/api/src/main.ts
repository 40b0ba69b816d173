import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { prefixedTopics } from '@hotline/contracts';
import { connectProducer, createKafka, DEFAULT_ADMISSION } from '@hotline/kafka';
import { loadCityConfig } from '@hotline/routing';
import { loadSlaConfig } from '@hotline/sla';
import { baseConfigSchema, configFields, createLogger, GracefulShutdown, loadConfig } from '@hotline/runtime';
import { createElasticsearch, indexNames } from '@hotline/store';
import { createApi } from './app.ts';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const configSchema = baseConfigSchema.extend({
  API_PORT: configFields.port.default(7100),
  API_HOST: z.string().default('127.0.0.1'),
  TOPIC_PREFIX: z.string().default(''),
  INDEX_PREFIX: z.string().default(''),
  CONFIG_DIR: z.string().default(path.join(repoRoot, 'config')),
  CONSOLE_DIR: z.string().default(path.join(repoRoot, 'services/console/dist')),
  /** At least 32 characters. When unset, one is generated once and kept in API_TOKEN_SECRET_FILE. */
  API_TOKEN_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  API_TOKEN_SECRET_FILE: z.string().default(path.join(repoRoot, '.state/api-token-secret')),
  API_TOKEN_TTL_HOURS: z.coerce.number().min(0.01).max(24 * 30).default(8),
  API_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  API_LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(30),
  API_LOGIN_WINDOW_MINUTES: z.coerce.number().min(0.01).default(15),
  API_COMMAND_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  API_DEMO_USERS: z.enum(['true', 'false']).default('false').transform((value) => value === 'true'),
  // The services' own variables, read here for the command center's backlog view (/api/pipeline).
  INGEST_GROUP_ID: z.string().min(1).default('hotline-ingest'),
  TRIAGE_GROUP_ID: z.string().min(1).default('hotline-triage'),
  TRACKER_GROUP_ID: z.string().min(1).default('hotline-tracker'),
  INGEST_TRIAGE_BACKLOG_LIMIT: z.coerce.number().int().min(0).default(DEFAULT_ADMISSION.limit),
});

function tokenSecret(config: z.infer<typeof configSchema>): string {
  if (config.API_TOKEN_SECRET) return config.API_TOKEN_SECRET;
  if (existsSync(config.API_TOKEN_SECRET_FILE)) return readFileSync(config.API_TOKEN_SECRET_FILE, 'utf8').trim();
  mkdirSync(path.dirname(config.API_TOKEN_SECRET_FILE), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(config.API_TOKEN_SECRET_FILE, `${secret}\n`, { mode: 0o600 });
  chmodSync(config.API_TOKEN_SECRET_FILE, 0o600);
  return secret;
}

let config: z.infer<typeof configSchema>;
try {
  config = loadConfig(configSchema);
} catch (err) {
  process.stderr.write(`api: ${(err as Error).message}\n`);
  process.exit(2);
}
const logger = createLogger({ service: 'api', level: config.LOG_LEVEL });
const shutdown = new GracefulShutdown(logger);
shutdown.installSignalHandlers();
try {
  const kafkaLog = logger.child({ module: 'kafkajs' });
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'api', log: (level, message, fields) => kafkaLog[level](fields, message) });
  const producer = await connectProducer(kafka);
  shutdown.add('producer', () => producer.disconnect());
  const elasticsearch = createElasticsearch({ url: config.ELASTICSEARCH_URL });
  const city = loadCityConfig(path.join(config.CONFIG_DIR, 'city'));
  const app = await createApi(
    {
      indices: indexNames(config.INDEX_PREFIX),
      topics: prefixedTopics(config.TOPIC_PREFIX),
      indexPrefix: config.INDEX_PREFIX,
      tokenSecret: tokenSecret(config),
      tokenTtlMs: config.API_TOKEN_TTL_HOURS * 3600_000,
      login: { maxFailuresPerUser: config.API_LOGIN_MAX_FAILURES, maxFailuresPerAddress: config.API_LOGIN_MAX_FAILURES_PER_ADDRESS, windowMs: config.API_LOGIN_WINDOW_MINUTES * 60_000 },
      commandWaitMs: config.API_COMMAND_WAIT_MS,
      consoleDir: config.CONSOLE_DIR,
      demoUsers: config.API_DEMO_USERS,
      pipeline: {
        groups: { ingest: config.INGEST_GROUP_ID, triage: config.TRIAGE_GROUP_ID, tracker: config.TRACKER_GROUP_ID },
        admissionLimit: config.INGEST_TRIAGE_BACKLOG_LIMIT,
      },
    },
    {
      elasticsearch,
      kafka,
      producer,
      logger,
      departments: city.departments.map((department) => ({ id: department.id, name: department.name, ...(department.district ? { district: department.district } : {}) })),
      calendar: loadSlaConfig(config.CONFIG_DIR).calendar,
    },
  );
  await app.listen({ port: config.API_PORT, host: config.API_HOST });
  shutdown.add('http server', () => app.close());
  if (!existsSync(config.CONSOLE_DIR)) logger.warn({ consoleDir: config.CONSOLE_DIR }, 'console not built: only the API is served (pnpm --filter @hotline/console build)');
  logger.info({ port: config.API_PORT, host: config.API_HOST }, 'started');
} catch (err) {
  logger.fatal({ err }, 'start-up failed');
  await shutdown.shutdown('start-up failed').catch(() => undefined);
  process.exit(1);
}
