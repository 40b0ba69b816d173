import { decodeTicketEvent, HotlineError, type TicketReceived, type TopicNames } from '@hotline/contracts';
import { createConsumerRunner, runnerDeps, type BatchHandler, type RecordOutcome, type ServiceApp, type ServiceDeps } from '@hotline/kafka';
import { triageTickets, type TriageDeps } from './triage-ticket.ts';

export interface TriageConfig {
  groupId: string;
  topics: TopicNames;
  sessionTimeoutMs?: number;
  /**
   * Event-log records per handler call, each call's decisions sent and committed before the next (default
   * DEFAULT_RECORDS_PER_CALL). Whole fetched batches (thousands after a backlog) made decisions arrive in bursts: in
   * the 20,000-message bench the slowest 5 s window rose from 42-71 to 113-163 tickets/s with slices of 100 records.
   * A call triages its tickets together, a step at a time (`triageTickets`).
   */
  recordsPerCall?: number;
}

/**
 * About 33 tickets (a third of the log's records are TicketReceived), some 15 ms of CPU. 300 measured no cheaper in
 * the pipeline bench (triage 0.57–0.59 ms of CPU per message either way): behind the admission gate, triage reads
 * near the head of the log, and its fetches seldom hold more records than this per partition.
 */
export const DEFAULT_RECORDS_PER_CALL = 100;

/**
 * Reads the ticket event log, triages every TicketReceived and appends its decision to the same log (same key,
 * so the ticket's events stay in order); routed tickets also go to the department feed, keyed by department id.
 * Other events are skipped: triage reads its own output too.
 */
export function createTriageApp(config: TriageConfig, deps: ServiceDeps & TriageDeps & { clock?: () => Date }): ServiceApp & { handler: BatchHandler } {
  const log = deps.logger.child({ module: 'triage' });
  const clock = deps.clock ?? (() => new Date());
  const decided = deps.metrics.counter('hotline_triage_decisions_total', 'Triage decisions, by outcome');

  const handler: BatchHandler = async (records) => {
    const outcomes: RecordOutcome[] = [];
    const received: TicketReceived[] = [];
    for (const record of records) {
      // Two of every three events are triage's own output: the producer's type header spares decoding them. A
      // malformed one is the tracker's to dead-letter; without the header the event is decoded.
      const declaredType = record.headers['event-type']?.toString();
      if (declaredType !== undefined && declaredType !== 'TicketReceived') {
        outcomes.push({ status: 'done' });
        continue;
      }
      const decoded = decodeTicketEvent(record.value);
      if (!decoded.ok) {
        outcomes.push({ status: 'dead-letter', code: decoded.code, reason: decoded.reason });
        continue;
      }
      outcomes.push({ status: 'done' });
      if (decoded.event.type === 'TicketReceived') received.push(decoded.event);
    }
    let outputs;
    try {
      outputs = triageTickets(received, deps, clock());
    } catch (err) {
      // Not retriable: the runner then triages the records one by one, and this names the ticket that fails.
      const which = received.length === 1 ? received[0]!.ticketId : `${received.length} tickets`;
      throw new HotlineError('TRIAGE_FAILED', `triage of ${which} failed: ${(err as Error).message}`, { retriable: false, cause: err });
    }
    const events = [];
    const feed = [];
    for (const output of outputs) {
      const { triaged, decision } = output;
      events.push(triaged, decision);
      if (output.feed) feed.push({ key: output.feed.department.id, value: JSON.stringify(output.feed), headers: { 'ticket-id': output.feed.ticketId } });
      decided.inc({ outcome: decision.type === 'TicketRouted' ? 'routed' : `manual:${decision.reason.code}` });
      log.debug({ ticketId: triaged.ticketId, category: triaged.classification.category, confidence: triaged.classification.confidence, decision: decision.type }, 'triaged');
    }
    if (events.length > 0 || feed.length > 0) {
      await deps.producer.sendBatch({
        acks: -1,
        topicMessages: [
          { topic: config.topics.ticketEvents, messages: events.map((event) => ({ key: event.ticketId, value: JSON.stringify(event), headers: { 'event-type': event.type } })) },
          ...(feed.length > 0 ? [{ topic: config.topics.ticketsRouted, messages: feed }] : []),
        ],
      });
    }
    return outcomes;
  };

  const runner = createConsumerRunner({
    ...runnerDeps(deps),
    groupId: config.groupId,
    topics: [config.topics.ticketEvents],
    deadLetterTopic: config.topics.ticketEventsDeadLetter,
    handler,
    log,
    service: 'triage',
    sessionTimeoutMs: config.sessionTimeoutMs,
    maxRecordsPerCall: config.recordsPerCall ?? DEFAULT_RECORDS_PER_CALL,
  });
  return {
    handler,
    async start() {
      // Load the jieba dictionaries and the model before joining the group, not inside the first batch.
      deps.classifier.classify({ body: '预热：小区路灯不亮' });
      await runner.start();
    },
    stop: () => runner.stop(),
    isReady: () => runner.isConsuming(),
  };
}
