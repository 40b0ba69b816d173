import { describe, expect, it } from 'vitest';
import { TOPIC_SPECS, TOPICS } from '../src/index.ts';

describe('topics', () => {
  it('keeps the names outside clients rely on', () => {
    expect(TOPICS).toEqual({
      intake: 'hotline.intake',
      intakeDeadLetter: 'hotline.intake.dlq',
      ticketEvents: 'hotline.ticket-events',
      ticketEventsDeadLetter: 'hotline.ticket-events.dlq',
      ticketsRouted: 'hotline.tickets.routed',
      slaAlerts: 'hotline.sla-alerts',
    });
  });

  it('declares every topic once with a partition count, and keeps the ticket event log forever', () => {
    expect(TOPIC_SPECS.map((spec) => spec.topic).sort()).toEqual(Object.values(TOPICS).sort());
    expect(TOPIC_SPECS.every((spec) => Number.isInteger(spec.partitions) && spec.partitions > 0)).toBe(true);
    expect(TOPIC_SPECS.find((spec) => spec.topic === TOPICS.ticketEvents)?.config).toEqual({ 'retention.ms': '-1' });
  });
});
