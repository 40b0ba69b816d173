import type { Channel, MessageKind } from './intake.ts';
import type { Priority } from './priority.ts';
import type { Classification, DepartmentRef, ResolvedLocation, TicketReceived } from './events.ts';

export const TICKET_STATUSES = ['received', 'triaged', 'routed', 'manual_triage'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export interface SlaClock {
  due: string;
  basis: 'working' | 'calendar';
  duration: string;
}

/** Deadlines are stored; remaining time and the light are computed when read (they depend on now). */
export interface TicketSla {
  startAt: string;
  signForBy: string;
  firstContactBy: string;
  resolveBy: string;
  clocks: Record<'signFor' | 'firstContact' | 'resolve', SlaClock>;
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
  department?: DepartmentRef;
  coDepartments?: DepartmentRef[];
  routingRule?: { id: string; description: string };
  manualTriage?: { code: string; message: string; suggestions: Array<DepartmentRef & { why: string }> };
  sla?: TicketSla;
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
