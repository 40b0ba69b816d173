import { TicketEventSchema, TOPICS, HotlineError } from '@hotline/contracts';
import { createConsumerRunner, type BatchHandler, type RecordOutcome, type ServiceApp, type ServiceDeps } from '@hotline/kafka';
import { triageTicket, type TriageDeps } from './triage-ticket.ts';

export interface TriageConfig {
  groupId: string;
  topics: { ticketEvents: string; ticketsRouted: string; deadLetter: string };
  sessionTimeoutMs?: number;
}

export const defaultTriageConfig: TriageConfig = {
  groupId: 'hotline-triage',
  topics: { ticketEvents: TOPICS.ticketEvents, ticketsRouted: TOPICS.ticketsRouted, deadLetter: TOPICS.ticketEventsDeadLetter },
};

/**
 * Reads the ticket event log, triages every TicketReceived and appends its decision to the same log (same key,
 * so the ticket's events stay in order); routed tickets also go to the department feed, keyed by department id.
 * Other events are skipped: triage reads its own output too.
 */
export function createTriageApp(config: TriageConfig, deps: ServiceDeps & TriageDeps & { clock?: () => Date }): ServiceApp & { handler: BatchHandler } {
  const log = deps.logger.child({ module: 'triage' });
  const clock = deps.clock ?? (() => new Date());
  const decided = deps.metrics.counter('hotline_triage_decisions_total', 'Triage decisions, by outcome');
  const latency = deps.metrics.histogram('hotline_triage_batch_seconds', 'Time to triage and produce one batch');

  const handler: BatchHandler = async (records) => {
    const started = performance.now();
    const outcomes: RecordOutcome[] = [];
    const events = [];
    const feed = [];
    for (const record of records) {
      let parsed;
      try {
        parsed = TicketEventSchema.safeParse(JSON.parse(record.value?.toString('utf8') ?? ''));
      } catch (err) {
        outcomes.push({ status: 'dead-letter', code: 'NOT_JSON', reason: `ticket event is not JSON: ${(err as Error).message}` });
        continue;
      }
      if (!parsed.success) {
        outcomes.push({ status: 'dead-letter', code: 'SCHEMA_VIOLATION', reason: parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') });
        continue;
      }
      outcomes.push({ status: 'done' });
      if (parsed.data.type !== 'TicketReceived') continue;
      let output;
      try {
        output = triageTicket(parsed.data, deps, clock());
      } catch (err) {
        throw new HotlineError('TRIAGE_FAILED', `triage of ${parsed.data.ticketId} failed: ${(err as Error).message}`, { retriable: false, cause: err });
      }
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
    latency.observe((performance.now() - started) / 1000);
    return outcomes;
  };

  const runner = createConsumerRunner({
    kafka: deps.kafka,
    groupId: config.groupId,
    topics: [config.topics.ticketEvents],
    deadLetterTopic: config.topics.deadLetter,
    producer: deps.producer,
    handler,
    log,
    service: 'triage',
    sessionTimeoutMs: config.sessionTimeoutMs,
    ...(deps.onFatal ? { onFatal: deps.onFatal } : {}),
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
