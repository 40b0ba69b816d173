import type { Client } from '@elastic/elasticsearch';
import { decodeTicketEvent, type TicketDocument, type TicketEvent, type TopicNames } from '@hotline/contracts';
import { createConsumerRunner, runnerDeps, type BatchHandler, type ConsumedRecord, type RecordOutcome, type ServiceApp, type ServiceDeps } from '@hotline/kafka';
import { applyEvent, type ProjectionContext } from '@hotline/lifecycle';
import { calendarCoverage, calendarHorizon, toShanghaiIso, type WorkingCalendar } from '@hotline/sla';
import { createSlaSweep } from './sla-sweep.ts';
import { auditRecord, countTicketsProjectedBeforeFirstContact, createTicketRepository, installIndices, waitForClusterHealth, type EventRecord, type IndexNames, type TicketWrite } from '@hotline/store';

export interface TrackerConfig {
  groupId: string;
  topics: TopicNames;
  indices: IndexNames;
  sessionTimeoutMs?: number;
  /** How often the SLA sweep runs; 0 turns the timer off (tests call `sweep` themselves). */
  slaSweepIntervalMs?: number;
  /**
   * How many of the tickets it wrote the tracker remembers (default `DEFAULT_REMEMBER_WRITTEN`): it is their only
   * writer, so reading them again needs no Elasticsearch. Optimistic concurrency still guards each write.
   */
  rememberWritten?: number;
  /**
   * The holiday calendar behind the deadlines: its reach is published as `hotline_sla_calendar_days_left`, and a
   * warning is logged once a day from 45 days before it runs out.
   */
  calendar?: Pick<WorkingCalendar, 'coveredYears'>;
  /**
   * How long a ticket just received waits for triage's decision before it is indexed as received (default
   * `DEFAULT_DECISION_WAIT_MS`; 0: indexed at once). Triage's decision usually follows within this, and the ticket is
   * then indexed once, decided, instead of twice.
   */
  decisionWaitMs?: number;
}

/**
 * 2 s: ingest's admission control keeps triage within about a second of intake during a burst (3,000 events of the
 * log), so most received tickets meet their decision within the wait, while an operator still sees a ticket that
 * triage cannot decide (triage stopped) two seconds after it came in.
 */
export const DEFAULT_DECISION_WAIT_MS = 2_000;

/**
 * 10,000 tickets, kept as the JSON sent: about 6.6 KiB of heap each once routed, so up to about 65 MiB. A burst no
 * longer reads them: the decision wait and ingest's admission control have a new ticket's first events meet in one
 * batch, so the tracker reads each new ticket once (missing) and writes it once. Measured 2026-11-27 (pipeline bench,
 * 20,000 messages, interleaved): 50,000 gave 1,027 and 1,162 msg/s, 10,000 gave 1,009 and 1,135, both with one read
 * by id per message; in the 100,000-message backlog bench the tracker's resident memory peaked at 1,141-1,169 MiB
 * with 50,000 and 890 MiB with 10,000. What it still spares is a read for the lifecycle commands that follow a
 * ticket within the last 10,000 written (hours at a large city's rate). (Before admission control, when the tracker
 * wrote every received ticket long before its decision, 10,000 had read 1.7 tickets per message and 50,000 one.)
 */
export const DEFAULT_REMEMBER_WRITTEN = 10_000;

/**
 * Folds the ticket event log into Elasticsearch, one batch per bulk request: reads the batch's tickets, applies
 * each event in log order (skipping what a document says it has applied), writes the changed documents with
 * optimistic concurrency and every event to the audit index, and only then lets the runner commit. With
 * Elasticsearch down, the write fails as retriable and the batch is retried until it goes through.
 */
export function createTrackerApp(
  config: TrackerConfig,
  deps: ServiceDeps & { elasticsearch: Client; projection: ProjectionContext },
): ServiceApp & { handler: BatchHandler; sweep(now: Date): Promise<{ warnings: number; breaches: number }> } {
  const log = deps.logger.child({ module: 'tracker' });
  const repository = createTicketRepository(deps.elasticsearch, config.indices, { rememberWritten: config.rememberWritten ?? DEFAULT_REMEMBER_WRITTEN });
  const applied = deps.metrics.counter('hotline_tracker_events_total', 'Ticket events read, by outcome');

  const handler: BatchHandler = async (records, context) => {
    const outcomes: RecordOutcome[] = [];
    const events: Array<{ event: TicketEvent; partition: number; offset: string; record: ConsumedRecord; index: number }> = [];
    for (const record of records) {
      const decoded = decodeTicketEvent(record.value);
      if (!decoded.ok) {
        outcomes.push({ status: 'dead-letter', code: decoded.code, reason: decoded.reason });
        continue;
      }
      events.push({ event: decoded.event, partition: record.partition, offset: record.offset, record, index: outcomes.length });
      outcomes.push({ status: 'done' });
    }

    const stored = await repository.getMany([...new Set(events.map(({ event }) => event.ticketId))]);
    const current = new Map<string, TicketDocument>([...stored].map(([id, entry]) => [id, entry.doc]));
    const changed = new Set<string>();
    const results: Array<ReturnType<typeof applyEvent>> = [];
    for (const logged of events) {
      const { event } = logged;
      const before = current.get(event.ticketId);
      const result = applyEvent(before, logged, deps.projection);
      results.push(result);
      // A duplicate moves the document's log position too, so what is stored never depends on batch boundaries.
      if (result.doc && result.doc !== before) {
        current.set(event.ticketId, result.doc);
        changed.add(event.ticketId);
      }
    }
    // A new ticket still waiting for triage's decision is held back (the runner hands its events over again with the
    // decision's), unless one of its events has waited long enough.
    const held = new Set<string>();
    if (context) {
      for (const ticketId of changed) if (!stored.has(ticketId) && current.get(ticketId)!.status === 'received') held.add(ticketId);
      for (const { event, record } of events) if (held.has(event.ticketId) && !context.mayHold(record)) held.delete(event.ticketId);
      for (const ticketId of held) changed.delete(ticketId);
    }
    const eventRecords: EventRecord[] = [];
    for (const [i, logged] of events.entries()) {
      const { event } = logged;
      if (held.has(event.ticketId)) {
        outcomes[logged.index] = { status: 'held' };
        continue;
      }
      const result = results[i]!;
      const outcome = result.applied ? 'applied' : result.reason;
      applied.inc({ type: event.type, outcome });
      if (!result.applied && result.reason === 'already-applied') continue; // the audit record was written when it was applied
      if (!result.applied) log.warn({ ticketId: event.ticketId, eventId: event.eventId, type: event.type, outcome }, 'event not applied');
      eventRecords.push(auditRecord(event, { partition: logged.partition, offset: logged.offset }, outcome));
    }
    const writes: TicketWrite[] = [...changed].map((ticketId) => {
      const before = stored.get(ticketId);
      return { doc: current.get(ticketId)!, ...(before ? { expected: { seqNo: before.seqNo, primaryTerm: before.primaryTerm } } : {}) };
    });
    await repository.write(writes, eventRecords);
    return outcomes;
  };

  const runner = createConsumerRunner({
    ...runnerDeps(deps),
    groupId: config.groupId,
    topics: [config.topics.ticketEvents],
    deadLetterTopic: config.topics.ticketEventsDeadLetter,
    handler,
    log,
    service: 'tracker',
    holdMs: config.decisionWaitMs ?? DEFAULT_DECISION_WAIT_MS,
    retry: { initialMs: 250, maxMs: 5_000 },
    sessionTimeoutMs: config.sessionTimeoutMs,
  });

  const slaSweep = createSlaSweep({ elasticsearch: deps.elasticsearch, indices: config.indices, producer: deps.producer, topics: config.topics, logger: deps.logger, metrics: deps.metrics });
  let sweepTimer: NodeJS.Timeout | undefined;
  let sweeping: Promise<unknown> = Promise.resolve();
  const calendarDaysLeft = deps.metrics.gauge('hotline_sla_calendar_days_left', 'Days until config/holidays.json stops covering the calendar (0: today is not covered)');
  let calendarWarnedFor: string | undefined;
  const checkCalendar = (now: Date) => {
    if (!config.calendar) return;
    calendarDaysLeft.set(calendarCoverage(config.calendar, now).daysLeft);
    const horizon = calendarHorizon(config.calendar, now);
    const day = toShanghaiIso(now).slice(0, 10);
    if (!horizon || calendarWarnedFor === day) return;
    calendarWarnedFor = day;
    log.warn({ code: horizon.code, coveredYears: config.calendar.coveredYears }, horizon.message);
  };
  const sweep = (now: Date) => {
    checkCalendar(now);
    return slaSweep.sweep(now);
  };
  const sweepNow = () => {
    // One pass at a time; a failed pass (Elasticsearch down) is logged and the next interval tries again.
    sweeping = sweeping.then(() => sweep(new Date())).catch((err: unknown) => log.warn({ err }, 'SLA sweep failed; retrying at the next interval'));
  };

  return {
    handler,
    sweep,
    async start() {
      checkCalendar(new Date());
      await installIndices(deps.elasticsearch, config.indices);
      // After an upgrade: documents folded by an older projection lack what the rates and clocks now read.
      const outdated = await countTicketsProjectedBeforeFirstContact(deps.elasticsearch, config.indices).catch(() => 0);
      if (outdated > 0) {
        log.warn({ code: 'TICKETS_PROJECTED_BY_OLDER_VERSION', tickets: outdated }, `${outdated} tickets were projected before first contacts (先行联系) and 回访 clocks were recorded: stop the services and run bash scripts/rebuild, or 先行联系及时率 counts them as late`);
      }
      await runner.start();
      const interval = config.slaSweepIntervalMs ?? 60_000;
      if (interval > 0) sweepTimer = setInterval(sweepNow, interval);
    },
    async stop() {
      clearInterval(sweepTimer);
      await sweeping;
      await runner.stop();
    },
    isReady: () => runner.isConsuming(),
    checks: { elasticsearch: async () => { await waitForClusterHealth(deps.elasticsearch, { timeoutSeconds: 1 }); } },
  };
}
