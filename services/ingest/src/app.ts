import type { TopicNames } from '@hotline/contracts';
import { createConsumerRunner, runnerDeps, type BatchHandler, type RecordOutcome, type ServiceApp, type ServiceDeps } from '@hotline/kafka';
import { parseIntake } from './parse-intake.ts';

export interface IngestConfig {
  groupId: string;
  topics: TopicNames;
  sessionTimeoutMs?: number;
}

/**
 * Reads intake records, turns the valid ones into TicketReceived events (keyed by ticket id, so a ticket's events
 * share a partition) and lets the runner dead-letter the rest with their reason. A batch's events are sent with
 * acks=all before its offsets are committed.
 */
export function createIngestApp(config: IngestConfig, deps: ServiceDeps & { clock?: () => Date }): ServiceApp & { handler: BatchHandler } {
  const log = deps.logger.child({ module: 'ingest' });
  const clock = deps.clock ?? (() => new Date());
  const consumed = deps.metrics.counter('hotline_ingest_consumed_total', 'Intake records read');
  const produced = deps.metrics.counter('hotline_ingest_tickets_received_total', 'TicketReceived events produced');

  const handler: BatchHandler = async (records) => {
    const now = clock();
    const outcomes: RecordOutcome[] = [];
    const messages = [];
    for (const record of records) {
      const result = parseIntake(record.value, { topic: record.topic, partition: record.partition, offset: record.offset }, now);
      if (result.ok) {
        messages.push({ key: result.event.ticketId, value: JSON.stringify(result.event), headers: { 'event-type': result.event.type } });
        log.debug({ ticketId: result.event.ticketId, channel: result.event.ticket.channel, sourceId: result.event.ticket.sourceId }, 'ticket received');
        outcomes.push({ status: 'done' });
      } else {
        outcomes.push({ status: 'dead-letter', code: result.code, reason: result.reason });
      }
    }
    consumed.inc({}, records.length);
    if (messages.length > 0) {
      await deps.producer.send({ topic: config.topics.ticketEvents, acks: -1, messages });
      produced.inc({}, messages.length);
    }
    return outcomes;
  };

  const runner = createConsumerRunner({
    ...runnerDeps(deps),
    groupId: config.groupId,
    topics: [config.topics.intake],
    deadLetterTopic: config.topics.intakeDeadLetter,
    handler,
    log,
    service: 'ingest',
    sessionTimeoutMs: config.sessionTimeoutMs,
  });

  return {
    handler,
    async start() {
      parseIntake(Buffer.from('{"schemaVersion":1,"sourceId":"warm-up","channel":"other","receivedAt":"2026-01-01T00:00:00+08:00","body":"預熱"}'), { topic: '', partition: 0, offset: '0' }, clock());
      await runner.start();
    },
    stop: () => runner.stop(),
    isReady: () => runner.isConsuming(),
  };
}
