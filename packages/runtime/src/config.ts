import { z } from 'zod';
import { HotlineError } from '@hotline/contracts';

/**
 * Reads configuration from the environment through a zod object schema whose keys are the variable names.
 * Fails fast with one message that names every bad or missing variable and what was expected of it.
 */
export function loadConfig<S extends z.ZodObject>(schema: S, env: Record<string, string | undefined> = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = issue.path.join('.') || '(environment)';
    const value = issue.path.length > 0 ? env[String(issue.path[0])] : undefined;
    return `  ${variable}: ${issue.message}${value === undefined ? ' (not set)' : ` (got ${JSON.stringify(value)})`}`;
  });
  throw new HotlineError('CONFIG_INVALID', `invalid configuration:\n${problems.join('\n')}`, { retriable: false });
}

/** Building blocks for service config schemas, so every service spells the shared variables the same way. */
export const configFields = {
  /** Comma-separated host:port list, e.g. "127.0.0.1:9092,127.0.0.1:9094". */
  kafkaBrokers: z
    .string()
    .default('127.0.0.1:9092')
    .transform((value) => value.split(',').map((broker) => broker.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'expected host:port')).min(1, 'expected at least one broker')),
  elasticsearchUrl: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL such as http://127.0.0.1:9200' }).default('http://127.0.0.1:9200'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  port: z.coerce.number().int().min(0).max(65535),
};

export const baseConfigSchema = z.object({
  KAFKA_BROKERS: configFields.kafkaBrokers,
  ELASTICSEARCH_URL: configFields.elasticsearchUrl,
  LOG_LEVEL: configFields.logLevel,
});
