import {
  eventIdFor,
  type RoutedTicketMessage,
  type TicketNeedsManualTriage,
  type TicketReceived,
  type TicketRouted,
  type TicketTriaged,
} from '@hotline/contracts';
import type { Classifier } from '@hotline/classifier';
import { detectUrgency, resolveLocation, type CityConfig, type Router } from '@hotline/routing';

export interface TriageDeps {
  classifier: Classifier;
  router: Router;
  city: CityConfig;
}

export interface TriageOutput {
  triaged: TicketTriaged;
  decision: TicketRouted | TicketNeedsManualTriage;
  /** For the department feed; absent when the ticket waits for an operator. */
  feed?: RoutedTicketMessage;
}

/**
 * The machine's decision about one received ticket: category with confidence and alternatives, where it is,
 * how urgent, and which department handles it — or why an operator must decide. Deterministic for a given
 * event and model, and its events have deterministic ids, so triaging the same ticket twice changes nothing.
 */
export function triageTicket(received: TicketReceived, deps: TriageDeps, now: Date): TriageOutput {
  const { ticket, ticketId } = received;
  const text = [ticket.title, ticket.body].filter(Boolean).join('\n');
  const classification = deps.classifier.classify({ title: ticket.title ?? null, body: ticket.body }, 3);
  const location = resolveLocation(text, ticket.location, deps.city.gazetteer);
  const urgency = detectUrgency(text, ticket.kind);
  const occurredAt = now.toISOString();
  const base = { ticketId, occurredAt, producedBy: 'triage' };

  const triaged: TicketTriaged = {
    ...base,
    type: 'TicketTriaged',
    eventId: eventIdFor(ticketId, 'TicketTriaged', received.eventId),
    classification,
    location,
    urgency,
  };
  const decision = deps.router.route({
    category: classification.category,
    confidence: classification.confidence,
    alternatives: classification.alternatives,
    text,
    location,
  });
  if (decision.status === 'manual') {
    return {
      triaged,
      decision: {
        ...base,
        type: 'TicketNeedsManualTriage',
        eventId: eventIdFor(ticketId, 'TicketNeedsManualTriage', received.eventId),
        reason: decision.reason,
        priority: urgency.priority,
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
    priority: urgency.priority,
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
      priority: urgency.priority,
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
