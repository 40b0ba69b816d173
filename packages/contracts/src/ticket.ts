import type { Channel, MessageKind } from './intake.ts';
import type { Priority } from './priority.ts';
import type { Classification, DepartmentRef, FineCategory, ResolvedLocation, SlaClockName, TicketReceived } from './events.ts';
import type { CONTACT_METHODS, RETURN_REASONS, SATISFACTION } from './lifecycle.ts';

/**
 * received → triaged → routed (派单) | manual_triage (人工分拨) → signed_for (签收) → replied (答复) → resolved (办结)
 * → closed (回访满意, 结案) | dissatisfied (回访不满意) → reopened (重办) → resolved …; returned (退单) awaits the
 * operator's review; merged (并单) ends a duplicate.
 */
export const TICKET_STATUSES = ['received', 'triaged', 'routed', 'manual_triage', 'signed_for', 'replied', 'resolved', 'closed', 'dissatisfied', 'reopened', 'returned', 'merged'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export interface SlaClock {
  due: string;
  basis: 'working' | 'calendar';
  duration: string;
  /** When the light turns yellow (a configured share of the window used, on the clock's basis). */
  warnAt: string;
  /** That share (0.8 = 80 %), kept so that an extension can move the yellow point with the due; absent in documents projected before it was kept (the policy's default then applies). */
  yellowAt?: number;
}

/** Deadlines are stored; remaining time and the light are computed when read (they depend on now). */
export interface TicketSla {
  startAt: string;
  signForBy: string;
  firstContactBy: string;
  resolveBy: string;
  /** The clocks' yellow points, top-level so the sweep can find them with range queries. */
  signForWarnAt: string;
  firstContactWarnAt: string;
  resolveWarnAt: string;
  /** 回访: set by each 办结 (when the policy has the clock), the command center's deadline to call the citizen back. */
  followUpBy?: string;
  followUpWarnAt?: string;
  clocks: Record<'signFor' | 'firstContact' | 'resolve', SlaClock> & { followUp?: SlaClock };
  warnings: string[];
}

/** A ticket as the tracker projects it into the `tickets` index: its current state, folded from its events. */
export interface TicketDocument {
  ticketId: string;
  channel: Channel;
  sourceId: string;
  kind?: MessageKind;
  receivedAt: string;
  title?: string;
  body: string;
  /** jieba tokens separated by spaces, for the whitespace-analyzed search fields. */
  titleTokens?: string;
  bodyTokens: string;
  location: {
    given?: TicketReceived['ticket']['location'];
    resolved?: ResolvedLocation;
  };
  attachments?: TicketReceived['ticket']['attachments'];
  extra: Record<string, unknown>;
  status: TicketStatus;
  priority?: Priority;
  urgencyReasons?: string[];
  classification?: Classification;
  fineCategory?: FineCategory;
  department?: DepartmentRef;
  coDepartments?: DepartmentRef[];
  routingRule?: { id: string; description: string };
  manualTriage?: { code: string; message: string; suggestions: Array<DepartmentRef & { why: string }> };
  sla?: TicketSla;
  /** Set by the sweep's notices (SlaWarning → yellow, SlaBreached → red) for the current deadlines. */
  slaState?: Partial<Record<SlaClockName, 'yellow' | 'red'>>;
  /**
   * The worst light among the department's clocks that still run in the ticket's status; green when none has a
   * notice. 回访 is the command center's clock: its state is in `slaState.followUp` only.
   */
  slaLight?: 'green' | 'yellow' | 'red';
  /** 疑难复杂: an operator marked it; the longer resolve clock applies. */
  complex?: boolean;
  handling?: {
    signedForAt?: string;
    /** Decided when it happens (the deadline then in force), so rates need no field-to-field comparison. */
    signedForOnTime?: boolean;
    resolvedOnTime?: boolean;
    /**
     * 先行联系: the department's first contact with the caller — a recorded contact, or its first 答复 or 办结, whichever
     * came first. It stops the first-contact clock.
     */
    firstContactAt?: string;
    firstContactMethod?: (typeof CONTACT_METHODS)[number] | 'reply' | 'resolve';
    firstContactOnTime?: boolean;
    firstReplyAt?: string;
    lastReply?: string;
    resolvedAt?: string;
    resolution?: string;
    closedAt?: string;
    /** Whether the latest 回访 came by the deadline then in force. */
    followedUpOnTime?: boolean;
  };
  returns?: {
    count: number;
    /** Returns the operator rejected: they count against the department that returned. */
    rejectedCount: number;
    last?: { reason: (typeof RETURN_REASONS)[number]; note?: string; departmentId?: string; at: string };
  };
  extension?: {
    pending?: { amount: string; reason: string; requestedAt: string };
    approved: Array<{ amount: string; at: string }>;
  };
  escalationLevel?: number;
  followUps?: Array<{ at: string; resolved: boolean; satisfaction: (typeof SATISFACTION)[number] }>;
  /** The latest 回访, which the resolution and satisfaction rates count. */
  lastFollowUp?: { resolved: boolean; satisfaction: (typeof SATISFACTION)[number] };
  reopenCount?: number;
  mergedInto?: string;
  /** Counts the state-changing events applied (notices such as SLA warnings do not count). */
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Where in the event log this document stands: events at or before this offset are already applied. */
  log: { partition: number; offset: string };
  appliedEventIds: string[];
  /** Contact data and unmasked text: stored but not indexed; only authorised roles may read it. */
  restricted: TicketReceived['restricted'];
}
