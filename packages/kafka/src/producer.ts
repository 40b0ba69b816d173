import type { Kafka, Producer } from 'kafkajs';

/**
 * The producer every service uses: idempotent (a retried send is written once), one request in flight so a
 * partition's order is the send order, no topic auto-creation (topics are declared in packages/contracts).
 */
export async function connectProducer(kafka: Kafka): Promise<Producer> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  return producer;
}
