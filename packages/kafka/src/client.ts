import { Kafka, logLevel, type Admin, type ITopicConfig, type KafkaConfig, type LogEntry } from 'kafkajs';
import type { TopicSpec } from '@hotline/contracts';

export type KafkaLogSink = (level: 'error' | 'warn' | 'info' | 'debug', message: string, fields: Record<string, unknown>) => void;

/**
 * A kafkajs client for the project. kafkajs logs through the given sink (a pino child in services) instead of
 * its own console logger, so every line stays JSON.
 */
export function createKafka(options: { brokers: string[]; clientId: string; log?: KafkaLogSink } & Pick<KafkaConfig, 'retry' | 'connectionTimeout' | 'requestTimeout'>): Kafka {
  const { brokers, clientId, log, ...rest } = options;
  return new Kafka({
    brokers,
    clientId,
    ...rest,
    logLevel: log ? logLevel.INFO : logLevel.NOTHING,
    logCreator: () => ({ namespace, level, log: entry }: LogEntry) => {
      if (!log) return;
      const { message, ...fields } = entry;
      const name = level <= logLevel.ERROR ? 'error' : level === logLevel.WARN ? 'warn' : level === logLevel.INFO ? 'info' : 'debug';
      log(name, message, { namespace, ...fields });
    },
  });
}

/**
 * Creates the given topics with their partition counts when missing (idempotent) and returns the names it
 * created. Existing topics are left as they are: changing a partition count moves keys (a planned migration).
 */
export async function ensureTopics(admin: Admin, topics: readonly TopicSpec[], options: { replicationFactor?: number } = {}): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing: ITopicConfig[] = topics
    .filter(({ topic }) => !existing.has(topic))
    .map(({ topic, partitions, config }) => ({
      topic,
      numPartitions: partitions,
      replicationFactor: options.replicationFactor ?? 1,
      configEntries: Object.entries(config ?? {}).map(([name, value]) => ({ name, value })),
    }));
  if (missing.length > 0) await admin.createTopics({ topics: missing, waitForLeaders: true });
  return missing.map(({ topic }) => topic);
}
