// Which commands to offer on a ticket: a copy of the lifecycle's rules (packages/lifecycle/src/commands.ts RULES)
// used only to hide buttons that cannot work; the server decides and its refusal is shown as it comes.
import type { Role, TicketCommandName, TicketStatus, TicketView, User } from './types.ts';

interface Rule {
  from: readonly TicketStatus[];
  roles: readonly Role[];
  ownTicketOnly?: boolean;
}

export const COMMAND_RULES: Record<TicketCommandName, Rule> = {
  signFor: { from: ['routed'], roles: ['department'], ownTicketOnly: true },
  reply: { from: ['signed_for', 'replied', 'reopened'], roles: ['department'], ownTicketOnly: true },
  resolve: { from: ['signed_for', 'replied', 'reopened'], roles: ['department'], ownTicketOnly: true },
  return: { from: ['routed', 'signed_for'], roles: ['department'], ownTicketOnly: true },
  requestExtension: { from: ['signed_for', 'replied', 'reopened'], roles: ['department'], ownTicketOnly: true },
  reroute: { from: ['triaged', 'manual_triage', 'routed', 'signed_for', 'replied', 'returned'], roles: ['operator'] },
  reviewReturn: { from: ['returned'], roles: ['operator'] },
  decideExtension: { from: ['signed_for', 'replied', 'reopened'], roles: ['operator'] },
  merge: { from: ['triaged', 'manual_triage', 'routed', 'signed_for', 'replied', 'returned'], roles: ['operator'] },
  escalate: { from: ['routed', 'signed_for', 'replied', 'reopened', 'returned', 'manual_triage', 'dissatisfied'], roles: ['operator'] },
  markComplex: { from: ['routed', 'signed_for', 'replied', 'reopened'], roles: ['operator'] },
  followUp: { from: ['resolved'], roles: ['operator'] },
  reopen: { from: ['dissatisfied'], roles: ['operator'] },
};

export const DEPARTMENT_COMMANDS: TicketCommandName[] = ['signFor', 'reply', 'resolve', 'return', 'requestExtension'];
export const OPERATOR_COMMANDS: TicketCommandName[] = ['reroute', 'merge', 'escalate', 'markComplex', 'reviewReturn', 'decideExtension', 'followUp', 'reopen'];

/** The commands this user may give on this ticket as it stands. */
export function availableCommands(user: User, ticket: TicketView): TicketCommandName[] {
  const names = user.role === 'admin' ? [...DEPARTMENT_COMMANDS, ...OPERATOR_COMMANDS] : user.role === 'department' ? DEPARTMENT_COMMANDS : user.role === 'operator' ? OPERATOR_COMMANDS : [];
  return names.filter((name) => {
    const rule = COMMAND_RULES[name];
    if (!rule.from.includes(ticket.status)) return false;
    if (user.role === 'department' && rule.ownTicketOnly && ticket.department?.id !== user.departmentId) return false;
    if (name === 'decideExtension' && !ticket.extension?.pending) return false;
    if (name === 'requestExtension' && ticket.extension?.pending) return false;
    if (name === 'markComplex' && ticket.complex) return false;
    return true;
  });
}

/** In which statuses each SLA clock runs (packages/lifecycle/src/projection.ts RUNNING_CLOCKS). */
export const RUNNING_CLOCKS: Record<'signFor' | 'firstContact' | 'resolve', readonly TicketStatus[]> = {
  signFor: ['manual_triage', 'routed'],
  firstContact: ['manual_triage', 'routed', 'signed_for'],
  resolve: ['manual_triage', 'routed', 'signed_for', 'replied', 'reopened', 'returned', 'dissatisfied'],
};

/** The light worth showing: none once no clock runs in the ticket's status (resolved, closed, merged…). */
export function runningLight<T extends { status: TicketStatus; slaLight?: 'green' | 'yellow' | 'red' }>(ticket: T): T['slaLight'] {
  return Object.values(RUNNING_CLOCKS).some((statuses) => statuses.includes(ticket.status)) ? ticket.slaLight : undefined;
}

/** The deadline that matters now for a list row: sign-for while it waits to be signed, else resolve. */
export function currentDeadline(ticket: { status: TicketStatus; signForBy?: string; resolveBy?: string }): { clock: 'signFor' | 'resolve'; due: string } | undefined {
  if (RUNNING_CLOCKS.signFor.includes(ticket.status) && ticket.signForBy) return { clock: 'signFor', due: ticket.signForBy };
  if (RUNNING_CLOCKS.resolve.includes(ticket.status) && ticket.resolveBy) return { clock: 'resolve', due: ticket.resolveBy };
  return undefined;
}
