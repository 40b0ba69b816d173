import type { Priority, TicketDocument, TicketEvent, TicketSla } from '@hotline/contracts';

/** An event with its place in the log; a ticket's events share one partition, so the offset orders them. */
export interface LoggedEvent {
  event: TicketEvent;
  partition: number;
  offset: string;
}

/** What the projection needs from outside, passed in so this stays pure. */
export interface ProjectionContext {
  /** jieba tokens joined by spaces, for the search fields. */
  tokenize(text: string): string;
  deadlines(input: { priority: Priority; kind?: string; category?: string; startAt: string }): TicketSla;
}

export type ProjectionResult =
  | { applied: true; doc: TicketDocument }
  | { applied: false; reason: 'already-applied' | 'duplicate-event' | 'unknown-ticket'; doc: TicketDocument | undefined };

/**
 * Folds one event into a ticket document. Idempotent: an event at or before the document's log position changes
 * nothing, and one whose id was already applied (the same event produced twice) only moves the log position, so
 * the document is a function of the log up to its position and replaying the whole log into an empty index gives
 * the same documents. Nothing here reads the clock: times come from events.
 */
export function applyEvent(doc: TicketDocument | undefined, logged: LoggedEvent, context: ProjectionContext): ProjectionResult {
  const { event, partition, offset } = logged;
  if (doc && doc.log.partition === partition && BigInt(offset) <= BigInt(doc.log.offset)) {
    return { applied: false, reason: 'already-applied', doc };
  }
  if (doc?.appliedEventIds.includes(event.eventId)) {
    return { applied: false, reason: 'duplicate-event', doc: { ...doc, log: { partition, offset } } };
  }
  const position = { log: { partition, offset }, updatedAt: event.occurredAt };
  const applied = (next: TicketDocument): ProjectionResult => ({
    applied: true,
    doc: { ...next, ...position, appliedEventIds: [...next.appliedEventIds, event.eventId] },
  });

  if (event.type === 'TicketReceived') {
    if (doc) return { applied: false, reason: 'duplicate-event', doc: { ...doc, log: { partition, offset } } };
    const { ticket, restricted } = event;
    return applied({
      ticketId: event.ticketId,
      channel: ticket.channel,
      sourceId: ticket.sourceId,
      ...(ticket.kind ? { kind: ticket.kind } : {}),
      receivedAt: ticket.receivedAt,
      ...(ticket.title ? { title: ticket.title, titleTokens: context.tokenize(ticket.title) } : {}),
      body: ticket.body,
      bodyTokens: context.tokenize(ticket.body),
      location: ticket.location ? { given: ticket.location } : {},
      ...(ticket.attachments ? { attachments: ticket.attachments } : {}),
      extra: ticket.extra,
      status: 'received',
      version: 1,
      createdAt: event.occurredAt,
      updatedAt: event.occurredAt,
      log: { partition, offset },
      appliedEventIds: [],
      restricted,
    });
  }

  if (!doc) return { applied: false, reason: 'unknown-ticket', doc };
  const deadlinesFor = (priority: Priority) =>
    context.deadlines({ priority, ...(doc.kind ? { kind: doc.kind } : {}), ...(doc.classification ? { category: doc.classification.category } : {}), startAt: doc.receivedAt });

  switch (event.type) {
    case 'TicketTriaged':
      return applied({
        ...doc,
        status: doc.status === 'received' ? 'triaged' : doc.status,
        classification: event.classification,
        location: { ...doc.location, resolved: event.location },
        priority: event.urgency.priority,
        urgencyReasons: event.urgency.reasons,
        version: doc.version + 1,
      });
    case 'TicketRouted': {
      const { manualTriage: _cleared, ...rest } = doc;
      return applied({
        ...rest,
        status: 'routed',
        department: event.department,
        coDepartments: event.coDepartments,
        routingRule: event.rule,
        priority: event.priority,
        sla: deadlinesFor(event.priority),
        version: doc.version + 1,
      });
    }
    case 'TicketNeedsManualTriage':
      return applied({
        ...doc,
        status: 'manual_triage',
        manualTriage: { ...event.reason, suggestions: event.suggestions },
        priority: event.priority,
        sla: deadlinesFor(event.priority),
        version: doc.version + 1,
      });
  }
}
