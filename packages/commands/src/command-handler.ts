import { ActorSchema, TicketCommandSchema, type DepartmentRef, type TicketCommand, type TicketDocument } from '@hotline/contracts';
import type { Producer } from '@hotline/kafka';
import { checkMergeTarget, decide } from '@hotline/lifecycle';
import type { TicketRepository } from '@hotline/store';

export type CommandResult =
  /** Applied and projected: the ticket as it is now. */
  | { status: 'applied'; eventId: string; ticket: TicketDocument }
  /** Not allowed on this ticket as it stands (or by this actor); nothing was written. */
  | { status: 'rejected'; code: string; message: string }
  /** Someone else's change to the same version was applied first; the event is recorded as rejected. */
  | { status: 'conflict'; eventId: string; message: string; ticket: TicketDocument }
  /** Written to the log but not yet projected within the wait: poll the ticket for the event id. */
  | { status: 'pending'; eventId: string; basedOnVersion: number }
  /** The caller said which version it acted on (If-Match) and the ticket has moved on since: nothing was written. */
  | { status: 'stale'; message: string; ticket: TicketDocument }
  | { status: 'not_found' }
  | { status: 'invalid'; message: string };

export interface CommandHandler {
  handle(ticketId: string, command: unknown, actor: unknown, options?: { expectedVersion?: number }): Promise<CommandResult>;
}

/**
 * The one way a ticket changes after triage: validate the command, decide it on the ticket as projected
 * (DESIGN: commands are decided on a version), append the resulting event to the ticket's log, and wait until the
 * tracker has projected it (read-your-writes within a bounded wait). A department asking about another
 * department's ticket learns nothing about it: the same answer as for a ticket that does not exist.
 */
export function createCommandHandler(deps: {
  producer: Producer;
  repository: TicketRepository;
  ticketEventsTopic: string;
  /** The city's departments: a command may only name one of them, and it is recorded under its catalogue name. */
  departments: ReadonlyArray<DepartmentRef>;
  clock?: () => Date;
  waitMs?: number;
  pollMs?: number;
}): CommandHandler {
  const clock = deps.clock ?? (() => new Date());
  const waitMs = deps.waitMs ?? 5_000;
  const pollMs = deps.pollMs ?? 50;
  const departmentsById = new Map(deps.departments.map((department) => [department.id, { id: department.id, name: department.name }]));

  /** The command with every department it names replaced by the catalogue's entry, or the id that is not there. */
  function withKnownDepartments(command: TicketCommand): { command: TicketCommand } | { unknown: string } {
    const known = (department: DepartmentRef) => departmentsById.get(department.id);
    const named = [...('department' in command && command.department ? [command.department] : []), ...('coDepartments' in command ? command.coDepartments : [])];
    const unknown = named.find((department) => !known(department));
    if (unknown) return { unknown: unknown.id };
    return {
      command: {
        ...command,
        ...('department' in command && command.department ? { department: known(command.department)! } : {}),
        ...('coDepartments' in command ? { coDepartments: command.coDepartments.map((department) => known(department)!) } : {}),
      } as TicketCommand,
    };
  }

  return {
    async handle(ticketId, commandInput, actorInput, options = {}) {
      const command = TicketCommandSchema.safeParse(commandInput);
      if (!command.success) return { status: 'invalid', message: command.error.issues.map((issue) => `${issue.path.join('.') || 'command'}: ${issue.message}`).join('; ') };
      const checked = withKnownDepartments(command.data);
      if ('unknown' in checked) return { status: 'invalid', message: `department: no department ${checked.unknown} in the city's list` };
      const actor = ActorSchema.safeParse(actorInput);
      if (!actor.success) return { status: 'invalid', message: `actor: ${actor.error.issues.map((issue) => issue.message).join('; ')}` };

      const ticket = await deps.repository.get(ticketId);
      if (!ticket || !visibleTo(ticket, actor.data)) return { status: 'not_found' };
      if (options.expectedVersion !== undefined && options.expectedVersion !== ticket.version) {
        return { status: 'stale', message: `工单已被他人更新（您看到的是版本 ${options.expectedVersion}，当前为 ${ticket.version}），请刷新后重试`, ticket };
      }
      const decision = decide(ticket, checked.command, actor.data, clock());
      if (!decision.ok) return { status: 'rejected', code: decision.rejection.code, message: decision.rejection.message };
      if (checked.command.command === 'merge') {
        const refused = checkMergeTarget(checked.command.into, await deps.repository.get(checked.command.into));
        if (refused) return { status: 'rejected', code: refused.code, message: refused.message };
      }

      const { event } = decision;
      await deps.producer.send({
        topic: deps.ticketEventsTopic,
        acks: -1,
        messages: [{ key: ticketId, value: JSON.stringify(event), headers: { 'event-type': event.type } }],
      });

      const deadline = Date.now() + waitMs;
      while (Date.now() < deadline) {
        const now = await deps.repository.get(ticketId);
        if (now && now.version > event.basedOnVersion) {
          if (now.appliedEventIds.includes(event.eventId)) return { status: 'applied', eventId: event.eventId, ticket: now };
          return { status: 'conflict', eventId: event.eventId, message: `工单已被他人更新（版本 ${event.basedOnVersion} → ${now.version}），本次操作未生效，请刷新后重试`, ticket: now };
        }
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
      return { status: 'pending', eventId: event.eventId, basedOnVersion: event.basedOnVersion };
    },
  };
}

/** Departments see their own tickets only (as lead or assisting department); other roles see all. */
export function visibleTo(ticket: TicketDocument, actor: { role: string; departmentId?: string | undefined }): boolean {
  if (actor.role !== 'department') return true;
  return ticket.department?.id === actor.departmentId || (ticket.coDepartments ?? []).some((department) => department.id === actor.departmentId);
}
