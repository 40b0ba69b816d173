export { createKafka, ensureTopics, type KafkaLogSink } from './client.ts';
export { connectProducer, sendRetrying } from './producer.ts';
export { retriableWhenUnavailable } from './errors.ts';
export { createConsumerRunner, type BatchContext, type BatchHandler, type ConsumedRecord, type ConsumerRunner, type ConsumerRunnerLog, type ConsumerRunnerOptions, type RecordOutcome } from './consumer-runner.ts';
export type { Admin, Consumer, IHeaders, Kafka, Producer } from 'kafkajs';
export { runConsumerService, runnerDeps, serviceConfigSchema, type ServiceApp, type ServiceDeps } from './service.ts';
export { readDeadLetters, resendDeadLetters, type DeadLetter } from './dead-letters.ts';
export { createBacklogGate, DEFAULT_ADMISSION, gateOnGroup, groupMembers, groupPosition, readGroupPositions, type BacklogGate, type BacklogGateOptions, type GateReading, type GroupGate, type GroupPosition } from './backlog-gate.ts';
