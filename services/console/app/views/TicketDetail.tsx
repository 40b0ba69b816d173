import { useState, type ReactNode } from 'react';
import { api } from '../api.ts';
import { isClockRunning, offeredCommands, runningLight } from '../commands.ts';
import type { CommandOutcome } from '../commandRunner.ts';
import { CommandDialog, mergedContactsOf } from '../components/CommandDialog.tsx';
import { CommandStatus } from '../components/CommandStatus.tsx';
import { ChannelText, ErrorNotice, LightBadge, Loading, PriorityBadge, StatusBadge } from '../components/ui.tsx';
import { formatDateTime, formatIsoDuration, remaining } from '../format.ts';
import { useLoad, useNow, useTitle } from '../hooks.ts';
import {
  ACTOR_ROLE_LABELS, CLOCK_BASIS_LABELS, CLOCK_LABELS, COMMAND_LABELS, HISTORY_OUTCOME_LABELS, KIND_LABELS, LIGHT_LABELS,
  CONTACT_METHOD_LABELS, MANUAL_TRIAGE_LABELS, RETURN_REASON_LABELS, SATISFACTION_LABELS, label,
} from '../labels.ts';
import { ticketHref } from '../router.ts';
import type { HistoryEntry, TicketCommandName, TicketDetailResponse, TicketView, User } from '../types.ts';

const OPERATOR_SIDE: TicketCommandName[] = ['reroute', 'merge', 'escalate', 'markComplex', 'reviewReturn', 'decideExtension', 'followUp', 'reopen'];

export function TicketDetail({ ticketId, user }: { ticketId: string; user: User }) {
  useTitle(`工单 ${ticketId}`);
  const now = useNow();
  const { data, error, loading, reload } = useLoad((signal) => api.ticket(ticketId, signal), [ticketId]);
  const [command, setCommand] = useState<TicketCommandName | undefined>(undefined);
  const [outcome, setOutcome] = useState<CommandOutcome | undefined>(undefined);
  const [mergeInto, setMergeInto] = useState<string | undefined>(undefined);

  const onOutcome = (result: CommandOutcome) => {
    setOutcome(result);
    if (result.kind === 'success' || result.kind === 'pending') {
      setCommand(undefined);
      setMergeInto(undefined);
    }
    if (result.kind === 'success') {
      reload();
      // The ticket is read by id (current at once); its history is a search, which shows the new event a moment later.
      window.setTimeout(reload, 1_500);
    }
  };

  const refresh = () => {
    setOutcome(undefined);
    setCommand(undefined);
    reload();
  };

  if (!data) {
    return (
      <section>
        <BackLink />
        <h1 className="detail-title">工单 {ticketId}</h1>
        <ErrorNotice error={error} onRetry={reload} />
        <Loading show={loading} />
      </section>
    );
  }

  const { ticket, history } = data;
  const mergedContacts = mergedContactsOf(data.merged.items);
  const commands = offeredCommands(user, data.commands);
  const departmentSide = commands.filter((name) => !OPERATOR_SIDE.includes(name));
  const operatorSide = commands.filter((name) => OPERATOR_SIDE.includes(name));

  return (
    <article className="detail" aria-labelledby="detail-title" data-testid="ticket-detail" data-ticket-id={ticket.ticketId} data-version={ticket.version} data-status={ticket.status}>
      <BackLink />
      <header className="detail-header">
        <div className="detail-heading">
          <h1 id="detail-title" className="detail-title">
            工单 <span className="mono">{ticket.ticketId}</span>
          </h1>
          <div className="detail-badges">
            <span data-testid="detail-status"><StatusBadge status={ticket.status} /></span>
            <PriorityBadge priority={ticket.priority} />
            {runningLight(ticket) ? <LightBadge light={runningLight(ticket)} /> : null}
            {ticket.complex ? <span className="badge tag-complex">疑难复杂</span> : null}
            {ticket.escalationLevel ? <span className="badge tag-escalated" title="督办等级">督办 {ticket.escalationLevel} 级</span> : null}
            {ticket.reopenCount ? <span className="badge tag-neutral">重办 {ticket.reopenCount} 次</span> : null}
            {ticket.mergedInto ? (
              <span className="badge tag-neutral">
                已并入 <a href={ticketHref(ticket.mergedInto)}>{ticket.mergedInto}</a>
              </span>
            ) : null}
          </div>
        </div>
        <div className="detail-meta muted">
          版本 {ticket.version} · 更新于 {formatDateTime(ticket.updatedAt, true)}
          <button type="button" className="btn btn-small" onClick={refresh} data-testid="detail-refresh">刷新</button>
        </div>
      </header>

      {commands.length > 0 ? (
        <div className="action-bar" role="toolbar" aria-label="工单操作">
          {departmentSide.map((name) => (
            <button key={name} type="button" className={`btn${name === 'signFor' || name === 'resolve' ? ' btn-primary' : ''}`} onClick={() => setCommand(name)} data-testid={`cmd-${name}`}>
              {COMMAND_LABELS[name]}
            </button>
          ))}
          {departmentSide.length > 0 && operatorSide.length > 0 ? <span className="divider" aria-hidden="true" /> : null}
          {operatorSide.map((name) => (
            <button key={name} type="button" className={`btn${name === 'reroute' && ticket.status === 'manual_triage' ? ' btn-primary' : ''}`} onClick={() => setCommand(name)} data-testid={`cmd-${name}`}>
              {name === 'reroute' && (ticket.status === 'manual_triage' || ticket.status === 'triaged') ? '派单' : COMMAND_LABELS[name]}
            </button>
          ))}
        </div>
      ) : null}
      <CommandStatus outcome={outcome} onRefresh={refresh} />
      <ErrorNotice error={error} onRetry={reload} />

      <div className="detail-grid">
        <div className="detail-main">
          <Panel title="诉求内容" note={ticket.original ? '以下为脱敏文本' : undefined}>
            {ticket.title ? <h3 className="ticket-subject">{ticket.title}</h3> : null}
            <p className="ticket-body" data-testid="detail-body">{ticket.body}</p>
            {ticket.original && (ticket.original.body !== ticket.body || (ticket.original.title ?? '') !== (ticket.title ?? '')) ? (
              <details className="original-text" data-testid="detail-original">
                <summary>查看原文（未脱敏，含个人信息）</summary>
                {ticket.original.title ? <h3 className="ticket-subject">{ticket.original.title}</h3> : null}
                <p className="ticket-body">{ticket.original.body}</p>
              </details>
            ) : null}
            {ticket.attachments?.length ? (
              <div className="attachments">
                <span className="muted">附件：</span>
                {ticket.attachments.map((attachment, index) => (
                  <a key={attachment.url} href={attachment.url} target="_blank" rel="noopener noreferrer">
                    附件 {index + 1}（{attachment.mediaType}）
                  </a>
                ))}
              </div>
            ) : null}
          </Panel>
          {ticket.contact && Object.values(ticket.contact).some(Boolean) ? (
            <Panel title="联系人信息" note="涉及个人信息，请依规使用">
              <KeyValues
                testId="detail-contact"
                rows={[
                  ['姓名', ticket.contact.name],
                  ['电话', ticket.contact.phone],
                  ['证件号', ticket.contact.idNumber],
                  ['地址', ticket.contact.address],
                ]}
              />
            </Panel>
          ) : null}
          {data.merged.total > 0 ? <MergedPanel merged={data.merged} /> : null}
          <SimilarPanel
            ticketId={ticket.ticketId}
            canMerge={commands.includes('merge')}
            onMerge={(into) => {
              setMergeInto(into);
              setCommand('merge');
            }}
          />
          <HandlingPanel ticket={ticket} />
          <HistoryPanel history={history} />
        </div>
        <div className="detail-side">
          <Panel title="受理信息">
            <KeyValues
              rows={[
                ['受理渠道', <ChannelText key="c" channel={ticket.channel} />],
                ['诉求类型', ticket.kind ? label(KIND_LABELS, ticket.kind) : undefined],
                ['受理时间', formatDateTime(ticket.receivedAt, true)],
                ['来源编号', <span key="s" className="mono">{ticket.sourceId}</span>],
                ['反映地址', ticket.location.given?.address],
                ['所在区域', [ticket.location.resolved?.district ?? ticket.location.given?.district, ticket.location.resolved?.street ?? ticket.location.given?.street].filter(Boolean).join(' ') || undefined],
                ['地点识别', ticket.location.resolved ? `${ticket.location.resolved.source === 'field' ? '来自地址字段' : ticket.location.resolved.source === 'text' ? '来自诉求文本' : '未识别'}${ticket.location.resolved.matched.length ? `：${ticket.location.resolved.matched.join('、')}` : ''}` : undefined],
              ]}
            />
          </Panel>
          <ClassificationPanel ticket={ticket} />
          <SlaPanel ticket={ticket} now={now} />
          <ReturnsPanel ticket={ticket} />
          <ExtensionPanel ticket={ticket} />
          <FollowUpPanel ticket={ticket} />
        </div>
      </div>

      {command ? (
        <CommandDialog
          target={{
            ticketId: ticket.ticketId,
            version: ticket.version,
            status: ticket.status,
            ...(ticket.title ? { title: ticket.title } : {}),
            ...(ticket.department ? { department: ticket.department } : {}),
            suggestions: ticket.manualTriage?.suggestions ?? [],
            ...(ticket.extension ? { extension: ticket.extension } : {}),
            ...(ticket.handling?.resolution ? { resolution: ticket.handling.resolution } : {}),
            ...(ticket.contact ? { contact: ticket.contact } : {}),
            ...(mergedContacts.length ? { mergedContacts } : {}),
            ...(command === 'merge' && mergeInto ? { mergeInto } : {}),
          }}
          command={command}
          onClose={() => {
            setCommand(undefined);
            setMergeInto(undefined);
          }}
          onOutcome={onOutcome}
          onRefresh={refresh}
        />
      ) : null}
    </article>
  );
}

function BackLink() {
  return (
    <button type="button" className="btn-link back-link" onClick={() => (window.history.length > 1 ? window.history.back() : (window.location.hash = '#/'))}>
      ← 返回列表
    </button>
  );
}

function Panel({ title, note, children, testId }: { title: string; note?: string; children: ReactNode; testId?: string }) {
  return (
    <section className="panel" aria-label={title} data-testid={testId}>
      <h2 className="panel-title">
        {title}
        {note ? <span className="panel-note">{note}</span> : null}
      </h2>
      <div className="panel-body">{children}</div>
    </section>
  );
}

function KeyValues({ rows, testId }: { rows: Array<[string, ReactNode]>; testId?: string }) {
  const shown = rows.filter(([, value]) => value !== undefined && value !== null && value !== '');
  if (shown.length === 0) return <p className="muted">暂无</p>;
  return (
    <dl className="kv" data-testid={testId}>
      {shown.map(([key, value]) => (
        <div className="kv-row" key={key}>
          <dt>{key}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function ClassificationPanel({ ticket }: { ticket: TicketView }) {
  const classification = ticket.classification;
  return (
    <Panel title="分类与派单" testId="detail-routing">
      <KeyValues
        rows={[
          [
            '诉求类别',
            classification ? (
              <span key="c">
                <strong>{classification.category}</strong>
                <span className={`confidence${classification.confidence < 0.5 ? ' low' : ''}`}> 置信度 {(classification.confidence * 100).toFixed(1)}%</span>
              </span>
            ) : undefined,
          ],
          [
            '候选类别',
            classification?.alternatives.length ? (
              <span key="a" className="muted">
                {classification.alternatives.filter((alternative) => alternative.category !== classification.category).slice(0, 4).map((alternative) => `${alternative.category} ${(alternative.probability * 100).toFixed(1)}%`).join('；') || '—'}
              </span>
            ) : undefined,
          ],
          ['细分类别', ticket.fineCategory?.path.length ? ticket.fineCategory.path.join(' › ') : undefined],
          [
            '命中短语',
            ticket.fineCategory?.matchedPhrases.length ? (
              <span key="p" className="chips">{ticket.fineCategory.matchedPhrases.map((phrase) => <span key={phrase} className="chip">{phrase}</span>)}</span>
            ) : undefined,
          ],
          ['派单规则', ticket.routingRule ? <span key="r">{ticket.routingRule.description} <span className="muted small mono">{ticket.routingRule.id}</span></span> : undefined],
          ['承办单位', ticket.department?.name],
          ['协办单位', ticket.coDepartments?.length ? ticket.coDepartments.map((department) => department.name).join('、') : undefined],
          ['紧急程度', ticket.priority ? <PriorityBadge key="p" priority={ticket.priority} /> : undefined],
          ['判定依据', ticket.urgencyReasons?.length ? <ul key="u" className="plain-list">{ticket.urgencyReasons.map((reason) => <li key={reason}>{reason}</li>)}</ul> : undefined],
          ['模型版本', classification?.modelVersion ? <span key="m" className="muted small mono">{classification.modelVersion}</span> : undefined],
        ]}
      />
      {ticket.manualTriage ? (
        <div className="manual-triage" data-testid="detail-manual-triage">
          <div className="field-caption">
            转人工分拨：{MANUAL_TRIAGE_LABELS[ticket.manualTriage.code] ?? ticket.manualTriage.code}
          </div>
          <p>{ticket.manualTriage.message}</p>
          {ticket.manualTriage.suggestions.length ? (
            <ul className="plain-list">
              {ticket.manualTriage.suggestions.map((suggestion) => (
                <li key={suggestion.id}>
                  <strong>{suggestion.name}</strong> <span className="muted small">{suggestion.why}</span>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </Panel>
  );
}

function SlaPanel({ ticket, now }: { ticket: TicketView; now: number }) {
  const sla = ticket.sla;
  if (!sla) {
    return (
      <Panel title="办理时限">
        <p className="muted">尚未派单，未开始计时</p>
      </Panel>
    );
  }
  // 回访 once a 办结 started it: the command center's clock, after the department's three.
  const clocks = sla.clocks.followUp ? (['signFor', 'firstContact', 'resolve', 'followUp'] as const) : (['signFor', 'firstContact', 'resolve'] as const);
  return (
    <Panel title="办理时限" testId="detail-sla">
      <table className="grid compact">
        <caption className="sr-only">各时限的截止时间与状态</caption>
        <thead>
          <tr>
            <th scope="col">时限</th>
            <th scope="col">截止时间</th>
            <th scope="col">状态</th>
          </tr>
        </thead>
        <tbody>
          {clocks.map((clock) => {
            const detail = sla.clocks[clock];
            const due = detail?.due ?? (clock === 'signFor' ? sla.signForBy : clock === 'firstContact' ? sla.firstContactBy : clock === 'resolve' ? sla.resolveBy : sla.followUpBy ?? '');
            const running = isClockRunning(ticket, clock);
            const left = running ? remaining(due, now) : undefined;
            const state = ticket.slaState?.[clock];
            return (
              <tr key={clock}>
                <th scope="row">
                  {CLOCK_LABELS[clock]}
                  {detail ? <div className="muted small">{formatIsoDuration(detail.duration)} · {CLOCK_BASIS_LABELS[detail.basis]}</div> : null}
                </th>
                <td>
                  <time dateTime={due}>{formatDateTime(due)}</time>
                  {detail?.warnAt ? <div className="muted small">预警 {formatDateTime(detail.warnAt)}</div> : null}
                </td>
                <td>
                  {running ? (
                    <span className="stack">
                      {state ? <LightBadge light={state} /> : <LightBadge light="green" />}
                      {left ? <span className={left.overdue ? 'overdue' : 'remaining'}>{left.text}</span> : null}
                    </span>
                  ) : (
                    <span className="muted">{state ? `${LIGHT_LABELS[state]}（已停止计时）` : '已停止计时'}</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="small muted">
        计时起点 {formatDateTime(sla.startAt)}
        {runningLight(ticket) ? <> · 当前 <LightBadge light={runningLight(ticket)} /></> : null}
      </p>
      {sla.warnings.length ? <ul className="plain-list small">{sla.warnings.map((warning) => <li key={warning}>{warning}</li>)}</ul> : null}
    </Panel>
  );
}

/** The duplicates merged into this ticket: one answer here serves their citizens too. */
function MergedPanel({ merged }: { merged: TicketDetailResponse['merged'] }) {
  return (
    <Panel title={`并入本单的工单（${merged.total} 件）`} note="同一诉求的其他来件，答复、办结时请一并考虑" testId="detail-merged">
      <ul className="similar-list">
        {merged.items.map((item) => (
          <li key={item.ticketId} data-testid="merged-item" data-ticket-id={item.ticketId}>
            <div className="similar-head">
              <a href={ticketHref(item.ticketId)} className="mono">{item.ticketId}</a>
              <span className="muted">{formatDateTime(item.receivedAt)} · <ChannelText channel={item.channel} /></span>
              {item.contact ? <span data-testid="merged-contact">{[item.contact.name, item.contact.phone].filter(Boolean).join(' · ')}</span> : null}
            </div>
            <p className="similar-text">{item.title ? <strong>{item.title}：</strong> : null}{item.excerpt}</p>
          </li>
        ))}
      </ul>
      {merged.total > merged.items.length ? <p className="panel-foot muted">另有 {merged.total - merged.items.length} 件未列出</p> : null}
    </Panel>
  );
}

/** Shown from this share up as 疑似重复 rather than 相似: repeat letters scored 0.8–1 on the demo data, another citizen on the same broken lamps about 0.5. */
const LIKELY_DUPLICATE = 0.6;

/** Other tickets that read like this one (GET /tickets/:id/similar), with 并入此单 for whoever may merge this one. */
function SimilarPanel({ ticketId, canMerge, onMerge }: { ticketId: string; canMerge: boolean; onMerge: (into: string) => void }) {
  const { data, error, loading, reload } = useLoad((signal) => api.similar(ticketId, signal), [ticketId]);
  const items = data?.items ?? [];
  return (
    <Panel title="相似工单" note="前后 90 天内内容相近的工单，供并单参考" testId="detail-similar">
      <ErrorNotice error={error} onRetry={reload} />
      <Loading show={loading && !data} />
      {data && items.length === 0 ? <p className="muted">未发现内容相近的工单</p> : null}
      {items.length > 0 ? (
        <ul className="similar-list">
          {items.map((item) => (
            <li key={item.ticketId} data-testid="similar-item" data-ticket-id={item.ticketId}>
              <div className="similar-head">
                <span className={`badge ${item.similarity >= LIKELY_DUPLICATE ? 'tag-complex' : 'tag-neutral'}`} title="与本工单用词的相近程度（本工单自身为 100%）">
                  {item.similarity >= LIKELY_DUPLICATE ? '疑似重复' : '相似'} {Math.round(item.similarity * 100)}%
                </span>
                <a href={ticketHref(item.ticketId)} className="mono">{item.ticketId}</a>
                <StatusBadge status={item.status} />
                <span className="muted">{formatDateTime(item.receivedAt)}{item.department ? ` · ${item.department.name}` : ''}</span>
                {canMerge && item.status !== 'closed' && item.status !== 'merged' ? (
                  <button type="button" className="btn btn-small" onClick={() => onMerge(item.ticketId)} data-testid="similar-merge">并入此单</button>
                ) : null}
              </div>
              <p className="similar-text">{item.title ? <strong>{item.title}：</strong> : null}{item.excerpt}</p>
              {item.resolution ? <p className="similar-text" data-testid="similar-resolution"><strong>办结情况：</strong>{item.resolution}</p> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </Panel>
  );
}

function HandlingPanel({ ticket }: { ticket: TicketView }) {
  const handling = ticket.handling;
  return (
    <Panel title="办理情况" testId="detail-handling">
      <KeyValues
        rows={[
          ['签收时间', handling?.signedForAt ? `${formatDateTime(handling.signedForAt, true)}${handling.signedForOnTime === false ? '（超时签收）' : handling.signedForOnTime ? '（按时）' : ''}` : undefined],
          ['先行联系', handling?.firstContactAt ? `${formatDateTime(handling.firstContactAt, true)} · ${CONTACT_METHOD_LABELS[handling.firstContactMethod ?? 'other']}${handling.firstContactOnTime === false ? '（超时联系）' : handling.firstContactOnTime ? '（按时）' : ''}` : undefined],
          ['首次答复', handling?.firstReplyAt ? formatDateTime(handling.firstReplyAt, true) : undefined],
          ['最近答复', handling?.lastReply ? <p key="r" className="pre">{handling.lastReply}</p> : undefined],
          ['办结时间', handling?.resolvedAt ? `${formatDateTime(handling.resolvedAt, true)}${handling.resolvedOnTime === false ? '（超时办结）' : handling.resolvedOnTime ? '（按时）' : ''}` : undefined],
          ['办结情况', handling?.resolution ? <p key="s" className="pre">{handling.resolution}</p> : undefined],
          ['结案时间', handling?.closedAt ? formatDateTime(handling.closedAt, true) : undefined],
        ]}
      />
    </Panel>
  );
}

function ReturnsPanel({ ticket }: { ticket: TicketView }) {
  if (!ticket.returns?.count) return null;
  const last = ticket.returns.last;
  return (
    <Panel title="退单记录" testId="detail-returns">
      <KeyValues
        rows={[
          ['退单次数', `${ticket.returns.count} 次（被驳回 ${ticket.returns.rejectedCount} 次）`],
          ['最近原因', last ? label(RETURN_REASON_LABELS, last.reason) : undefined],
          ['退单说明', last?.note],
          ['退单时间', last ? formatDateTime(last.at) : undefined],
        ]}
      />
    </Panel>
  );
}

function ExtensionPanel({ ticket }: { ticket: TicketView }) {
  const extension = ticket.extension;
  if (!extension || (!extension.pending && extension.approved.length === 0)) return null;
  return (
    <Panel title="延期" testId="detail-extension">
      {extension.pending ? (
        <div className="notice notice-warn">
          待审批：申请延期 {formatIsoDuration(extension.pending.amount)}，理由：{extension.pending.reason}（{formatDateTime(extension.pending.requestedAt)}）
        </div>
      ) : null}
      {extension.approved.length ? (
        <ul className="plain-list small">
          {extension.approved.map((item) => <li key={item.at}>{formatDateTime(item.at)} 批准延期 {formatIsoDuration(item.amount)}</li>)}
        </ul>
      ) : null}
    </Panel>
  );
}

function FollowUpPanel({ ticket }: { ticket: TicketView }) {
  if (!ticket.followUps?.length) return null;
  return (
    <Panel title="回访记录" testId="detail-followups">
      <ul className="plain-list">
        {ticket.followUps.map((followUp) => (
          <li key={followUp.at}>
            {formatDateTime(followUp.at)} · {followUp.resolved ? '已解决' : '未解决'} · {label(SATISFACTION_LABELS, followUp.satisfaction)}
          </li>
        ))}
      </ul>
    </Panel>
  );
}

function HistoryPanel({ history }: { history: HistoryEntry[] }) {
  return (
    <Panel title="办理历史" testId="detail-history">
      {history.length === 0 ? (
        <p className="muted">暂无记录</p>
      ) : (
        <ol className="timeline">
          {history.map((entry) => {
            const applied = entry.outcome === 'applied';
            return (
              <li key={entry.eventId} className={applied ? 'timeline-item' : 'timeline-item rejected'} data-testid="history-entry" data-outcome={entry.outcome}>
                <time dateTime={entry.occurredAt} className="timeline-time">{formatDateTime(entry.occurredAt, true)}</time>
                <div className="timeline-body">
                  <span className="timeline-summary">{entry.summary}</span>
                  <span className="timeline-meta">
                    {entry.actor ? `${label(ACTOR_ROLE_LABELS, entry.actor.role)} ${entry.actor.id}` : '系统'}
                    {!applied ? <span className="badge badge-rejected">{label(HISTORY_OUTCOME_LABELS, entry.outcome)}</span> : null}
                  </span>
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </Panel>
  );
}
