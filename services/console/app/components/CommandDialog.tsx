import { useId, useState, type FormEvent } from 'react';
import { runCommand, type CommandOutcome } from '../commandRunner.ts';
import { COMMAND_LABELS, CONTACT_METHOD_LABELS, EXTENSION_CHOICES, RETURN_REASON_LABELS, SATISFACTION_LABELS } from '../labels.ts';
import { formatDateTime, formatIsoDuration } from '../format.ts';
import type { Contact, ContactMethod, DepartmentRef, ReturnReason, Satisfaction, TicketCommand, TicketCommandName, TicketDetailResponse, TicketStatus } from '../types.ts';
import { DepartmentPicker } from './DepartmentPicker.tsx';
import { Dialog } from './Dialog.tsx';

/** What the dialog needs to know about the ticket. */
export interface CommandTarget {
  ticketId: string;
  version: number;
  status: TicketStatus;
  title?: string;
  department?: DepartmentRef;
  suggestions?: Array<DepartmentRef & { why: string }>;
  extension?: { pending?: { amount: string; reason: string; requestedAt: string } };
  /** The department's 办结 summary, shown to whoever calls the citizen back (回访). */
  resolution?: string;
  /** Who to call back (回访), for the roles that see contact data. */
  contact?: Contact;
  /** The citizens of the tickets merged into this one, called back with it. */
  mergedContacts?: Array<{ ticketId: string; contact: Pick<Contact, 'name' | 'phone'> }>;
  /** A master ticket already chosen for 并单 (from the similar tickets), filled into the dialog. */
  mergeInto?: string;
}

/** The merged tickets whose citizens left a name or number, for the 回访 dialog. */
export function mergedContactsOf(items: TicketDetailResponse['merged']['items']): NonNullable<CommandTarget['mergedContacts']> {
  return items.flatMap((item) => (item.contact ? [{ ticketId: item.ticketId, contact: item.contact }] : []));
}

interface CommandDialogProps {
  target: CommandTarget;
  command: TicketCommandName;
  onClose: () => void;
  /** Every outcome, including the pending step while a 202 is polled; the caller closes on success/pending. */
  onOutcome: (outcome: CommandOutcome) => void;
  /** After a 409: close and load the ticket as it now is. */
  onRefresh?: () => void;
}

const RETURN_REASONS = Object.keys(RETURN_REASON_LABELS) as ReturnReason[];
const CONTACT_METHODS: ContactMethod[] = ['phone', 'sms', 'visit', 'other'];
const SATISFACTIONS = Object.keys(SATISFACTION_LABELS) as Satisfaction[];

/** One dialog for every ticket command: the command's fields, client-side checks, then the API's answer. */
export function CommandDialog({ target, command, onClose, onOutcome, onRefresh }: CommandDialogProps) {
  const id = useId();
  const [message, setMessage] = useState('');
  const [note, setNote] = useState('');
  const [reason, setReason] = useState<ReturnReason | ''>('');
  const [method, setMethod] = useState<ContactMethod>('phone');
  const [amount, setAmount] = useState('P3D');
  const [department, setDepartment] = useState<DepartmentRef | undefined>(undefined);
  const [decision, setDecision] = useState<'uphold' | 'reject' | ''>('');
  const [approve, setApprove] = useState<'yes' | 'no' | ''>('');
  const [into, setInto] = useState(target.mergeInto ?? '');
  const [resolved, setResolved] = useState<'yes' | 'no' | ''>('');
  const [satisfaction, setSatisfaction] = useState<Satisfaction | ''>('');
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [failure, setFailure] = useState<CommandOutcome | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const isDispatch = command === 'reroute' && (target.status === 'manual_triage' || target.status === 'triaged');
  const title = `${isDispatch ? '派单' : COMMAND_LABELS[command]} · 工单 ${target.ticketId}`;
  const optionalNote = note.trim() ? { note: note.trim() } : {};

  function build(): TicketCommand | string {
    switch (command) {
      case 'signFor':
        return { command };
      case 'contact':
        return { command, method, ...optionalNote };
      case 'reply':
        return message.trim() ? { command, message: message.trim() } : '请填写答复内容';
      case 'resolve':
        return message.trim() ? { command, summary: message.trim() } : '请填写办结情况';
      case 'return':
        return reason ? { command, reason, ...optionalNote } : '请选择退单原因';
      case 'requestExtension':
        return message.trim() ? { command, amount, reason: message.trim() } : '请填写延期理由';
      case 'reroute':
        return department ? { command, department, coDepartments: [], ...optionalNote } : '请选择承办单位';
      case 'reviewReturn':
        if (!decision) return '请选择审核结论';
        if (decision === 'uphold' && !department) return '支持退单时须选择改派的承办单位';
        return { command, decision, ...(decision === 'uphold' && department ? { department } : {}), ...optionalNote };
      case 'decideExtension':
        return approve ? { command, approve: approve === 'yes', ...optionalNote } : '请选择是否批准';
      case 'merge':
        return into.trim() ? { command, into: into.trim() } : '请填写要并入的主工单编号';
      case 'escalate':
        return note.trim() ? { command, note: note.trim() } : '请填写督办意见';
      case 'markComplex':
        return { command, ...optionalNote };
      case 'followUp':
        if (!resolved) return '请选择问题是否解决';
        if (!satisfaction) return '请选择满意度';
        return { command, resolved: resolved === 'yes', satisfaction, ...optionalNote };
      case 'reopen':
        return { command, ...optionalNote };
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const built = build();
    if (typeof built === 'string') {
      setProblem(built);
      return;
    }
    setProblem(undefined);
    setFailure(undefined);
    setBusy(true);
    const outcome = await runCommand(target.ticketId, built, target.version, onOutcome);
    setBusy(false);
    if (outcome.kind === 'error' || outcome.kind === 'conflict') setFailure(outcome);
    onOutcome(outcome);
  }

  const textArea = (fieldLabel: string, value: string, set: (value: string) => void, required: boolean, testId: string, placeholder?: string) => (
    <div className="field">
      <label htmlFor={`${id}-${testId}`}>
        {fieldLabel}
        {required ? <span className="required" aria-hidden="true"> *</span> : <span className="muted">（选填）</span>}
      </label>
      <textarea
        id={`${id}-${testId}`}
        rows={4}
        maxLength={2000}
        value={value}
        required={required}
        placeholder={placeholder}
        onChange={(event) => set(event.target.value)}
        data-testid={testId}
      />
    </div>
  );

  /** Who to call (先行联系, 回访): the citizen's name and number, when the user may see them and the citizen left one. */
  const callerField = (caption: string, testId: string) =>
    target.contact?.phone || target.contact?.name ? (
      <div className="field">
        <span className="field-caption">{caption}</span>
        <p className="field-hint" data-testid={testId}>{[target.contact.name, target.contact.phone].filter(Boolean).join(' · ')}</p>
      </div>
    ) : null;

  const yesNo = (legend: string, value: string, set: (value: 'yes' | 'no') => void, yes: string, no: string, testId: string) => (
    <fieldset className="field radio-row">
      <legend>{legend}<span className="required" aria-hidden="true"> *</span></legend>
      <label><input type="radio" name={`${id}-${testId}`} checked={value === 'yes'} onChange={() => set('yes')} data-testid={`${testId}-yes`} /> {yes}</label>
      <label><input type="radio" name={`${id}-${testId}`} checked={value === 'no'} onChange={() => set('no')} data-testid={`${testId}-no`} /> {no}</label>
    </fieldset>
  );

  return (
    <Dialog title={title} onClose={onClose} wide={command === 'reroute' || command === 'reviewReturn'} testId="cmd-dialog">
      <form onSubmit={submit} noValidate>
        {target.title ? <p className="dialog-ticket">{target.title}</p> : null}
        {command === 'signFor' ? <p>确认签收该工单？签收后由本单位负责办理，并按时限答复、办结。</p> : null}
        {command === 'contact' ? (
          <>
            <p>记录本单位首次与市民取得联系（先行联系），停止先行联系计时。</p>
            {callerField('联系对象', 'contact-caller')}
            <fieldset className="field radio-row">
              <legend>联系方式<span className="required" aria-hidden="true"> *</span></legend>
              {CONTACT_METHODS.map((code) => (
                <label key={code}><input type="radio" name={`${id}-method`} checked={method === code} onChange={() => setMethod(code)} data-testid={`field-method-${code}`} /> {CONTACT_METHOD_LABELS[code]}</label>
              ))}
            </fieldset>
            {textArea('联系情况', note, setNote, false, 'field-note', '与市民沟通的要点，如约定的现场查看时间')}
          </>
        ) : null}
        {command === 'reply' ? textArea('答复内容', message, setMessage, true, 'field-message', '向市民答复的办理进展或结果') : null}
        {command === 'resolve' ? textArea('办结情况', message, setMessage, true, 'field-summary', '办理过程与结果') : null}
        {command === 'return' ? (
          <>
            <div className="field">
              <label htmlFor={`${id}-reason`}>退单原因<span className="required" aria-hidden="true"> *</span></label>
              <select id={`${id}-reason`} value={reason} onChange={(event) => setReason(event.target.value as ReturnReason)} data-testid="field-reason" required>
                <option value="">请选择</option>
                {RETURN_REASONS.map((code) => <option key={code} value={code}>{RETURN_REASON_LABELS[code]}</option>)}
              </select>
            </div>
            {textArea('退单说明', note, setNote, false, 'field-note')}
          </>
        ) : null}
        {command === 'requestExtension' ? (
          <>
            <div className="field">
              <label htmlFor={`${id}-amount`}>延期时长</label>
              <select id={`${id}-amount`} value={amount} onChange={(event) => setAmount(event.target.value)} data-testid="field-amount">
                {EXTENSION_CHOICES.map((choice) => <option key={choice.amount} value={choice.amount}>{choice.label}</option>)}
              </select>
            </div>
            {textArea('延期理由', message, setMessage, true, 'field-reason-text')}
          </>
        ) : null}
        {command === 'reroute' ? (
          <>
            <DepartmentPicker value={department} onChange={setDepartment} suggestions={target.suggestions} excludeId={isDispatch ? undefined : target.department?.id} legend={isDispatch ? '派往单位' : '改派至'} />
            {textArea(isDispatch ? '派单说明' : '改派说明', note, setNote, false, 'field-note')}
          </>
        ) : null}
        {command === 'reviewReturn' ? (
          <>
            <fieldset className="field radio-row">
              <legend>审核结论<span className="required" aria-hidden="true"> *</span></legend>
              <label><input type="radio" name={`${id}-decision`} checked={decision === 'uphold'} onChange={() => setDecision('uphold')} data-testid="field-decision-uphold" /> 同意退单并改派</label>
              <label><input type="radio" name={`${id}-decision`} checked={decision === 'reject'} onChange={() => setDecision('reject')} data-testid="field-decision-reject" /> 驳回退单（原单位继续办理）</label>
            </fieldset>
            {decision === 'uphold' ? <DepartmentPicker value={department} onChange={setDepartment} excludeId={target.department?.id} legend="改派至" /> : null}
            {textArea('审核意见', note, setNote, false, 'field-note')}
          </>
        ) : null}
        {command === 'decideExtension' ? (
          <>
            {target.extension?.pending ? (
              <dl className="kv compact">
                <dt>申请延期</dt><dd>{formatIsoDuration(target.extension.pending.amount)}</dd>
                <dt>理由</dt><dd>{target.extension.pending.reason}</dd>
                <dt>申请时间</dt><dd>{formatDateTime(target.extension.pending.requestedAt)}</dd>
              </dl>
            ) : null}
            {yesNo('审批结论', approve, setApprove, '批准延期', '不予批准', 'field-approve')}
            {textArea('审批意见', note, setNote, false, 'field-note')}
          </>
        ) : null}
        {command === 'merge' ? (
          <div className="field">
            <label htmlFor={`${id}-into`}>并入主工单编号<span className="required" aria-hidden="true"> *</span></label>
            <input id={`${id}-into`} type="text" value={into} onChange={(event) => setInto(event.target.value)} maxLength={200} data-testid="field-into" placeholder="主工单的工单编号" />
          </div>
        ) : null}
        {command === 'escalate' ? textArea('督办意见', note, setNote, true, 'field-note') : null}
        {command === 'markComplex' ? (
          <>
            <p>标记为疑难复杂后，适用较长的办结时限。</p>
            {textArea('说明', note, setNote, false, 'field-note')}
          </>
        ) : null}
        {command === 'followUp' ? (
          <>
            {callerField('回访对象', 'followup-contact')}
            {target.mergedContacts?.length ? (
              <div className="field">
                <span className="field-caption">一并回访（并入本单的工单）</span>
                <ul className="plain-list field-hint" data-testid="followup-merged-contacts">
                  {target.mergedContacts.map((merged) => (
                    <li key={merged.ticketId}><span className="mono">{merged.ticketId}</span> {[merged.contact.name, merged.contact.phone].filter(Boolean).join(' · ')}</li>
                  ))}
                </ul>
              </div>
            ) : null}
            {target.resolution ? (
              <div className="field">
                <span className="field-caption">承办单位办结情况</span>
                <p className="field-hint" data-testid="followup-resolution">{target.resolution}</p>
              </div>
            ) : null}
            {yesNo('问题是否解决', resolved, setResolved, '已解决', '未解决', 'field-resolved')}
            <div className="field">
              <label htmlFor={`${id}-satisfaction`}>市民满意度<span className="required" aria-hidden="true"> *</span></label>
              <select id={`${id}-satisfaction`} value={satisfaction} onChange={(event) => setSatisfaction(event.target.value as Satisfaction)} data-testid="field-satisfaction">
                <option value="">请选择</option>
                {SATISFACTIONS.map((code) => <option key={code} value={code}>{SATISFACTION_LABELS[code]}</option>)}
              </select>
            </div>
            {textArea('回访记录', note, setNote, false, 'field-note')}
          </>
        ) : null}
        {command === 'reopen' ? textArea('重办说明', note, setNote, false, 'field-note') : null}

        {problem ? <p className="field-error" role="alert" data-testid="cmd-problem">{problem}</p> : null}
        {failure ? (
          <div className="notice notice-error" role="alert" data-testid="cmd-error">
            <span>{failure.text}</span>
            {failure.kind === 'conflict' && failure.currentVersion !== undefined ? <span className="muted">（当前版本 {failure.currentVersion}，请刷新后重试）</span> : null}
            {failure.kind === 'conflict' && onRefresh ? (
              <button type="button" className="btn btn-small" onClick={onRefresh} data-testid="cmd-dialog-refresh">刷新工单</button>
            ) : null}
          </div>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose}>取消</button>
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="cmd-submit">
            {busy ? '提交中…' : `确认${isDispatch ? '派单' : COMMAND_LABELS[command]}`}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
