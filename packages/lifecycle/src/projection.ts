import type { Priority, SlaClock, SlaClockName, TicketCommandApplied, TicketDocument, TicketEvent, TicketSla, TicketStatus } from '@hotline/contracts';

/** In which statuses each SLA clock runs: the sweep looks only there, and the light counts only those. */
export const RUNNING_CLOCKS: Record<SlaClockName, readonly TicketStatus[]> = {
  signFor: ['manual_triage', 'routed'],
  firstContact: ['manual_triage', 'routed', 'signed_for'],
  resolve: ['manual_triage', 'routed', 'signed_for', 'replied', 'reopened', 'returned', 'dissatisfied'],
  followUp: ['resolved'],
};

/**
 * Whether a clock runs for the ticket as it stands: in its statuses, and for first contact (先行联系) only until the
 * department has reached the caller, which does not change the status.
 */
export function isClockRunning(doc: Pick<TicketDocument, 'status' | 'handling'>, clock: SlaClockName): boolean {
  return RUNNING_CLOCKS[clock].includes(doc.status) && !(clock === 'firstContact' && doc.handling?.firstContactAt);
}

/** An event with its place in the log; a ticket's events share one partition, so the offset orders them. */
export interface LoggedEvent {
  event: TicketEvent;
  partition: number;
  offset: string;
}

/** What the projection needs from outside, passed in so this stays pure. */
export interface ProjectionContext {
  /** jieba's tokens of the text joined by spaces, for the search fields: from the cuts triage made, else segmented. */
  indexTokens(text: string, cuts?: string): string;
  deadlines(input: { priority: Priority; kind?: string; category?: string; complex?: boolean; startAt: string }): TicketSla;
  /** An approved extension (延期): the clock's due moved by the amount on its basis, its yellow point with it. */
  extend(clock: SlaClock, startAt: string, amount: string): SlaClock;
  /** The 回访 clock a 办结 at `resolvedAt` starts; undefined when the policy has none. */
  followUpClock(resolvedAt: string): SlaClock | undefined;
}

export type ProjectionResult =
  | { applied: true; doc: TicketDocument }
  | { applied: false; reason: 'already-applied' | 'duplicate-event' | 'unknown-ticket' | 'stale-version' | 'stale-deadline'; doc: TicketDocument | undefined };

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
    doc: withLight({ ...next, ...position, appliedEventIds: [...next.appliedEventIds, event.eventId] }),
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
      // The search tokens come with triage's cuts (the body's standard-analyzed field is searchable meanwhile).
      ...(ticket.title ? { title: ticket.title } : {}),
      body: ticket.body,
      bodyTokens: '',
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
  const deadlinesFor = (priority: Priority, startAt = doc.receivedAt, complex = doc.complex) =>
    context.deadlines({
      priority,
      ...(doc.kind ? { kind: doc.kind } : {}),
      ...(doc.classification ? { category: doc.classification.category } : {}),
      ...(complex ? { complex } : {}),
      startAt,
    });

  switch (event.type) {
    case 'TicketTriaged':
      return applied({
        ...doc,
        ...(doc.title !== undefined ? { titleTokens: context.indexTokens(doc.title, event.cuts?.title) } : {}),
        bodyTokens: context.indexTokens(doc.body, event.cuts?.body),
        status: doc.status === 'received' ? 'triaged' : doc.status,
        classification: event.classification,
        ...(event.fineCategory ? { fineCategory: event.fineCategory } : {}),
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
    case 'SlaWarning':
    case 'SlaBreached': {
      // A notice about a deadline that has moved since (extension, re-route) is history, not state.
      if (doc.sla?.clocks[event.clock]?.due !== event.due) return { applied: false, reason: 'stale-deadline', doc: { ...doc, log: { partition, offset } } };
      const breached = event.type === 'SlaBreached';
      return applied({
        ...doc,
        slaState: { ...doc.slaState, [event.clock]: breached ? 'red' : 'yellow' },
        // A breach raises the escalation level (督办) of the department; notices never count as versions. A late 回访 is
        // the command center's own.
        ...(breached && event.clock !== 'followUp' ? { escalationLevel: (doc.escalationLevel ?? 0) + 1 } : {}),
      });
    }
    case 'TicketCommandApplied':
      // Decided on another version: someone else's move came first. Recorded as rejected, not applied.
      if (event.basedOnVersion !== doc.version) return { applied: false, reason: 'stale-version', doc: { ...doc, log: { partition, offset } } };
      return applied({ ...applyCommand(doc, event, context, deadlinesFor), version: doc.version + 1 });
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

type DeadlinesFor = (priority: Priority, startAt?: string, complex?: boolean) => TicketSla;

/** The state change a command makes; its legality was decided (`decide`) on this same version. */
function applyCommand(doc: TicketDocument, event: TicketCommandApplied, context: ProjectionContext, deadlinesFor: DeadlinesFor): TicketDocument {
  const at = event.occurredAt;
  const { command } = event;
  const priority = doc.priority ?? 'normal';
  switch (command.command) {
    case 'signFor':
      return { ...doc, status: 'signed_for', handling: { ...doc.handling, signedForAt: at, signedForOnTime: onTime(at, doc.sla?.signForBy) } };
    case 'contact':
      return { ...doc, handling: { ...doc.handling, ...firstContact(doc, at, command.method) } };
    case 'reply':
      return { ...doc, status: 'replied', handling: { ...doc.handling, ...firstContact(doc, at, 'reply'), firstReplyAt: doc.handling?.firstReplyAt ?? at, lastReply: command.message } };
    case 'resolve': {
      const resolved: TicketDocument = { ...doc, status: 'resolved', handling: { ...doc.handling, ...firstContact(doc, at, 'resolve'), resolvedAt: at, resolution: command.summary, resolvedOnTime: onTime(at, doc.sla?.resolveBy) } };
      return withFollowUpClock(resolved, context.followUpClock(at));
    }
    case 'return':
      return {
        ...doc,
        status: 'returned',
        returns: {
          count: (doc.returns?.count ?? 0) + 1,
          rejectedCount: doc.returns?.rejectedCount ?? 0,
          last: { reason: command.reason, ...(command.note ? { note: command.note } : {}), ...(doc.department ? { departmentId: doc.department.id } : {}), at },
        },
      };
    case 'reviewReturn':
      if (command.decision === 'uphold' && command.department) {
        // The return was right: a new department, and its clocks start now.
        return { ...withoutHandling(doc), status: 'routed', department: command.department, coDepartments: [], sla: deadlinesFor(priority, at), slaState: {} };
      }
      // Rejected: back to the same department, on its original clocks; the return counts against it.
      return { ...doc, status: doc.handling?.signedForAt ? 'signed_for' : 'routed', returns: { count: doc.returns?.count ?? 1, rejectedCount: (doc.returns?.rejectedCount ?? 0) + 1, ...(doc.returns?.last ? { last: doc.returns.last } : {}) } };
    case 'reroute': {
      const { manualTriage: _resolved, ...rest } = withoutHandling(doc);
      return {
        ...rest,
        status: 'routed',
        department: command.department,
        coDepartments: command.coDepartments,
        routingRule: { id: 'operator', description: `指挥中心改派${command.note ? `：${command.note}` : ''}` },
        sla: deadlinesFor(priority, at),
        slaState: {},
      };
    }
    case 'requestExtension':
      return { ...doc, extension: { approved: doc.extension?.approved ?? [], pending: { amount: command.amount, reason: command.reason, requestedAt: at } } };
    case 'decideExtension': {
      const pending = doc.extension?.pending;
      const approved = doc.extension?.approved ?? [];
      if (!command.approve || !pending || !doc.sla) return { ...doc, extension: { approved } };
      const resolve = context.extend(doc.sla.clocks.resolve, doc.sla.startAt, pending.amount);
      return {
        ...doc,
        extension: { approved: [...approved, { amount: pending.amount, at }] },
        sla: { ...doc.sla, resolveBy: resolve.due, resolveWarnAt: resolve.warnAt, clocks: { ...doc.sla.clocks, resolve } },
        slaState: withoutResolveNotice(doc),
      };
    }
    case 'merge':
      return { ...doc, status: 'merged', mergedInto: command.into };
    case 'escalate':
      return { ...doc, escalationLevel: (doc.escalationLevel ?? 0) + 1 };
    case 'markComplex':
      return { ...doc, complex: true, sla: deadlinesFor(priority, doc.sla?.startAt ?? doc.receivedAt, true), slaState: withoutResolveNotice(doc) };
    case 'followUp': {
      const lastFollowUp = { resolved: command.resolved, satisfaction: command.satisfaction };
      const followUps = [...(doc.followUps ?? []), { at, ...lastFollowUp }];
      const satisfied = command.resolved && command.satisfaction !== 'dissatisfied';
      const handling = { ...doc.handling, followedUpOnTime: onTime(at, doc.sla?.followUpBy) };
      return satisfied
        ? { ...doc, followUps, lastFollowUp, status: 'closed', handling: { ...handling, closedAt: at } }
        : { ...doc, followUps, lastFollowUp, status: 'dissatisfied', handling };
    }
    case 'reopen':
      return { ...doc, status: 'reopened', reopenCount: (doc.reopenCount ?? 0) + 1 };
  }
}

/** The first contact's time, way and punctuality, once: a later 答复 or 办结 does not move it. */
function firstContact(doc: TicketDocument, at: string, method: NonNullable<NonNullable<TicketDocument['handling']>['firstContactMethod']>): NonNullable<TicketDocument['handling']> {
  if (doc.handling?.firstContactAt) return {};
  return { firstContactAt: at, firstContactMethod: method, firstContactOnTime: onTime(at, doc.sla?.firstContactBy) };
}

/** Each 办结 starts a new 回访 clock (after 重办 too); the previous one's notices were about another deadline. */
function withFollowUpClock(doc: TicketDocument, clock: SlaClock | undefined): TicketDocument {
  if (!doc.sla || !clock) return doc;
  const { followUp: _previous, ...slaState } = doc.slaState ?? {};
  return { ...doc, sla: { ...doc.sla, followUpBy: clock.due, followUpWarnAt: clock.warnAt, clocks: { ...doc.sla.clocks, followUp: clock } }, slaState };
}

/** A new department starts afresh: the previous one's sign-for and replies are history (in ticket-events). */
function withoutHandling(doc: TicketDocument): TicketDocument {
  const { handling: _previous, ...rest } = doc;
  return rest;
}

const LIGHT_ORDER = { green: 0, yellow: 1, red: 2 } as const;

/**
 * The worst notice among the department's clocks still running in the ticket's status; clocks reset when deadlines
 * change. 回访 is left out: the light is what the department is judged by (boards, 督办), the call is the center's.
 */
function withLight(doc: TicketDocument): TicketDocument {
  let light: 'green' | 'yellow' | 'red' = 'green';
  for (const [clock, state] of Object.entries(doc.slaState ?? {}) as Array<[SlaClockName, 'yellow' | 'red']>) {
    if (clock !== 'followUp' && isClockRunning(doc, clock) && LIGHT_ORDER[state] > LIGHT_ORDER[light]) light = state;
  }
  return doc.sla ? { ...doc, slaLight: light } : doc;
}

/** The resolve deadline moved: its notices were about the old one. */
function withoutResolveNotice(doc: TicketDocument): TicketDocument['slaState'] {
  const { resolve: _old, ...rest } = doc.slaState ?? {};
  return rest;
}

/** Whether a step happened by its deadline; no deadline, no lateness. */
function onTime(at: string, due: string | undefined): boolean {
  return due === undefined || Date.parse(at) <= Date.parse(due);
}
