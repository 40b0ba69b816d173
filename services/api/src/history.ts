import { PRIORITY_LABELS_ZH, type Priority } from '@hotline/contracts';

/** An entry of a ticket's history as the events index holds it (see services/tracker). */
export interface EventRecordView {
  eventId: string;
  type: string;
  occurredAt: string;
  producedBy: string;
  outcome: string;
  payload: Record<string, unknown>;
}

const CLOCKS: Record<string, string> = { signFor: '签收', firstContact: '先行联系', resolve: '办结', followUp: '回访' };
const RETURN_REASONS: Record<string, string> = { not_our_duty: '非本单位职责', wrong_location: '属地不符', duplicate: '重复工单', insufficient_information: '信息不全', other: '其他' };
const CONTACT_METHODS: Record<string, string> = { phone: '电话', sms: '短信', visit: '上门', other: '其他方式' };
const SATISFACTION: Record<string, string> = { satisfied: '满意', basically_satisfied: '基本满意', dissatisfied: '不满意' };
const OUTCOMES: Record<string, string> = { 'stale-version': '未生效：工单已被他人更新（版本冲突）', 'stale-deadline': '未生效：时限已变更', 'unknown-ticket': '未生效：工单不存在', 'duplicate-event': '重复事件，已忽略' };

type Payload = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- events of many shapes, read defensively

function describeCommand(command: Payload): string {
  switch (command.command) {
    case 'signFor': return '签收';
    case 'contact': return `先行联系（${CONTACT_METHODS[command.method] ?? command.method}）${command.note ? `：${command.note}` : ''}`;
    case 'reply': return `答复：${command.message}`;
    case 'resolve': return `办结：${command.summary}`;
    case 'return': return `退单（${RETURN_REASONS[command.reason] ?? command.reason}）${command.note ? `：${command.note}` : ''}`;
    case 'reviewReturn': return command.decision === 'uphold' ? `退单审核：同意退单${command.department ? `，改派至${command.department.name}` : ''}` : `退单审核：驳回退单${command.note ? `（${command.note}）` : ''}`;
    case 'reroute': return `派单至${command.department?.name ?? ''}${command.coDepartments?.length ? `，协办：${command.coDepartments.map((d: Payload) => d.name).join('、')}` : ''}${command.note ? `（${command.note}）` : ''}`;
    case 'requestExtension': return `申请延期 ${command.amount}：${command.reason}`;
    case 'decideExtension': return command.approve ? '延期审批：同意' : `延期审批：不同意${command.note ? `（${command.note}）` : ''}`;
    case 'merge': return `并入工单 ${command.into}`;
    case 'escalate': return `督办：${command.note}`;
    case 'markComplex': return `标记为疑难复杂件${command.note ? `（${command.note}）` : ''}`;
    case 'followUp': return `回访：${command.resolved ? '已解决' : '未解决'}，${SATISFACTION[command.satisfaction] ?? command.satisfaction}`;
    case 'reopen': return `重办${command.note ? `：${command.note}` : ''}`;
    default: return String(command.command);
  }
}

const SHANGHAI = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });

/** A deadline as people in the command centre read it: Beijing time, to the minute. */
function shanghaiTime(iso: unknown): string {
  const at = new Date(String(iso));
  return Number.isNaN(at.getTime()) ? String(iso) : SHANGHAI.format(at);
}

/** One Chinese sentence per event, for the history timeline. */
export function describeEvent(record: EventRecordView): string {
  const p = record.payload as Payload;
  let text: string;
  switch (record.type) {
    case 'TicketReceived': text = `受理：收到工单（来源编号 ${p.ticket?.sourceId ?? ''}）`; break;
    case 'TicketTriaged': text = `智能分类：${p.classification?.category ?? '未知'}（置信度 ${Math.round((p.classification?.confidence ?? 0) * 100)}%）${Array.isArray(p.fineCategory?.path) && p.fineCategory.path.length ? `，细类 ${p.fineCategory.path.join(' › ')}` : ''}，${PRIORITY_LABELS_ZH[p.urgency?.priority as Priority] ?? ''}`; break;
    case 'TicketRouted': text = `自动派单至${p.department?.name ?? ''}（${p.rule?.description ?? p.rule?.id ?? ''}）`; break;
    case 'TicketNeedsManualTriage': text = `转人工分拨：${p.reason?.message ?? ''}`; break;
    case 'SlaWarning': text = `${CLOCKS[p.clock] ?? p.clock}时限预警（截止 ${shanghaiTime(p.due)}）`; break;
    case 'SlaBreached': text = `${CLOCKS[p.clock] ?? p.clock}超时（截止 ${shanghaiTime(p.due)}）`; break;
    case 'TicketCommandApplied': text = describeCommand(p.command ?? {}); break;
    default: text = record.type;
  }
  const outcome = record.outcome === 'applied' ? '' : OUTCOMES[record.outcome] ?? record.outcome;
  return outcome ? `${text}（${outcome}）` : text;
}
