import type { TestProject } from 'vitest/node';
import { createKafka } from '@hotline/kafka';
import { createElasticsearch } from '@hotline/store';
import { dropRun } from '../support/cleanup.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string;
    elasticsearchUrl: string;
    runId: string;
  }
}

const HOW_TO_START = 'Start the engines with `bash scripts/stack up` (or run the whole suite with `bash scripts/test`, which starts them), then set KAFKA_BROKERS=127.0.0.1:9092 and ELASTICSEARCH_URL=http://127.0.0.1:9200.';

/**
 * Finds the engines for the integration tests: the endpoints in KAFKA_BROKERS / ELASTICSEARCH_URL (what
 * scripts/test sets), else containers when a Docker engine answers (unverified on the project's own machines,
 * which have none), else it fails, saying how to start them. It never lets a test skip.
 */
export default async function setup(project: TestProject) {
  let kafkaBrokers = process.env.KAFKA_BROKERS ?? '';
  let elasticsearchUrl = process.env.ELASTICSEARCH_URL ?? '';
  const stops: Array<() => Promise<unknown>> = [];

  if (!kafkaBrokers || !elasticsearchUrl) {
    const { getContainerRuntimeClient } = await import('testcontainers');
    const docker = await getContainerRuntimeClient().then(() => true, () => false);
    if (!docker) {
      throw new Error(`Integration tests need a real Kafka broker and Elasticsearch node, and neither KAFKA_BROKERS/ELASTICSEARCH_URL is set nor a Docker engine is available. ${HOW_TO_START}`);
    }
    if (!kafkaBrokers) {
      const { KafkaContainer } = await import('@testcontainers/kafka');
      const kafka = await new KafkaContainer('confluentinc/cp-kafka:8.0.0').withKraft().start();
      kafkaBrokers = `${kafka.getHost()}:${kafka.getMappedPort(9093)}`;
      stops.push(() => kafka.stop());
    }
    if (!elasticsearchUrl) {
      const { ElasticsearchContainer } = await import('@testcontainers/elasticsearch');
      const elasticsearch = await new ElasticsearchContainer('docker.elastic.co/elasticsearch/elasticsearch:8.19.21')
        .withEnvironment({ 'xpack.security.enabled': 'false' })
        .start();
      elasticsearchUrl = `http://${elasticsearch.getHost()}:${elasticsearch.getMappedPort(9200)}`;
      stops.push(() => elasticsearch.stop());
    }
  }

  project.provide('kafkaBrokers', kafkaBrokers);
  project.provide('elasticsearchUrl', elasticsearchUrl);
  // Every topic, consumer group and index a test creates carries this, so runs never see each other's data.
  const runId = `it-${Date.now().toString(36)}-${process.pid}`;
  project.provide('runId', runId);

  return async () => {
    // What the run made goes with it: engines kept between local runs otherwise gather every run's indices, until
    // Elasticsearch's limit of shards per node refuses new ones. A failed clean-up fails no test.
    const elasticsearch = createElasticsearch({ url: elasticsearchUrl });
    await dropRun(createKafka({ brokers: kafkaBrokers.split(','), clientId: `${runId}-cleanup` }), elasticsearch, runId)
      .catch((err: unknown) => console.warn(`could not delete everything named ${runId}*: ${(err as Error).message}`))
      .finally(() => elasticsearch.close());
    for (const stop of stops.reverse()) await stop();
  };
}
