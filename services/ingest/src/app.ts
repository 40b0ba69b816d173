import type { TopicNames } from '@hotline/contracts';
import { createConsumerRunner, gateOnGroup, runnerDeps, type BatchHandler, type GroupGate, type RecordOutcome, type ServiceApp, type ServiceDeps } from '@hotline/kafka';
import { parseIntake } from './parse-intake.ts';

export interface IngestConfig {
  groupId: string;
  topics: TopicNames;
  sessionTimeoutMs?: number;
  /**
   * Admission control: intake waits in its topic while triage's group has more than `limit` events of the log to
   * read (0 or absent: no limit). After a backlog (an outage, a burst) the log then holds received tickets only a
   * little ahead of their decisions, so the tracker reaches the first decisions in a second, not after indexing the
   * whole backlog as untriaged tickets. If triage commits nothing for `stalledAfterMs`, intake flows regardless so
   * that operators see the tickets and can triage them by hand. The limit is for all ingest instances together (the
   * members of `groupId`); a held batch is given up when the group rebalances, so a new instance joins at once.
   */
  admission?: { triageGroupId: string; limit: number; stalledAfterMs: number };
}

/** Intake records per handler call when admission control is on: each call waits for room for its events. */
export const RECORDS_PER_ADMISSION = 500;

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
  const admission = config.admission && config.admission.limit > 0 ? config.admission : undefined;
  let gate: GroupGate | undefined;

  const handler: BatchHandler = async (records, context) => {
    const now = clock();
    const outcomes: RecordOutcome[] = [];
    const messages: Array<{ key: string; value: string; headers: Record<string, string> }> = [];
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
      const send = () => deps.producer.send({ topic: config.topics.ticketEvents, acks: -1, messages });
      await (gate ? gate.admit(messages.length, { ...(context ? { signal: context.signal } : {}), send }) : send());
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
    ...(admission ? { maxRecordsPerCall: RECORDS_PER_ADMISSION } : {}),
  });

  // Every member rejoins on a rebalance: an instance may have come or gone, so the share of the limit is read anew.
  runner.consumer.on(runner.consumer.events.GROUP_JOIN, () => gate?.reread());

  return {
    handler,
    async start() {
      parseIntake(Buffer.from('{"schemaVersion":1,"sourceId":"warm-up","channel":"other","receivedAt":"2026-01-01T00:00:00+08:00","body":"預熱"}'), { topic: '', partition: 0, offset: '0' }, clock());
      if (admission) {
        gate = await gateOnGroup(deps.kafka, { groupId: admission.triageGroupId, topic: config.topics.ticketEvents, admittersGroupId: config.groupId }, {
          limit: admission.limit,
          stalledAfterMs: admission.stalledAfterMs,
          watched: 'triage',
          log,
          metrics: deps.metrics,
        });
      }
      await runner.start();
    },
    async stop() {
      // The runner gives up a batch held at the gate (its records stay in intake for the next start), then the
      // gate lets go of anything still waiting.
      await runner.stop();
      gate?.close();
      await gate?.disconnect();
    },
    isReady: () => runner.isConsuming(),
  };
}
