import { connectProducer, createKafka, type Kafka } from '@hotline/kafka';
import { createElasticsearch } from '@hotline/store';
import { dropRun } from '../../tests/support/cleanup.ts';
import { enginePids } from './profile.ts';
import { describeMachine } from './report.ts';

type Client = ReturnType<typeof createElasticsearch>;

export const engines = {
  kafkaBrokers: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
  elasticsearchUrl: process.env.ELASTICSEARCH_URL ?? 'http://127.0.0.1:9200',
};

/**
 * One bench run's clients and its namespace: every topic, consumer group, index and index template it makes starts
 * with `runId`, so runs never touch the default names or each other, and `drop()` finds everything it made.
 */
export interface BenchRun {
  runId: string;
  kafka: Kafka;
  elasticsearch: Client;
  /** Names for one setup of the run (e.g. the pipeline, the skeleton): `${runId}-${name}` then `.` for topics, `-` for indices. */
  scope(name: string): { id: string; topicPrefix: string; indexPrefix: string };
  /** Deletes the run's indices, index templates, consumer groups and topics. */
  drop(): Promise<void>;
  /** Runs `cleanup` then exits on Ctrl-C, so an interrupted run leaves nothing behind. */
  onInterrupt(cleanup: () => Promise<void>): void;
}

export function startRun(name: string, runId = `bench-${name}-${Date.now().toString(36)}`): BenchRun {
  const kafka = createKafka({ brokers: engines.kafkaBrokers.split(','), clientId: runId });
  const elasticsearch = createElasticsearch({ url: engines.elasticsearchUrl });
  return {
    runId,
    kafka,
    elasticsearch,
    scope: (setup) => ({ id: `${runId}-${setup}`, topicPrefix: `${runId}-${setup}.`, indexPrefix: `${runId}-${setup}-` }),
    // A failed clean-up must not hide the figures: it says what is left and how to remove it.
    drop: () => dropRun(kafka, elasticsearch, runId).catch((err: unknown) => console.warn(`could not delete everything named ${runId}* (${(err as Error).message}); remove it with bash scripts/bench scale --drop --prefix ${runId}`)),
    onInterrupt(cleanup) {
      let interrupted = false;
      process.once('SIGINT', () => {
        if (interrupted) return;
        interrupted = true;
        console.error('\ninterrupted: cleaning up the run');
        void cleanup().catch((err: unknown) => console.error(err)).finally(() => process.exit(130));
      });
    },
  };
}

/** What a bench that starts services needs beside its run: the machine it measures on, a producer, an admin client, the engines' pids. */
export async function benchClients(run: BenchRun) {
  const machine = await describeMachine(run.elasticsearch);
  const producer = await connectProducer(run.kafka);
  const admin = run.kafka.admin();
  await admin.connect();
  const engineProcesses = await enginePids(run.elasticsearch);
  return { machine, producer, admin, engineProcesses, disconnect: () => Promise.all([producer.disconnect(), admin.disconnect()]) };
}

/** `--name value` options as numbers, refusing what is not a positive number. */
export function positive(value: string | undefined, name: string): number {
  const number = Number(value);
  if (!(number > 0)) throw new Error(`--${name} must be a positive number, got ${value}`);
  return number;
}
