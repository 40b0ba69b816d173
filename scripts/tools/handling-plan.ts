// What the departments and the command center would have done with a demo ticket by now: the plan behind
// scripts/tools/simulate-handling.ts, kept apart (and free of I/O) so that it can be tested.
import type { Actor, DepartmentRef, SlaClockName, TicketCommand, TicketCommandApplied, TicketDocument } from '@hotline/contracts';
import { applyEvent, decide, type ProjectionContext } from '@hotline/lifecycle';
import { seededRandom } from '../../packages/classifier/src/rng.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// The project's own wording for a department's replies and results (no message of the shared data is copied).
const REPLIES = [
  '您好，您反映的问题已收悉，我单位已安排工作人员到现场核实，将尽快处理并答复您。',
  '您好，已联系您了解具体情况，正在协调相关单位处理，处理结果将及时告知。',
  '您好，经初步核实情况属实，已督促责任单位限期整改。',
];
const RESOLUTIONS = [
  '经现场核查，问题已整改到位，已电话告知市民。',
  '已责令相关单位整改完毕，市民表示认可。',
  '已按政策向市民解释答复，并协助办理相关手续。',
  '已会同属地街道完成处置，后续将加强日常巡查。',
];
const RETURNS: Array<{ reason: 'not_our_duty' | 'wrong_location' | 'insufficient_information'; note: string }> = [
  { reason: 'not_our_duty', note: '该事项不属于本单位职责范围' },
  { reason: 'wrong_location', note: '事发地点不在本辖区' },
  { reason: 'insufficient_information', note: '诉求地址不详，无法联系市民核实' },
];

/** The SLA clock each command stops (签收 the sign-for clock, 先行联系 first contact, 办结 resolution, 回访 follow-up). */
const STOPPED_CLOCK: Partial<Record<TicketCommand['command'], SlaClockName>> = { signFor: 'signFor', contact: 'firstContact', resolve: 'resolve', followUp: 'followUp' };
const CONTACT_METHODS = ['phone', 'phone', 'phone', 'sms', 'visit'] as const;

/** A number in [0, 1) fixed for a text: tickets and departments get their own sequences. */
function seedOf(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return hash >>> 0;
}

/**
 * How reliably a department keeps its deadlines and satisfies callers, in [0.55, 0.98): fixed per department, so
 * that the departments' rates differ from one another the same way on every run.
 */
export function diligenceOf(departmentId: string): number {
  return 0.55 + 0.43 * seededRandom(seedOf(`diligence:${departmentId}`))();
}

export interface HandlingPlan {
  /** The commands given, in order, each decided on the version the one before it made. */
  events: TicketCommandApplied[];
  /** The ticket as the tracker will project it once the events are applied. */
  doc: TicketDocument;
}

/**
 * Whether nobody has acted on the ticket since triage: only such tickets get a plan, so that a second run never acts
 * twice (a ticket returned and sent back is 'routed' again) nor over what a person did in the console (改派).
 */
export function awaitsFirstStep(doc: TicketDocument): boolean {
  return (doc.status === 'routed' || doc.status === 'manual_triage') && doc.returns === undefined && doc.routingRule?.id !== 'operator';
}

/**
 * The commands a ticket would have had by `now`, drawn for it (the same ticket, the same draws): an operator
 * dispatches it from manual triage (派单); its department signs for it (签收) — late as often as the department is
 * careless — sometimes returns it first (退单, which the operator rejects), contacts the caller (先行联系), replies (答复), sometimes asks for more
 * time (延期), resolves it (办结); the command center follows up (回访) and has the dissatisfied handled again (重办).
 * Each command is decided and projected as the API and the tracker would (`decide`, `applyEvent`) at its own time;
 * the plan stops at the first step whose time has not come or that the ticket's status does not allow.
 */
export function planHandling(start: TicketDocument, now: Date, context: ProjectionContext): HandlingPlan {
  if (!awaitsFirstStep(start)) return { events: [], doc: start };
  const random = seededRandom(seedOf(start.ticketId));
  const between = (low: number, high: number) => low + random() * (high - low);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const nowMs = now.getTime();
  const events: TicketCommandApplied[] = [];
  let doc = start;
  let offset = BigInt(start.log.offset);
  // Times are drawn from when it was routed (its clocks' start).
  let at = Date.parse(start.sla?.startAt ?? start.receivedAt);

  /**
   * Gives a command `after` ms after the last one, and not before the clock it stops was seen running late: the SLA
   * sweep may have flagged the ticket yellow or red before this run (a demo left running), and a command dated
   * earlier would contradict the notice. False (and nothing given) when that is still to come or not allowed.
   */
  const give = (command: TicketCommand, actor: Actor, after: number): boolean => {
    const clock = STOPPED_CLOCK[command.command];
    const light = clock && doc.slaState?.[clock];
    const flagged = clock && light ? doc.sla?.clocks[clock] : undefined;
    const flaggedAt = flagged ? Date.parse(light === 'red' ? flagged.due : flagged.warnAt) : 0;
    const when = Math.max(at + Math.max(after, 60_000), flaggedAt + 60_000);
    if (when > nowMs) return false;
    const decision = decide(doc, command, actor, new Date(when));
    if (!decision.ok) return false;
    offset += 1n;
    const projected = applyEvent(doc, { event: decision.event, partition: doc.log.partition, offset: String(offset) }, context);
    if (!projected.applied) return false;
    doc = projected.doc;
    events.push(decision.event);
    at = when;
    return true;
  };
  /** Time left until a deadline (ISO), at least a minute; a day when there is none. */
  const until = (deadline: string | undefined) => (deadline ? Math.max(Date.parse(deadline) - at, 60_000) : DAY);
  const operator: Actor = { role: 'operator', id: 'demo-operator' };

  if (doc.status === 'manual_triage') {
    const suggestion = doc.manualTriage?.suggestions[0];
    if (!suggestion) return { events, doc };
    const department: DepartmentRef = { id: suggestion.id, name: suggestion.name };
    if (!give({ command: 'reroute', department, coDepartments: [] }, operator, between(0.3, 6) * HOUR)) return { events, doc };
  }
  const department = doc.department;
  if (!department) return { events, doc };
  const diligence = diligenceOf(department.id);
  const staff: Actor = { role: 'department', id: `demo-${department.id}`, departmentId: department.id };
  const keeps = () => random() < diligence;

  if (random() < 0.08 * (1.5 - diligence)) {
    const returned = pick(RETURNS);
    if (!give({ command: 'return', ...returned }, staff, between(0.5, 6) * HOUR)) return { events, doc };
    if (!give({ command: 'reviewReturn', decision: 'reject', note: '经核实属于该单位职责，维持原派单' }, operator, between(0.5, 4) * HOUR)) return { events, doc };
  }
  const signFor = keeps() ? between(0.05, 0.9) * until(doc.sla?.signForBy) : until(doc.sla?.signForBy) + between(0.5, 20) * HOUR;
  if (!give({ command: 'signFor' }, staff, signFor)) return { events, doc };
  // 先行联系 by most departments (late as often as they are careless); the others' first 答复 is their first contact.
  if (random() < 0.6 + 0.4 * diligence) {
    const contact = keeps() ? between(0.1, 0.9) * until(doc.sla?.firstContactBy) : until(doc.sla?.firstContactBy) + between(1, 24) * HOUR;
    if (!give({ command: 'contact', method: pick(CONTACT_METHODS) }, staff, contact)) return { events, doc };
  }
  if (!give({ command: 'reply', message: pick(REPLIES) }, staff, between(0.5, 24) * HOUR)) return { events, doc };
  if (random() < 0.05) {
    if (!give({ command: 'requestExtension', amount: 'P5D', reason: '需协调多个部门现场整改，申请延长办理时限' }, staff, between(2, 24) * HOUR)) return { events, doc };
    if (!give({ command: 'decideExtension', approve: random() < 0.85 }, operator, between(1, 8) * HOUR)) return { events, doc };
  }
  const resolve = keeps() ? between(0.2, 0.95) * until(doc.sla?.resolveBy) : until(doc.sla?.resolveBy) + between(2, 96) * HOUR;
  if (!give({ command: 'resolve', summary: pick(RESOLUTIONS) }, staff, resolve)) return { events, doc };
  // The command center calls back within two days, one time in ten only after its 回访 deadline.
  const lateCallBack = random() < 0.1;
  const followUp = (): boolean => {
    const resolved = random() < 0.7 + 0.25 * diligence;
    const draw = random();
    const satisfaction = !resolved ? 'dissatisfied' : draw < 0.3 + 0.45 * diligence ? 'satisfied' : draw < 0.92 ? 'basically_satisfied' : 'dissatisfied';
    const after = lateCallBack ? until(doc.sla?.followUpBy) + between(2, 72) * HOUR : between(2, 48) * HOUR;
    return give({ command: 'followUp', resolved, satisfaction }, operator, after);
  };
  // A dissatisfied follow-up goes back to the department (不满意件重办), once in this plan.
  if (!followUp() || doc.status !== 'dissatisfied') return { events, doc };
  if (!give({ command: 'reopen', note: '市民回访不满意，重新办理' }, operator, between(1, 24) * HOUR)) return { events, doc };
  if (!give({ command: 'reply', message: pick(REPLIES) }, staff, between(2, 24) * HOUR)) return { events, doc };
  if (!give({ command: 'resolve', summary: pick(RESOLUTIONS) }, staff, between(1, 5) * DAY)) return { events, doc };
  followUp();
  return { events, doc };
}
