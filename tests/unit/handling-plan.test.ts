import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { eventIdFor, type TicketDocument, type TicketEvent } from '@hotline/contracts';
import { applyEvent } from '@hotline/lifecycle';
import { createCalendar, loadSlaConfig } from '@hotline/sla';
import { createProjectionContext } from '../../services/tracker/src/projection-context.ts';
import { diligenceOf, planHandling } from '../../scripts/tools/handling-plan.ts';

const sla = loadSlaConfig(fileURLToPath(new URL('../../config', import.meta.url)));
const context = createProjectionContext(sla, createCalendar(sla.holidays, { uncoveredYears: 'weekend-fallback' }));
const now = new Date('2026-11-20T06:00:00.000Z');
const DAY = 86_400_000;
const department = { id: 'a3-urban-management', name: 'A3区城市管理和综合执法局' };

/** A ticket as the tracker holds it once triage routed it (or left it for manual triage) `ageDays` before `now`. */
function ticket(index: number, ageDays: number, manual = false): TicketDocument {
  const ticketId = `TPLAN${index}`;
  const at = (ms: number) => new Date(now.getTime() - ageDays * DAY + ms).toISOString();
  const received = eventIdFor(ticketId, 'TicketReceived');
  const events: TicketEvent[] = [
    {
      type: 'TicketReceived', eventId: received, ticketId, occurredAt: at(1_000), producedBy: 'ingest',
      ticket: { channel: 'phone', sourceId: `plan-${index}`, receivedAt: at(0), body: 'A3区某小区门口垃圾堆放多日无人清运', extra: {} },
      restricted: { originalBody: 'A3区某小区门口垃圾堆放多日无人清运', maskedKinds: [] },
      intake: { topic: 'hotline.intake', partition: 0, offset: String(index) },
    },
    {
      type: 'TicketTriaged', eventId: eventIdFor(ticketId, 'TicketTriaged', received), ticketId, occurredAt: at(2_000), producedBy: 'triage',
      classification: { category: '城乡建设', confidence: manual ? 0.4 : 0.98, alternatives: [], modelVersion: 'test' },
      location: { district: 'A3区', matched: ['A3区'], source: 'text' },
      urgency: { priority: 'normal', reasons: [] },
    },
    manual
      ? {
        type: 'TicketNeedsManualTriage', eventId: eventIdFor(ticketId, 'TicketNeedsManualTriage', received), ticketId, occurredAt: at(2_000), producedBy: 'triage',
        reason: { code: 'low_confidence', message: '分类置信度低' }, priority: 'normal', suggestions: [{ ...department, why: '城乡建设' }],
      }
      : {
        type: 'TicketRouted', eventId: eventIdFor(ticketId, 'TicketRouted', received), ticketId, occurredAt: at(2_000), producedBy: 'triage',
        department, coDepartments: [], priority: 'normal', rule: { id: 'cx-city-appearance', description: '市容环卫' },
      },
  ];
  let doc: TicketDocument | undefined;
  events.forEach((event, offset) => {
    doc = applyEvent(doc, { event, partition: 0, offset: String(offset) }, context).doc;
  });
  return doc!;
}

describe('planHandling (the demo history of scripts/start)', () => {
  it('takes an old ticket through its department and the follow-up, each command decided on the version before it', () => {
    const start = ticket(1, 20);
    const { events, doc } = planHandling(start, now, context);
    expect(events.map((event) => event.command.command).slice(0, 1)).toEqual([expect.stringMatching(/^(signFor|return)$/)]);
    expect(events.map((event) => event.command.command)).toContain('resolve');
    expect(events.map((event) => event.basedOnVersion)).toEqual(events.map((_, i) => start.version + i));
    expect(doc.version).toBe(start.version + events.length);
    const times = events.map((event) => Date.parse(event.occurredAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Math.max(...times)).toBeLessThanOrEqual(now.getTime());
    expect(Math.min(...times)).toBeGreaterThan(Date.parse(start.receivedAt));
    expect(doc.handling?.signedForAt).toBeDefined();
    expect(doc.handling?.resolvedAt).toBeDefined();
  });

  it('gives the same history on every run, and more of it as time goes on', () => {
    const start = ticket(2, 1.5);
    expect(planHandling(start, now, context)).toEqual(planHandling(start, now, context));
    const earlier = planHandling(start, new Date(now.getTime() - DAY), context).events;
    const later = planHandling(start, now, context).events;
    expect(later.slice(0, earlier.length)).toEqual(earlier);
    expect(later.length).toBeGreaterThanOrEqual(earlier.length);
  });

  it('leaves a ticket someone has acted on alone, so that a second run never acts twice', () => {
    const returnedAndSentBack = planHandling({ ...ticket(5, 10), returns: { count: 1, rejectedCount: 1 } }, now, context);
    expect(returnedAndSentBack.events).toEqual([]);
    const dispatchedByHand = { ...ticket(6, 10), routingRule: { id: 'operator', description: '指挥中心改派' } };
    expect(planHandling(dispatchedByHand, now, context).events).toEqual([]);
    expect(planHandling({ ...ticket(7, 10), status: 'signed_for' }, now, context).events).toEqual([]);
  });

  it('signs for a ticket the SLA sweep already flagged red only after its deadline, as the notice said', () => {
    const flagged = { ...ticket(8, 20), slaState: { signFor: 'red' as const } };
    const { events, doc } = planHandling(flagged, now, context);
    const signFor = events.find((event) => event.command.command === 'signFor');
    expect(Date.parse(signFor!.occurredAt)).toBeGreaterThan(Date.parse(flagged.sla!.signForBy));
    expect(doc.handling?.signedForOnTime).toBe(false);
  });

  it('handles history that reached the pipeline just now (received 20 days ago, triaged today), as scripts/start sends it', () => {
    const replayed = { ...ticket(9, 20), updatedAt: now.toISOString() };
    expect(planHandling(replayed, now, context).events.length).toBeGreaterThan(2);
  });

  it('does nothing with a ticket routed a moment ago', () => {
    const fresh = ticket(3, 1 / (24 * 60));
    expect(planHandling(fresh, now, context).events).toEqual([]);
  });

  it('has an operator dispatch a ticket left for manual triage to the first suggestion', () => {
    const { events } = planHandling(ticket(4, 10, true), now, context);
    expect(events[0]).toMatchObject({ actor: { role: 'operator' }, command: { command: 'reroute', department } });
    expect(events[1]?.actor).toMatchObject({ role: 'department', departmentId: department.id });
  });

  it('signs for on time about as often as the department is diligent', () => {
    const plans = Array.from({ length: 400 }, (_, i) => planHandling(ticket(100 + i, 25), now, context).doc);
    const signed = plans.filter((doc) => doc.handling?.signedForAt !== undefined);
    const onTime = signed.filter((doc) => doc.handling?.signedForOnTime).length / signed.length;
    expect(signed.length).toBeGreaterThan(350);
    expect(Math.abs(onTime - diligenceOf(department.id))).toBeLessThan(0.1);
  });

  it('has most departments record a 先行联系, and every handled ticket first contacted by it or by the first 答复', () => {
    const plans = Array.from({ length: 400 }, (_, i) => planHandling(ticket(100 + i, 25), now, context).doc);
    const replied = plans.filter((doc) => doc.handling?.firstReplyAt !== undefined);
    expect(replied.length).toBeGreaterThan(300);
    expect(replied.every((doc) => doc.handling?.firstContactAt !== undefined && doc.handling.firstContactAt <= doc.handling.firstReplyAt!)).toBe(true);
    const recorded = replied.filter((doc) => doc.handling?.firstContactMethod !== 'reply').length / replied.length;
    expect(recorded).toBeGreaterThan(0.6 + 0.4 * diligenceOf(department.id) - 0.1);
    expect(recorded).toBeLessThan(1);
  });

  it('calls back (回访) about nine resolved tickets in ten by the 回访 deadline, and leaves none of the old ones waiting', () => {
    const plans = Array.from({ length: 400 }, (_, i) => planHandling(ticket(100 + i, 25), now, context).doc);
    const calledBack = plans.filter((doc) => doc.handling?.followedUpOnTime !== undefined);
    const onTime = calledBack.filter((doc) => doc.handling?.followedUpOnTime).length / calledBack.length;
    expect(calledBack.length).toBeGreaterThan(300);
    expect(onTime).toBeGreaterThan(0.85);
    expect(onTime).toBeLessThan(0.95);
    expect(plans.filter((doc) => doc.status === 'resolved')).toEqual([]);
  });
});
