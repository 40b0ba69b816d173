import type { Kafka, Producer } from 'kafkajs';
import { z } from 'zod';
import { baseConfigSchema, configFields, createLogger, GracefulShutdown, loadConfig, Metrics, startHealthServer, type HealthCheck, type Logger } from '@hotline/runtime';
import { createKafka } from './client.ts';
import { connectProducer } from './producer.ts';

/** What a consumer service's app.ts builds: started and stopped by `runConsumerService`, tested directly. */
export interface ServiceApp {
  start(): Promise<void>;
  /** Stop consuming and finish the batch in hand. */
  stop(): Promise<void>;
  /** True once the service is consuming. */
  isReady(): boolean;
  /** Further readiness checks, e.g. Elasticsearch. */
  checks?: Record<string, HealthCheck>;
}

export interface ServiceDeps {
  kafka: Kafka;
  producer: Producer;
  logger: Logger;
  metrics: Metrics;
  /** The consumer stopped for good: the process should exit so its supervisor restarts it. */
  onFatal?: (error: Error) => void;
}

/** The runner options every service passes the same way: its clients, metrics and what to do when consuming dies. */
export function runnerDeps(deps: ServiceDeps) {
  return { kafka: deps.kafka, producer: deps.producer, metrics: deps.metrics, ...(deps.onFatal ? { onFatal: deps.onFatal } : {}) };
}

/** The environment every consumer service reads, plus its own variables. */
export const serviceConfigSchema = baseConfigSchema.extend({
  HEALTH_PORT: configFields.port,
  /** How long the group waits for a silent member before giving its partitions to others (after a crash). */
  KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000).max(300_000).default(30_000),
});

/**
 * A service's main: reads and validates the environment, makes the one root logger, connects, builds the app,
 * serves /health and /metrics, and shuts down in reverse order on SIGTERM/SIGINT. Exits non-zero with a clear
 * message when the configuration is invalid or start-up fails.
 */
export async function runConsumerService<S extends z.ZodObject>(options: {
  service: string;
  configSchema: S;
  build: (config: z.infer<S>, deps: ServiceDeps) => ServiceApp | Promise<ServiceApp>;
  env?: Record<string, string | undefined>;
}): Promise<void> {
  // The schema extends serviceConfigSchema (checked when it is parsed): its shared fields are there.
  let config: z.infer<S> & z.infer<typeof serviceConfigSchema>;
  try {
    config = loadConfig(options.configSchema, options.env ?? process.env) as typeof config;
  } catch (err) {
    process.stderr.write(`${options.service}: ${(err as Error).message}\n`);
    process.exit(2);
  }
  const logger = createLogger({ service: options.service, level: config.LOG_LEVEL });
  const shutdown = new GracefulShutdown(logger);
  shutdown.installSignalHandlers();
  try {
    const kafkaLog = logger.child({ module: 'kafkajs' });
    const kafka = createKafka({
      brokers: config.KAFKA_BROKERS,
      clientId: options.service,
      log: (level, message, fields) => kafkaLog[level](fields, message),
    });
    const producer = await connectProducer(kafka);
    shutdown.add('producer', () => producer.disconnect());
    const metrics = new Metrics();
    const onFatal = (error: Error) => {
      logger.fatal({ err: error }, 'consumer stopped for good: exiting so the service is restarted');
      void shutdown.shutdown('consumer crashed').finally(() => process.exit(1));
    };
    const app = await options.build(config, { kafka, producer, logger, metrics, onFatal });
    const health = await startHealthServer({
      port: config.HEALTH_PORT,
      checks: {
        consuming: async () => { if (!app.isReady()) throw new Error('not consuming yet'); },
        ...app.checks,
      },
      metrics: () => metrics.render(),
    });
    shutdown.add('health endpoint', () => health.close());
    await app.start();
    shutdown.add('consumer', () => app.stop());
    logger.info({ healthPort: health.port }, 'started');
  } catch (err) {
    logger.fatal({ err }, 'start-up failed');
    await shutdown.shutdown('start-up failed').catch(() => undefined);
    process.exit(1);
  }
}
