export { HotlineError, isRetriable } from './errors.ts';
export { loadConfig, configFields, baseConfigSchema } from './config.ts';
export { createLogger, type Logger } from './logger.ts';
export { GracefulShutdown } from './shutdown.ts';
export { startHealthServer, type HealthCheck, type HealthServer } from './health.ts';
