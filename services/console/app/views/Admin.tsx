import { useId, useState, type FormEvent } from 'react';
import { api, errorText } from '../api.ts';
import { useDepartments } from '../components/DepartmentPicker.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { Empty, ErrorNotice, Loading, PageHeader } from '../components/ui.tsx';
import { formatDateTime } from '../format.ts';
import { useLoad, useTitle } from '../hooks.ts';
import { DEAD_LETTER_LABELS, DLQ_TOPIC_LABELS, ROLE_LABELS } from '../labels.ts';
import { navigate } from '../router.ts';
import type { DeadLetter, DlqTopic, Role } from '../types.ts';

/** The reason's Chinese label, for the codes the services write. */
const reasonLabel = (letter: DeadLetter): string | undefined => (letter.code ? DEAD_LETTER_LABELS[letter.code] : undefined);

export function Admin({ tab }: { tab: string }) {
  return tab === 'users' ? <AddUser /> : <DeadLetters />;
}

type Notice = { kind: 'success' | 'error'; text: string } | undefined;

/** 死信队列: messages the pipeline could not process, with why, and a replay once the cause is fixed. */
function DeadLetters() {
  useTitle('死信队列');
  const id = useId();
  const [topic, setTopic] = useState<DlqTopic>('intake');
  const [limit, setLimit] = useState(50);
  const { data, error, loading, reload } = useLoad((signal) => api.deadLetters(topic, limit, signal), [topic, limit]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [confirm, setConfirm] = useState<'selected' | 'all' | undefined>(undefined);
  const [notice, setNotice] = useState<Notice>(undefined);
  const [busy, setBusy] = useState(false);
  const letters = data ?? [];

  const keyOf = (letter: DeadLetter) => letter.offset;
  const toggle = (offset: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(offset)) next.delete(offset);
      else next.add(offset);
      return next;
    });
  const allSelected = letters.length > 0 && letters.every((letter) => selected.has(keyOf(letter)));

  const replay = async () => {
    const which = confirm;
    setConfirm(undefined);
    setBusy(true);
    try {
      const result = await api.replay(topic, which === 'selected' ? [...selected] : undefined);
      setNotice({ kind: 'success', text: `已重放 ${result.replayed} 条消息` });
      setSelected(new Set());
      reload();
    } catch (reason) {
      setNotice({ kind: 'error', text: `重放失败：${errorText(reason)}` });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <PageHeader title="死信队列" subtitle="未能处理的消息保留原始内容与失败原因；问题修复后可重放回原主题">
        <button type="button" className="btn" onClick={reload}>刷新</button>
      </PageHeader>
      <div className="search-bar">
        <div className="field">
          <label htmlFor={`${id}-topic`}>死信主题</label>
          <select
            id={`${id}-topic`}
            value={topic}
            onChange={(event) => {
              setTopic(event.target.value as DlqTopic);
              setSelected(new Set());
            }}
            data-testid="dlq-topic"
          >
            {(Object.keys(DLQ_TOPIC_LABELS) as DlqTopic[]).map((value) => <option key={value} value={value}>{DLQ_TOPIC_LABELS[value]}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-limit`}>显示条数</label>
          <select id={`${id}-limit`} value={limit} onChange={(event) => setLimit(Number(event.target.value))}>
            {[20, 50, 100, 200].map((value) => <option key={value} value={value}>{value}</option>)}
          </select>
        </div>
        <div className="field field-buttons">
          <button type="button" className="btn btn-primary" disabled={busy || selected.size === 0} onClick={() => setConfirm('selected')} data-testid="dlq-replay-selected">
            重放所选（{selected.size}）
          </button>
          <button type="button" className="btn" disabled={busy || letters.length === 0} onClick={() => setConfirm('all')} data-testid="dlq-replay-all">
            全部重放
          </button>
        </div>
      </div>
      <div role="status" aria-live="polite" data-testid="dlq-result" className={notice ? `cmd-status cmd-status-${notice.kind}` : 'cmd-status'}>
        {notice?.text}
      </div>
      <ErrorNotice error={error} onRetry={reload} />
      <Loading show={loading && !data} />
      {data && letters.length === 0 ? <Empty>该主题暂无死信</Empty> : null}
      {letters.length > 0 ? (
        <div className="table-wrap">
          <table className="grid dlq-table" data-testid="dlq-table">
            <caption className="sr-only">死信列表</caption>
            <thead>
              <tr>
                <th scope="col" className="col-check">
                  <input
                    type="checkbox"
                    aria-label="全选"
                    checked={allSelected}
                    onChange={() => setSelected(allSelected ? new Set() : new Set(letters.map(keyOf)))}
                  />
                </th>
                <th scope="col">偏移量</th>
                <th scope="col">错误代码</th>
                <th scope="col">失败原因</th>
                <th scope="col">来源</th>
                <th scope="col">失败时间</th>
                <th scope="col">原始内容</th>
              </tr>
            </thead>
            <tbody>
              {letters.map((letter) => (
                <tr key={`${letter.partition ?? ''}:${letter.offset}`} data-testid="dlq-row" data-offset={letter.offset}>
                  <td className="col-check">
                    <input type="checkbox" aria-label={`选择偏移量 ${letter.offset}`} checked={selected.has(keyOf(letter))} onChange={() => toggle(keyOf(letter))} />
                  </td>
                  <td>
                    <span className="mono">{letter.offset}</span>
                    {letter.partition !== undefined ? <div className="muted small">分区 {letter.partition}</div> : null}
                  </td>
                  <td><span className="tag tag-error">{letter.code ?? '—'}</span></td>
                  <td className="dlq-reason">
                    {reasonLabel(letter) ? <div data-testid="dlq-reason-label">{reasonLabel(letter)}</div> : null}
                    {/* The service's own words (English, technical): what an engineer needs to fix the sender. */}
                    <div className={reasonLabel(letter) ? 'muted small' : undefined}>{letter.reason ?? '—'}</div>
                  </td>
                  <td className="small">
                    {letter.source ? <div className="mono">{letter.source}</div> : null}
                    {letter.sourceTopic ? <div className="mono">{letter.sourceTopic}</div> : null}
                    {letter.sourceOffset !== undefined ? <div className="muted">分区 {letter.sourcePartition ?? '—'} · 偏移 {letter.sourceOffset}</div> : null}
                    {letter.service ? <div className="muted">{letter.service}</div> : null}
                  </td>
                  <td className="small">{letter.failedAt ? formatDateTime(letter.failedAt, true) : '—'}</td>
                  <td className="dlq-original">
                    {letter.text !== undefined ? (
                      <details>
                        <summary className="mono">{letter.text.slice(0, 80) || '（空）'}{letter.text.length > 80 ? '…' : ''}</summary>
                        <pre>{letter.text}</pre>
                      </details>
                    ) : letter.base64 ? (
                      <details>
                        <summary>非 UTF-8 内容（Base64，{letter.base64.length} 字符）</summary>
                        <pre>{letter.base64}</pre>
                      </details>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {confirm ? (
        <Dialog title="确认重放" onClose={() => setConfirm(undefined)} testId="dlq-confirm">
          <p>
            {confirm === 'all' ? `将把「${DLQ_TOPIC_LABELS[topic]}」中的全部死信` : `将把所选的 ${selected.size} 条死信`}
            重新发送到原主题。请确认导致失败的问题已经修复。
          </p>
          <div className="dialog-actions">
            <button type="button" className="btn" onClick={() => setConfirm(undefined)}>取消</button>
            <button type="button" className="btn btn-primary" onClick={replay} data-testid="dlq-confirm-submit">确认重放</button>
          </div>
        </Dialog>
      ) : null}
    </section>
  );
}

const ROLES: Role[] = ['operator', 'department', 'analyst', 'admin'];

/** 添加用户 */
function AddUser() {
  useTitle('添加用户');
  const id = useId();
  const { departments, error: departmentsError } = useDepartments();
  const [form, setForm] = useState({ username: '', password: '', displayName: '', role: 'operator' as Role, departmentId: '' });
  const [notice, setNotice] = useState<Notice>(undefined);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<typeof form>) => setForm((current) => ({ ...current, ...patch }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!form.username.trim() || !form.password || !form.displayName.trim()) {
      setNotice({ kind: 'error', text: '请填写用户名、初始密码和姓名' });
      return;
    }
    if (!/^[a-z0-9._-]{3,64}$/.test(form.username.trim())) {
      setNotice({ kind: 'error', text: '用户名须为 3–64 位小写字母、数字、点、横线或下划线' });
      return;
    }
    if (form.password.length < 10) {
      setNotice({ kind: 'error', text: '初始密码至少 10 位' });
      return;
    }
    if (form.role === 'department' && !form.departmentId) {
      setNotice({ kind: 'error', text: '承办单位用户须选择所属单位' });
      return;
    }
    setBusy(true);
    try {
      await api.addUser({
        username: form.username.trim(),
        password: form.password,
        displayName: form.displayName.trim(),
        role: form.role,
        ...(form.role === 'department' ? { departmentId: form.departmentId } : {}),
      });
      setNotice({ kind: 'success', text: `已添加用户 ${form.username.trim()}（${ROLE_LABELS[form.role]}）` });
      setForm({ username: '', password: '', displayName: '', role: form.role, departmentId: '' });
    } catch (reason) {
      setNotice({ kind: 'error', text: `添加失败：${errorText(reason)}` });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <PageHeader title="添加用户" subtitle="为话务/指挥员、承办单位、分析员或管理员开通账号">
        <button type="button" className="btn-link" onClick={() => navigate('/admin/dlq')}>返回死信队列</button>
      </PageHeader>
      <form className="panel form-panel" onSubmit={submit} noValidate data-testid="user-form">
        <div className="form-grid">
          <div className="field">
            <label htmlFor={`${id}-username`}>用户名<span className="required" aria-hidden="true"> *</span></label>
            <input id={`${id}-username`} value={form.username} onChange={(event) => set({ username: event.target.value })} autoComplete="off" maxLength={64} data-testid="user-username" aria-describedby={`${id}-username-hint`} />
            <span id={`${id}-username-hint`} className="muted small">小写字母、数字、点、横线或下划线，如 dept.a3-water</span>
          </div>
          <div className="field">
            <label htmlFor={`${id}-name`}>姓名<span className="required" aria-hidden="true"> *</span></label>
            <input id={`${id}-name`} value={form.displayName} onChange={(event) => set({ displayName: event.target.value })} maxLength={100} data-testid="user-display-name" />
          </div>
          <div className="field">
            <label htmlFor={`${id}-password`}>初始密码<span className="required" aria-hidden="true"> *</span></label>
            <input id={`${id}-password`} type="password" value={form.password} onChange={(event) => set({ password: event.target.value })} autoComplete="new-password" maxLength={200} data-testid="user-password" aria-describedby={`${id}-password-hint`} />
            <span id={`${id}-password-hint`} className="muted small">至少 10 位</span>
          </div>
          <div className="field">
            <label htmlFor={`${id}-role`}>角色</label>
            <select id={`${id}-role`} value={form.role} onChange={(event) => set({ role: event.target.value as Role })} data-testid="user-role">
              {ROLES.map((role) => <option key={role} value={role}>{ROLE_LABELS[role]}</option>)}
            </select>
          </div>
          {form.role === 'department' ? (
            <div className="field span-2">
              <label htmlFor={`${id}-department`}>所属单位<span className="required" aria-hidden="true"> *</span></label>
              <select id={`${id}-department`} value={form.departmentId} onChange={(event) => set({ departmentId: event.target.value })} data-testid="user-department">
                <option value="">请选择</option>
                {departments.map((department) => <option key={department.id} value={department.id}>{department.name}</option>)}
              </select>
              {departmentsError ? <p className="field-error" role="alert">单位列表加载失败：{errorText(departmentsError)}</p> : null}
            </div>
          ) : null}
        </div>
        <div role="status" aria-live="polite" data-testid="user-result" className={notice ? `cmd-status cmd-status-${notice.kind}` : 'cmd-status'}>
          {notice?.text}
        </div>
        <div className="dialog-actions">
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="user-submit">{busy ? '提交中…' : '添加用户'}</button>
        </div>
      </form>
    </section>
  );
}
