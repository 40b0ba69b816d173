// Which of the commands the server allows (GET /api/tickets/:id → commands, from the lifecycle's own rules) the
// console offers to whom: operators work the command-centre side; signing for and handling stay with departments.
import type { Role, TicketCommandName, TicketStatus, User } from './types.ts';

export const DEPARTMENT_COMMANDS: TicketCommandName[] = ['signFor', 'contact', 'reply', 'resolve', 'return', 'requestExtension'];
export const OPERATOR_COMMANDS: TicketCommandName[] = ['reroute', 'merge', 'escalate', 'markComplex', 'reviewReturn', 'decideExtension', 'followUp', 'reopen'];

const OFFERED: Record<Role, readonly TicketCommandName[]> = {
  admin: [...DEPARTMENT_COMMANDS, ...OPERATOR_COMMANDS],
  department: DEPARTMENT_COMMANDS,
  operator: OPERATOR_COMMANDS,
  analyst: [],
};

/** The allowed commands this console shows the user, in its own order. */
export function offeredCommands(user: User, allowed: readonly TicketCommandName[]): TicketCommandName[] {
  return OFFERED[user.role].filter((name) => allowed.includes(name));
}

/** In which statuses each SLA clock runs (packages/lifecycle/src/projection.ts RUNNING_CLOCKS). */
export const RUNNING_CLOCKS: Record<'signFor' | 'firstContact' | 'resolve' | 'followUp', readonly TicketStatus[]> = {
  signFor: ['manual_triage', 'routed'],
  firstContact: ['manual_triage', 'routed', 'signed_for'],
  resolve: ['manual_triage', 'routed', 'signed_for', 'replied', 'reopened', 'returned', 'dissatisfied'],
  followUp: ['resolved'],
};
/** The department's clocks, which the ticket's light (slaLight) sums up; 回访 is the command center's own. */
const DEPARTMENT_CLOCKS = ['signFor', 'firstContact', 'resolve'] as const;

/** Whether a clock runs for the ticket (packages/lifecycle isClockRunning): first contact also stops once made. */
export function isClockRunning(ticket: { status: TicketStatus; handling?: { firstContactAt?: string } }, clock: keyof typeof RUNNING_CLOCKS): boolean {
  return RUNNING_CLOCKS[clock].includes(ticket.status) && !(clock === 'firstContact' && ticket.handling?.firstContactAt);
}

/** The light worth showing: none once no clock runs in the ticket's status (resolved, closed, merged…). */
export function runningLight<T extends { status: TicketStatus; slaLight?: 'green' | 'yellow' | 'red' }>(ticket: T): T['slaLight'] {
  return DEPARTMENT_CLOCKS.some((clock) => RUNNING_CLOCKS[clock].includes(ticket.status)) ? ticket.slaLight : undefined;
}

/**
 * The deadline that matters now for a list row: sign-for while it waits to be signed, then first contact (先行联系)
 * while the caller has not been reached (the API lists `firstContactBy` only then), else resolve; once resolved, the
 * 回访 deadline.
 */
export function currentDeadline(ticket: { status: TicketStatus; signForBy?: string; firstContactBy?: string; resolveBy?: string; followUpBy?: string }): { clock: keyof typeof RUNNING_CLOCKS; due: string } | undefined {
  if (RUNNING_CLOCKS.signFor.includes(ticket.status) && ticket.signForBy) return { clock: 'signFor', due: ticket.signForBy };
  if (RUNNING_CLOCKS.firstContact.includes(ticket.status) && ticket.firstContactBy) return { clock: 'firstContact', due: ticket.firstContactBy };
  if (RUNNING_CLOCKS.resolve.includes(ticket.status) && ticket.resolveBy) return { clock: 'resolve', due: ticket.resolveBy };
  if (RUNNING_CLOCKS.followUp.includes(ticket.status) && ticket.followUpBy) return { clock: 'followUp', due: ticket.followUpBy };
  return undefined;
}
