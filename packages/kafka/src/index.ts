export { createKafka, ensureTopics, type KafkaLogSink } from './client.ts';
export type { Admin, Consumer, Kafka, Producer } from 'kafkajs';
