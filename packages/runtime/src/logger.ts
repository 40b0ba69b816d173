import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/**
 * The one root logger of a process: JSON lines to stdout, ISO timestamps, errors under `err`.
 * Components take `logger.child({ module })`; handlers add `ticketId` to every line about a ticket.
 */
export function createLogger(options: { service: string; level?: string; destination?: pino.DestinationStream }): Logger {
  const config: LoggerOptions = {
    level: options.level ?? 'info',
    base: { service: options.service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { err: pino.stdSerializers.err },
    formatters: { level: (label) => ({ level: label }) },
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}
