/**
 * Fixed names that outside clients rely on (call-center connectors, department systems, dashboards).
 * Changing one is a migration, not a refactor.
 */
export const TOPICS = {
  /** Raw citizen messages from every channel (IntakeMessage v1, JSON). */
  intake: 'hotline.intake',
  /** Intake messages that failed validation: original bytes, reason, source coordinates. */
  intakeDeadLetter: 'hotline.intake.dlq',
  /** Every change to a ticket, keyed by ticket id; the source of truth, kept forever. */
  ticketEvents: 'hotline.ticket-events',
  /** Ticket events the tracker could not project (e.g. rejected by the index mapping), kept for replay. */
  ticketEventsDeadLetter: 'hotline.ticket-events.dlq',
  /** Routed tickets for the departments, keyed by department id. */
  ticketsRouted: 'hotline.tickets.routed',
  /** SLA warnings and breaches, keyed by department id, for notification systems (督办). */
  slaAlerts: 'hotline.sla-alerts',
} as const;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

export type TopicNames = { [K in keyof typeof TOPICS]: string };

/** The project's topics under a prefix (tests, benchmarks and side-by-side deployments keep their own). */
export function prefixedTopics(prefix: string): TopicNames {
  return Object.fromEntries(Object.entries(TOPICS).map(([name, topic]) => [name, `${prefix}${topic}`])) as TopicNames;
}

/** Elasticsearch aliases; the concrete indices behind them are versioned so they can be rebuilt and swapped. */
export const INDEX_ALIASES = {
  tickets: 'tickets',
  ticketEvents: 'ticket-events',
} as const;

export interface TopicSpec {
  topic: string;
  partitions: number;
  /** Topic-level settings (Kafka config names), e.g. retention. */
  config?: Readonly<Record<string, string>>;
}

/**
 * The project's topics with their partition counts, created up front: a ticket's events must stay on one
 * partition, and changing a count later moves keys (a planned migration).
 */
export const TOPIC_SPECS: readonly TopicSpec[] = [
  { topic: TOPICS.intake, partitions: 6 },
  { topic: TOPICS.intakeDeadLetter, partitions: 1, config: { 'retention.ms': '-1' } }, // kept until replayed and fixed
  { topic: TOPICS.ticketEvents, partitions: 12, config: { 'retention.ms': '-1' } }, // the source of truth: kept forever
  { topic: TOPICS.ticketEventsDeadLetter, partitions: 1, config: { 'retention.ms': '-1' } },
  { topic: TOPICS.ticketsRouted, partitions: 6 },
  { topic: TOPICS.slaAlerts, partitions: 3 },
];
