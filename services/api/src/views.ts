import type { TicketDocument } from '@hotline/contracts';
import { isClockRunning } from '@hotline/lifecycle';
import type { User } from './users.ts';

/** A ticket in a list: what a row shows, nothing restricted. */
export interface TicketSummary {
  ticketId: string;
  channel: string;
  sourceId: string;
  receivedAt: string;
  title?: string;
  excerpt: string;
  status: string;
  priority?: string;
  category?: string;
  fineCategory?: string;
  department?: { id: string; name: string };
  district?: string;
  street?: string;
  slaLight?: string;
  signForBy?: string;
  /** Only while the department has yet to reach the caller (先行联系). */
  firstContactBy?: string;
  resolveBy?: string;
  /** Only while the ticket waits for its 回访, with the clock's notice if the sweep gave one. */
  followUpBy?: string;
  followUpLight?: 'yellow' | 'red';
  version: number;
  highlights?: { title?: string[]; body?: string[] };
}

/** What list reads return: the stored ticket without the restricted part and the search tokens. */
type ListedTicket = Omit<TicketDocument, 'restricted' | 'titleTokens' | 'bodyTokens' | 'appliedEventIds'>;

export function toSummary(doc: ListedTicket, highlights?: TicketSummary['highlights']): TicketSummary {
  const district = doc.location?.resolved?.district ?? doc.location?.given?.district;
  const street = doc.location?.resolved?.street ?? doc.location?.given?.street;
  return {
    ticketId: doc.ticketId,
    channel: doc.channel,
    sourceId: doc.sourceId,
    receivedAt: doc.receivedAt,
    ...(doc.title ? { title: doc.title } : {}),
    excerpt: doc.body.length > 120 ? `${doc.body.slice(0, 120)}…` : doc.body,
    status: doc.status,
    ...(doc.priority ? { priority: doc.priority } : {}),
    ...(doc.classification ? { category: doc.classification.category } : {}),
    ...(doc.fineCategory?.path.length ? { fineCategory: doc.fineCategory.path.join(' / ') } : {}),
    ...(doc.department ? { department: doc.department } : {}),
    ...(district ? { district } : {}),
    ...(street ? { street } : {}),
    ...(doc.slaLight ? { slaLight: doc.slaLight } : {}),
    ...(doc.sla ? { signForBy: doc.sla.signForBy, resolveBy: doc.sla.resolveBy } : {}),
    ...(doc.sla && isClockRunning(doc, 'firstContact') ? { firstContactBy: doc.sla.firstContactBy } : {}),
    ...(doc.sla?.followUpBy && isClockRunning(doc, 'followUp') ? { followUpBy: doc.sla.followUpBy, ...(doc.slaState?.followUp ? { followUpLight: doc.slaState.followUp } : {}) } : {}),
    version: doc.version,
    ...(highlights && (highlights.title?.length || highlights.body?.length) ? { highlights } : {}),
  };
}

/** Whether this user may see the citizen's contact data and unmasked text of this ticket. */
function seesContact(user: User, doc: TicketDocument): boolean {
  if (user.role === 'operator' || user.role === 'admin') return true;
  return user.role === 'department' && doc.department?.id === user.departmentId;
}

/**
 * The ticket as the detail view shows it: the stored document without the search tokens, the log position and
 * the restricted part; contact data and the unmasked text are added back only for roles that handle the ticket.
 */
export function toTicketView(doc: TicketDocument, user: User) {
  const { restricted, titleTokens: _titleTokens, bodyTokens: _bodyTokens, log: _log, appliedEventIds: _applied, ...visible } = doc;
  if (!seesContact(user, doc)) return visible;
  const caller = restricted?.caller;
  const address = doc.location?.given?.address;
  return {
    ...visible,
    contact: {
      ...(caller?.name ? { name: caller.name } : {}),
      ...(caller?.phone ? { phone: caller.phone } : {}),
      ...(caller?.idNumber ? { idNumber: caller.idNumber } : {}),
      ...(address ? { address } : {}),
    },
    original: { ...(restricted?.originalTitle ? { title: restricted.originalTitle } : {}), body: restricted?.originalBody ?? doc.body },
  };
}
