export { createKafka, ensureTopics, type KafkaLogSink } from './client.ts';
