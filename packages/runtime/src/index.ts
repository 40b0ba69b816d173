export { HotlineError, isRetriable } from '@hotline/contracts';
export { loadConfig, configFields, baseConfigSchema } from './config.ts';
export { createLogger, type Logger } from './logger.ts';
export { GracefulShutdown } from './shutdown.ts';
export { startHealthServer, withTimeout, type HealthCheck, type HealthServer } from './health.ts';
export { Metrics } from './metrics.ts';
