// Every Chinese label the console shows for a code, in one place.
import type { Channel, ContactMethod, FacetName, Priority, ReturnReason, Role, Satisfaction, SlaLight, TicketCommandName, TicketStatus } from './types.ts';

export const PRODUCT_NAME = '政务服务便民热线';
export const PRODUCT_SUBTITLE = '工单指挥平台';

export const STATUS_LABELS: Record<TicketStatus, string> = {
  received: '已受理',
  triaged: '已分类',
  routed: '已派单',
  manual_triage: '待人工分拨',
  signed_for: '已签收',
  replied: '已答复',
  resolved: '已办结',
  closed: '已结案',
  dissatisfied: '不满意',
  reopened: '重办中',
  returned: '已退单',
  merged: '已并单',
};

/** From packages/contracts/src/priority.ts (PRIORITY_LABELS_ZH). */
export const PRIORITY_LABELS: Record<Priority, string> = { urgent: '紧急', high: '较急', normal: '一般' };

export const CHANNEL_LABELS: Record<Channel, string> = {
  phone: '电话',
  suggestion_box: '意见箱',
  web: '网站',
  app: '移动端',
  wechat: '微信',
  sms: '短信',
  email: '邮件',
  other: '其他',
};

export const KIND_LABELS: Record<string, string> = {
  complaint: '投诉',
  request: '求助',
  consultation: '咨询',
  suggestion: '建议',
  report: '举报',
  praise: '表扬',
};

export const LIGHT_LABELS: Record<SlaLight, string> = { green: '绿灯', yellow: '黄牌', red: '红牌' };

export const ROLE_LABELS: Record<Role, string> = {
  operator: '话务/指挥员',
  department: '承办单位',
  analyst: '分析员',
  admin: '管理员',
};

export const ACTOR_ROLE_LABELS: Record<string, string> = { ...ROLE_LABELS, system: '系统' };

export const RETURN_REASON_LABELS: Record<ReturnReason, string> = {
  not_our_duty: '非本单位职责',
  wrong_location: '地址不在辖区',
  duplicate: '重复工单',
  insufficient_information: '信息不全无法办理',
  other: '其他原因',
};

/** 先行联系: how the department reached the caller (a 答复 or 办结 that came first counts as the contact). */
export const CONTACT_METHOD_LABELS: Record<ContactMethod | 'reply' | 'resolve', string> = {
  phone: '电话联系',
  sms: '短信联系',
  visit: '上门走访',
  other: '其他方式',
  reply: '以答复联系',
  resolve: '以办结联系',
};

export const SATISFACTION_LABELS: Record<Satisfaction, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
};

export const COMMAND_LABELS: Record<TicketCommandName, string> = {
  signFor: '签收',
  contact: '先行联系',
  reply: '答复',
  resolve: '办结',
  return: '退单',
  requestExtension: '申请延期',
  reroute: '改派',
  reviewReturn: '退单审核',
  decideExtension: '延期审批',
  merge: '并单',
  escalate: '督办',
  markComplex: '标记疑难',
  followUp: '回访',
  reopen: '重办',
};

export const CLOCK_LABELS = { signFor: '签收', firstContact: '先行联系', resolve: '办结', followUp: '回访' } as const;
export const CLOCK_BASIS_LABELS = { working: '工作时间', calendar: '自然时间' } as const;

/** 申请延期: the choices offered, as ISO-8601 durations the API accepts. */
export const EXTENSION_CHOICES: Array<{ amount: string; label: string }> = [
  { amount: 'P1D', label: '1 个工作日' },
  { amount: 'P3D', label: '3 个工作日' },
  { amount: 'P5D', label: '5 个工作日' },
  { amount: 'P10D', label: '10 个工作日' },
];

export const FACET_LABELS: Record<FacetName, string> = {
  category: '类别',
  district: '区域',
  department: '承办单位',
  channel: '渠道',
  status: '状态',
  slaLight: '时限灯',
  priority: '紧急程度',
};

export const MANUAL_TRIAGE_LABELS: Record<string, string> = {
  low_confidence: '分类置信度低',
  no_catalog_rule: '无匹配派单规则',
  location_unresolved: '地址无法识别',
  classifier_unavailable: '分类模型不可用',
};

export const HISTORY_OUTCOME_LABELS: Record<string, string> = {
  applied: '已生效',
  rejected: '被拒绝',
  stale: '版本冲突',
  'stale-version': '版本冲突',
  stale_version: '版本冲突',
  ignored: '已忽略',
  'stale-deadline': '时限已变更',
  stale_deadline: '时限已变更',
  'unknown-ticket': '工单不存在',
  'duplicate-event': '重复事件',
};

export const HOTSPOT_DIMENSION_LABELS: Record<string, string> = { place: '地点', category: '类别' };

export const DLQ_TOPIC_LABELS = { intake: '受理消息（hotline.intake.dlq）', 'ticket-events': '工单事件（hotline.ticket-events.dlq）' } as const;

export const INTERVAL_LABELS = { day: '按日', week: '按周', month: '按月' } as const;

/** API error codes (docs/api.md and the lifecycle's rejections). */
export const ERROR_LABELS: Record<string, string> = {
  VALIDATION_FAILED: '输入有误',
  BAD_JSON: '请求格式错误',
  UNAUTHENTICATED: '请先登录',
  TOKEN_EXPIRED: '登录已过期',
  BAD_CREDENTIALS: '用户名或密码错误',
  FORBIDDEN: '无权执行此操作',
  FORBIDDEN_FOR_ROLE: '当前角色不能执行此操作',
  NOT_YOUR_TICKET: '工单不属于本单位',
  NOT_FOUND: '工单不存在或无权查看',
  STALE_VERSION: '工单已被他人更新',
  PAYLOAD_TOO_LARGE: '提交内容过大',
  ILLEGAL_TRANSITION: '当前状态不允许此操作',
  INVALID_COMMAND: '操作无效',
  RATE_LIMITED: '请求过于频繁',
  ES_UNAVAILABLE: '检索服务暂不可用',
  KAFKA_UNAVAILABLE: '消息服务暂不可用',
  NETWORK: '无法连接服务器',
  USER_EXISTS: '用户已存在',
  INTERNAL: '服务器内部错误',
  NO_ROUTE: '接口不存在',
  UNSUPPORTED_MEDIA_TYPE: '请求格式错误',
};

/** Why a message or event was dead-lettered (the codes ingest, triage and the tracker write into the DLQ headers). */
export const DEAD_LETTER_LABELS: Record<string, string> = {
  NOT_UTF8: '不是 UTF-8 编码的文本',
  NOT_JSON: '不是有效的 JSON',
  OVERSIZE: '消息超过大小上限',
  UNKNOWN_SCHEMA_VERSION: '不支持的消息版本',
  SCHEMA_VIOLATION: '字段不符合消息规范',
  TRIAGE_FAILED: '智能分拨处理失败',
  ES_WRITE_REJECTED: '检索库拒绝写入',
  SLA_CALENDAR_YEAR_NOT_COVERED: '节假日日历未覆盖时限所在年份',
  UNHANDLED_ERROR: '未分类的处理错误',
};

export function label<K extends string>(table: Record<K, string>, key: string | undefined | null, fallback = '—'): string {
  if (key === undefined || key === null || key === '') return fallback;
  return (table as Record<string, string>)[key] ?? key;
}
