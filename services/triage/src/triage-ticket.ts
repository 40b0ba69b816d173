import {
  eventIdFor,
  type RoutedTicketMessage,
  type TicketNeedsManualTriage,
  type TicketReceived,
  type TicketRouted,
  type TicketTriaged,
} from '@hotline/contracts';
import { decideRoutingAll, type DecideRoutingOptions, type RoutingOutcome } from '@hotline/routing';
import { segmentWithCuts } from '@hotline/text';

export type TriageDeps = DecideRoutingOptions;

type SegmentedText = ReturnType<typeof segmentWithCuts>;

export interface TriageOutput {
  triaged: TicketTriaged;
  decision: TicketRouted | TicketNeedsManualTriage;
  /** For the department feed; absent when the ticket waits for an operator. */
  feed?: RoutedTicketMessage;
}

/**
 * The machine's decision about one received ticket (the same code path as `bash scripts/route`): category with
 * confidence and alternatives, fine category, where it is, how urgent, and which department handles it — or why an
 * operator must decide. Deterministic for a given event and model, and its events have deterministic ids, so
 * triaging the same ticket twice changes nothing.
 */
export function triageTicket(received: TicketReceived, deps: TriageDeps, now: Date): TriageOutput {
  return triageTickets([received], deps, now)[0]!;
}

/**
 * `triageTicket` for several tickets, a step at a time (all segmented, then all decided: `decideRoutingAll`), which
 * keeps each step's tables in the CPU caches. The outputs are the same as one by one.
 */
export function triageTickets(received: readonly TicketReceived[], deps: TriageDeps, now: Date): TriageOutput[] {
  // Ingest normalized the text; it is segmented once, here: the classifier reads these tokens and the event
  // carries the cuts to the tracker.
  const segmented = received.map(({ ticket }) => ({ title: ticket.title ? segmentWithCuts(ticket.title) : undefined, body: segmentWithCuts(ticket.body) }));
  const outcomes = decideRoutingAll(
    received.map(({ ticket }, i) => {
      const { title, body } = segmented[i]!;
      const words = { body: body.tokens, ...(title ? { title: title.tokens } : {}) };
      return { title: ticket.title ?? null, body: ticket.body, ...(ticket.location ? { location: ticket.location } : {}), ...(ticket.kind ? { kind: ticket.kind } : {}), words, normalized: true };
    }),
    deps,
  );
  return received.map((event, i) => triageOutput(event, segmented[i]!, outcomes[i]!, now));
}

function triageOutput(received: TicketReceived, { title, body }: { title?: SegmentedText; body: SegmentedText }, outcome: RoutingOutcome, now: Date): TriageOutput {
  const { ticket, ticketId } = received;
  const { classification, fine, location, urgency: { priority, reasons }, decision } = outcome;
  const occurredAt = now.toISOString();
  const base = { ticketId, occurredAt, producedBy: 'triage' };

  const triaged: TicketTriaged = {
    ...base,
    type: 'TicketTriaged',
    eventId: eventIdFor(ticketId, 'TicketTriaged', received.eventId),
    cuts: { body: body.cuts, ...(title ? { title: title.cuts } : {}) },
    classification,
    fineCategory: { ...(fine.level2 ? { level2: fine.level2 } : {}), ...(fine.level3 ? { level3: fine.level3 } : {}), path: fine.path, matchedPhrases: fine.matchedPhrases },
    location,
    urgency: { priority, reasons },
  };
  if (decision.status === 'manual') {
    return {
      triaged,
      decision: {
        ...base,
        type: 'TicketNeedsManualTriage',
        eventId: eventIdFor(ticketId, 'TicketNeedsManualTriage', received.eventId),
        reason: decision.reason,
        priority,
        suggestions: decision.suggestions,
      },
    };
  }
  const routed: TicketRouted = {
    ...base,
    type: 'TicketRouted',
    eventId: eventIdFor(ticketId, 'TicketRouted', received.eventId),
    department: decision.department,
    coDepartments: decision.coDepartments,
    priority,
    rule: decision.rule,
  };
  return {
    triaged,
    decision: routed,
    feed: {
      schemaVersion: 1,
      ticketId,
      department: decision.department,
      coDepartments: decision.coDepartments,
      priority,
      category: classification.category,
      channel: ticket.channel,
      sourceId: ticket.sourceId,
      receivedAt: ticket.receivedAt,
      routedAt: occurredAt,
      ...(ticket.title ? { title: ticket.title } : {}),
      body: ticket.body,
      location,
    },
  };
}
