// Shapes of the HTTP API (docs/api.md). Types only: the contracts package is imported for its types, never at run
// time, so no server code reaches the bundle.
import type { TicketDocument, TicketStatus } from '../../../packages/contracts/src/ticket.ts';
import type { Priority } from '../../../packages/contracts/src/priority.ts';
import type { Channel } from '../../../packages/contracts/src/intake.ts';
import type { CONTACT_METHODS, RETURN_REASONS, SATISFACTION, TicketCommand, TicketCommandName } from '../../../packages/contracts/src/lifecycle.ts';

export type { TicketStatus, Priority, Channel, TicketCommand, TicketCommandName };
export type ReturnReason = (typeof RETURN_REASONS)[number];
export type Satisfaction = (typeof SATISFACTION)[number];
export type ContactMethod = (typeof CONTACT_METHODS)[number];
export type SlaLight = 'green' | 'yellow' | 'red';

export type Role = 'operator' | 'department' | 'analyst' | 'admin';

export interface User {
  username: string;
  displayName: string;
  role: Role;
  departmentId?: string;
  departmentName?: string;
}

export interface LoginResponse {
  token: string;
  expiresAt: string;
  user: User;
}

export interface DepartmentRef {
  id: string;
  name: string;
}

export interface Department extends DepartmentRef {
  district?: string;
}

export interface TicketSummary {
  ticketId: string;
  channel: Channel;
  sourceId: string;
  receivedAt: string;
  title?: string;
  excerpt: string;
  status: TicketStatus;
  priority?: Priority;
  category?: string;
  fineCategory?: string;
  department?: DepartmentRef;
  district?: string;
  street?: string;
  slaLight?: SlaLight;
  signForBy?: string;
  /** Only while the department has yet to reach the caller (先行联系). */
  firstContactBy?: string;
  resolveBy?: string;
  /** Only while the ticket waits for its 回访, with the sweep's notice on that clock if any. */
  followUpBy?: string;
  followUpLight?: 'yellow' | 'red';
  version: number;
  highlights?: { title?: string[]; body?: string[] };
}

export interface FacetBucket {
  key: string;
  label?: string;
  count: number;
}

export type FacetName = 'category' | 'district' | 'department' | 'channel' | 'status' | 'slaLight' | 'priority';

export interface SearchResponse {
  total: number;
  page: number;
  pageSize: number;
  tookMs: number;
  items: TicketSummary[];
  facets: Partial<Record<FacetName, FacetBucket[]>>;
}

export interface Contact {
  name?: string;
  phone?: string;
  idNumber?: string;
  address?: string;
}

/** The stored ticket minus what the API strips, plus contact data for the roles allowed to see it. */
export type TicketView = Omit<TicketDocument, 'restricted' | 'appliedEventIds' | 'log' | 'titleTokens' | 'bodyTokens'> & {
  contact?: Contact;
  /** The unmasked text, for the roles that see contact data. */
  original?: { title?: string; body: string };
};

export interface HistoryEntry {
  eventId: string;
  type: string;
  occurredAt: string;
  actor?: { role: string; id: string; departmentId?: string };
  outcome: string;
  summary: string;
}

export interface TicketDetailResponse {
  ticket: TicketView;
  /** The commands this user may give on the ticket now, as the server's lifecycle rules say. */
  commands: TicketCommandName[];
  history: HistoryEntry[];
  /** Tickets merged into this one (并单), earliest first: at most 100 listed, `total` counts all. */
  merged: { total: number; items: Array<TicketSummary & { contact?: Pick<Contact, 'name' | 'phone'> }> };
}

export type CommandResponse =
  | { status: 'applied'; ticket: TicketView; commands: TicketCommandName[] }
  | { status: 'pending'; eventId: string; poll: string };

/** GET /api/tickets/:id/similar: look-alikes, most similar first; similarity is a share of the ticket's own score (0..1). */
export interface SimilarResponse {
  items: Array<TicketSummary & { similarity: number; resolution?: string }>;
}

export interface TriageItem extends TicketSummary {
  manualTriage: { code: string; message: string; suggestions: Array<DepartmentRef & { why: string }> };
  classification?: { category: string; confidence: number; alternatives: Array<{ category: string; probability: number }>; modelVersion?: string };
}

export type WorkQueueName = 'returned' | 'extension' | 'followUp' | 'dissatisfied';

/** GET /api/work-queue: a row of one of the operator's queues, with what the operator decides on. */
export interface WorkQueueItem extends TicketSummary {
  lastReturn?: { reason: ReturnReason; note?: string; departmentId?: string; at: string };
  extension?: { pending?: { amount: string; reason: string; requestedAt: string } };
  resolvedAt?: string;
  resolution?: string;
  resolvedOnTime?: boolean;
  lastFollowUp?: { resolved: boolean; satisfaction: Satisfaction; at?: string };
  reopenCount?: number;
}

export interface WorkQueueResponse {
  counts: Record<WorkQueueName, number>;
  /** Resolved tickets past their 回访 deadline. */
  lateFollowUps: number;
  total: number;
  items: WorkQueueItem[];
}

export interface TriageResponse {
  total: number;
  items: TriageItem[];
}

export interface SlaBoardResponse {
  counts: { red: number; yellow: number };
  red: TicketSummary[];
  yellow: TicketSummary[];
}

/** 流水线积压: records each stage's consumer group has not handled yet (triage and tracker count events). */
export interface PipelineResponse {
  at: string;
  backlog: { intake: number; triage: number; tracker: number };
  admissionLimit: number;
  intakeHeld: boolean;
}

/** How far config/holidays.json reaches; `warning` when its end is near (45 days) or past. */
export interface SlaCalendarResponse {
  coveredYears: number[];
  warning: null | { code: 'SLA_CALENDAR_ENDING' | 'SLA_CALENDAR_NOT_COVERED'; missingYear: number; coveredUntil?: string; daysLeft?: number };
}

export interface LiveResponse {
  now: string;
  items: TicketSummary[];
}

export interface TrendsResponse {
  interval: 'day' | 'week' | 'month';
  buckets: Array<{ date: string; total: number; byCategory: Record<string, number> }>;
}

export interface HotspotItem {
  dimension: 'place' | 'category';
  key: string;
  recent: number;
  baseline: number;
  ratio: number;
  topCategory?: string;
}

export interface HotspotsResponse {
  items: HotspotItem[];
}

export interface DepartmentRateRow {
  departmentId: string;
  departmentName: string;
  tickets: number;
  signedForOnTimeRate: number | null;
  firstContactOnTimeRate: number | null;
  resolvedOnTimeRate: number | null;
  returnRate: number | null;
  satisfactionRate: number | null;
  resolutionRate: number | null;
  /** Also given by the API (not in docs/api.md): signed for or replied, and reopened, shares of dispatched tickets. */
  responseRate?: number | null;
  reHandlingRate?: number | null;
}

export interface DepartmentRatesResponse {
  /** The command center's own 按时回访率 over the same tickets. */
  center: { followUpOnTimeRate: number | null; counts: { followedUpOnTime: number; followUpJudged: number } };
  rows: DepartmentRateRow[];
}

export type DlqTopic = 'intake' | 'ticket-events';

/** One dead letter as the console reads it; the API's field names are taken leniently (see api.ts). */
export interface DeadLetter {
  offset: string;
  partition?: number;
  code?: string;
  reason?: string;
  /** "topic/partition@offset" as the API gives it. */
  source?: string;
  sourceTopic?: string;
  sourcePartition?: string | number;
  sourceOffset?: string;
  failedAt?: string;
  service?: string;
  key?: string;
  text?: string;
  base64?: string;
}
