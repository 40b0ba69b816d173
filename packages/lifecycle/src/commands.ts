import { eventIdFor, type Actor, type TicketCommand, type TicketCommandApplied, type TicketDocument, type TicketStatus } from '@hotline/contracts';

export interface CommandRejection {
  code: 'ILLEGAL_TRANSITION' | 'FORBIDDEN_FOR_ROLE' | 'NOT_YOUR_TICKET' | 'INVALID_COMMAND';
  message: string;
  retriable: false;
}

export type Decision = { ok: true; event: TicketCommandApplied } | { ok: false; rejection: CommandRejection };

/** Where each command may be given, and by whom. Operators (指挥中心) may do what departments do, for them. */
const RULES: Record<TicketCommand['command'], { from: readonly TicketStatus[]; roles: readonly Actor['role'][]; ownTicketOnly?: boolean }> = {
  signFor: { from: ['routed'], roles: ['department', 'operator'], ownTicketOnly: true },
  // After a 答复 or 办结 the caller has been reached already: a contact is recorded only before them.
  contact: { from: ['signed_for'], roles: ['department', 'operator'], ownTicketOnly: true },
  reply: { from: ['signed_for', 'replied', 'reopened'], roles: ['department', 'operator'], ownTicketOnly: true },
  resolve: { from: ['signed_for', 'replied', 'reopened'], roles: ['department', 'operator'], ownTicketOnly: true },
  return: { from: ['routed', 'signed_for'], roles: ['department'], ownTicketOnly: true },
  requestExtension: { from: ['signed_for', 'replied', 'reopened'], roles: ['department'], ownTicketOnly: true },
  reviewReturn: { from: ['returned'], roles: ['operator'] },
  reroute: { from: ['triaged', 'manual_triage', 'routed', 'signed_for', 'replied', 'returned'], roles: ['operator'] },
  decideExtension: { from: ['signed_for', 'replied', 'reopened'], roles: ['operator'] },
  merge: { from: ['triaged', 'manual_triage', 'routed', 'signed_for', 'replied', 'returned'], roles: ['operator'] },
  escalate: { from: ['routed', 'signed_for', 'replied', 'reopened', 'returned', 'manual_triage', 'dissatisfied'], roles: ['operator'] },
  markComplex: { from: ['routed', 'signed_for', 'replied', 'reopened'], roles: ['operator'] },
  followUp: { from: ['resolved'], roles: ['operator'] },
  reopen: { from: ['dissatisfied'], roles: ['operator'] },
};

const STATUS_ZH: Record<TicketStatus, string> = {
  received: '已受理', triaged: '已分类', routed: '已派单待签收', manual_triage: '待人工分拨', signed_for: '已签收办理中',
  replied: '已答复', resolved: '已办结待回访', closed: '已结案', dissatisfied: '回访不满意', reopened: '重办中',
  returned: '已退单待审核', merged: '已并单',
};

/** Command and role names as the console shows them, for the messages below (an operator reads them). */
const COMMAND_ZH: Record<TicketCommand['command'], string> = {
  signFor: '签收', contact: '先行联系', reply: '答复', resolve: '办结', return: '退单', requestExtension: '申请延期', reviewReturn: '退单审核',
  reroute: '改派', decideExtension: '延期审批', merge: '并单', escalate: '督办', markComplex: '标记疑难', followUp: '回访',
  reopen: '重办',
};
const ROLE_ZH: Record<Actor['role'], string> = { operator: '指挥中心', department: '承办单位', admin: '管理员', system: '系统' };

/** The most one extension may ask for, in the clock's days (working days on a working clock). */
const MAX_EXTENSION_DAYS = 30;

/** Days in an ISO duration of days, hours and minutes (the command schema has checked its form); NaN otherwise. */
function extensionDays(amount: string): number {
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(amount);
  if (!match) return Number.NaN;
  return Number(match[1] ?? 0) + Number(match[2] ?? 0) / 24 + Number(match[3] ?? 0) / 1_440;
}

const reject = (code: CommandRejection['code'], message: string): Decision => ({ ok: false, rejection: { code, message, retriable: false } });

/**
 * The commands this actor could give on the ticket as it stands (role, own ticket, status): what a console offers.
 * `decide` still checks each command's own fields.
 */
export function availableCommands(doc: TicketDocument, actor: Pick<Actor, 'role' | 'departmentId'>): Array<TicketCommand['command']> {
  return (Object.keys(RULES) as Array<TicketCommand['command']>).filter((name) => {
    const rule = RULES[name];
    if (!rule.roles.includes(actor.role) && actor.role !== 'admin') return false;
    if (rule.ownTicketOnly && actor.role === 'department' && actor.departmentId !== doc.department?.id) return false;
    if (!rule.from.includes(doc.status)) return false;
    // The state checks of decide that need no command fields.
    if (name === 'requestExtension') return !doc.extension?.pending;
    if (name === 'decideExtension') return Boolean(doc.extension?.pending);
    if (name === 'markComplex') return !doc.complex;
    if (name === 'contact') return !doc.handling?.firstContactAt;
    return true;
  });
}

/**
 * Decides a command against the ticket as projected: either the event to append (carrying the version it was
 * decided on) or a coded rejection with a message an operator can read. Applies nothing; the tracker does.
 */
export function decide(doc: TicketDocument, command: TicketCommand, actor: Actor, now: Date): Decision {
  const rule = RULES[command.command];
  if (!rule.roles.includes(actor.role) && actor.role !== 'admin') {
    return reject('FORBIDDEN_FOR_ROLE', `${ROLE_ZH[actor.role]}不能执行「${COMMAND_ZH[command.command]}」`);
  }
  if (rule.ownTicketOnly && actor.role === 'department' && actor.departmentId !== doc.department?.id) {
    return reject('NOT_YOUR_TICKET', `工单 ${doc.ticketId} 不属于本单位`);
  }
  if (!rule.from.includes(doc.status)) {
    return reject('ILLEGAL_TRANSITION', `工单当前状态为「${STATUS_ZH[doc.status]}」，不能执行「${COMMAND_ZH[command.command]}」`);
  }
  switch (command.command) {
    case 'reviewReturn':
      if (command.decision === 'uphold' && !command.department) return reject('INVALID_COMMAND', '支持退单时须指定改派的承办单位');
      if (command.decision === 'uphold' && command.department?.id === doc.department?.id) return reject('INVALID_COMMAND', '改派单位不能与退单单位相同');
      break;
    case 'reroute':
      if (command.department.id === doc.department?.id && doc.status !== 'manual_triage' && doc.status !== 'triaged') {
        return reject('INVALID_COMMAND', '改派单位与当前承办单位相同');
      }
      break;
    case 'requestExtension': {
      if (doc.extension?.pending) return reject('INVALID_COMMAND', '已有待审批的延期申请');
      const days = extensionDays(command.amount);
      // A zero extension would fail when approved (a clock must move); one beyond a month is a new plan, not more time.
      if (!(days > 0)) return reject('INVALID_COMMAND', '延期时长须大于零');
      if (days > MAX_EXTENSION_DAYS) return reject('INVALID_COMMAND', `单次延期不超过 ${MAX_EXTENSION_DAYS} 天（申请的是 ${command.amount}）`);
      break;
    }
    case 'decideExtension':
      if (!doc.extension?.pending) return reject('INVALID_COMMAND', '没有待审批的延期申请');
      break;
    case 'merge':
      if (command.into === doc.ticketId) return reject('INVALID_COMMAND', '不能并入工单自身');
      break;
    case 'markComplex':
      if (doc.complex) return reject('INVALID_COMMAND', '工单已标记为疑难复杂');
      break;
    case 'contact':
      if (doc.handling?.firstContactAt) return reject('INVALID_COMMAND', '已先行联系过市民，后续进展请用「答复」告知');
      break;
    default:
      break;
  }
  const occurredAt = now.toISOString();
  return {
    ok: true,
    event: {
      type: 'TicketCommandApplied',
      // The same command from the same actor on the same version is one event (a retried request changes nothing);
      // anything different — another actor, another department, another note — is another event.
      eventId: eventIdFor(doc.ticketId, 'TicketCommandApplied', String(doc.version), actor.role, actor.id, JSON.stringify(command)),
      ticketId: doc.ticketId,
      occurredAt,
      producedBy: `${actor.role}:${actor.id}`,
      actor,
      basedOnVersion: doc.version,
      command,
    },
  };
}

/**
 * Whether a ticket may be merged (并单) into `target`, the ticket its `into` names as projected (undefined when there
 * is none): `decide` sees one ticket only, so the command handler asks this as well. A duplicate merged into a
 * ticket that does not exist, or into one already closed, would never be answered; into a merged one, it would wait
 * on a ticket nobody handles.
 */
export function checkMergeTarget(into: string, target: TicketDocument | undefined): CommandRejection | undefined {
  const refuse = (message: string): CommandRejection => ({ code: 'INVALID_COMMAND', message, retriable: false });
  if (!target) return refuse(`主工单 ${into} 不存在`);
  if (target.status === 'merged') return refuse(`主工单 ${into} 已并入 ${target.mergedInto ?? '其他工单'}，请并入该工单`);
  if (target.status === 'closed') return refuse(`主工单 ${into} 已结案，不能再并入；请将本工单按新件派单`);
  return undefined;
}
