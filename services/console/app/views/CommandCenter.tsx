import { useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../api.ts';
import type { CommandOutcome } from '../commandRunner.ts';
import { CommandDialog, mergedContactsOf, type CommandTarget } from '../components/CommandDialog.tsx';
import { CommandStatus } from '../components/CommandStatus.tsx';
import { TicketTable } from '../components/TicketTable.tsx';
import { ChannelText, CurrentDeadline, Empty, ErrorNotice, LightBadge, Loading, PageHeader, Pagination, PriorityBadge } from '../components/ui.tsx';
import { formatDateTime, formatIsoDuration, formatShort, formatSpan, formatTime } from '../format.ts';
import { useLoad, useNow, useTitle } from '../hooks.ts';
import { MANUAL_TRIAGE_LABELS, RETURN_REASON_LABELS, SATISFACTION_LABELS } from '../labels.ts';
import { ticketHref } from '../router.ts';
import type { PipelineResponse, TicketCommandName, TicketSummary, TriageItem, WorkQueueItem, WorkQueueName } from '../types.ts';

export function CommandCenter({ tab }: { tab: string }) {
  if (tab === 'triage') return <TriageQueue />;
  if (tab === 'todo') return <WorkQueues />;
  if (tab === 'sla') return <SlaBoard title="SLA 红黄牌" />;
  return <LiveIntake />;
}

const LIVE_POLL_MS = 5_000;
/** Re-ask a little before the server's last `now`, so a change indexed late is not missed (rows are merged by id). */
const LIVE_OVERLAP_MS = 10_000;
const NEW_MARK_MS = 120_000;
const LIVE_MAX_ROWS = 200;

interface LiveRow {
  item: TicketSummary;
  arrivedAt?: number;
}

function mergeLive(rows: LiveRow[], incoming: TicketSummary[], markNew: boolean, at: number): LiveRow[] {
  const byId = new Map(rows.map((row) => [row.item.ticketId, row]));
  for (const item of incoming) {
    const known = byId.get(item.ticketId);
    byId.set(item.ticketId, known ? { ...known, item } : { item, ...(markNew ? { arrivedAt: at } : {}) });
  }
  return [...byId.values()]
    .sort((a, b) => Date.parse(b.item.receivedAt) - Date.parse(a.item.receivedAt) || b.item.ticketId.localeCompare(a.item.ticketId))
    .slice(0, LIVE_MAX_ROWS);
}

/** 实时受理: polls /api/live every 5 s; tickets first seen after the first load are marked 新. */
function LiveIntake() {
  useTitle('实时受理');
  const now = useNow(5_000);
  const [rows, setRows] = useState<LiveRow[]>([]);
  const [paused, setPaused] = useState(false);
  const [updatedAt, setUpdatedAt] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loaded, setLoaded] = useState(false);
  const [pipeline, setPipeline] = useState<PipelineResponse | undefined>(undefined);
  const since = useRef(new Date(Date.now() - 24 * 3_600_000).toISOString());
  const first = useRef(true);

  useEffect(() => {
    if (paused) return undefined;
    let timer: number | undefined;
    let controller: AbortController | undefined;
    let stopped = false;
    let backlogPending = false;
    const tick = async () => {
      controller = new AbortController();
      // The backlog is read beside the list, one request at a time: a slow broker must not hold the list back, and
      // when the backlog cannot be read the strip says so.
      if (!backlogPending) {
        backlogPending = true;
        void api.pipeline(controller.signal).then(
          (answer) => { if (!stopped) setPipeline(answer); },
          () => { if (!stopped) setPipeline(undefined); },
        ).finally(() => { backlogPending = false; });
      }
      try {
        const response = await api.live(since.current, controller.signal);
        if (stopped) return;
        const at = Date.now();
        setRows((previous) => mergeLive(previous, response.items, !first.current, at));
        first.current = false;
        since.current = new Date(Date.parse(response.now) - LIVE_OVERLAP_MS).toISOString();
        setUpdatedAt(response.now);
        setError(undefined);
        setLoaded(true);
      } catch (reason) {
        if (stopped || (reason instanceof DOMException && reason.name === 'AbortError')) return;
        if (reason instanceof ApiError && reason.status === 401) return;
        setError(reason);
        setLoaded(true);
      }
      if (!stopped) timer = window.setTimeout(tick, LIVE_POLL_MS);
    };
    void tick();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      controller?.abort();
    };
  }, [paused]);

  const fresh = rows.filter((row) => row.arrivedAt !== undefined && now - row.arrivedAt < NEW_MARK_MS).length;

  return (
    <section aria-labelledby="live-title">
      <PageHeader
        title="实时受理"
        subtitle={
          <span>
            各渠道新受理及状态变化的工单，每 5 秒自动刷新
            {updatedAt ? <span className="muted"> · 最近更新 {formatTime(updatedAt)}</span> : null}
          </span>
        }
      >
        <span className={`live-indicator${paused ? ' paused' : ''}`} aria-hidden="true" />
        <button type="button" className="btn" onClick={() => setPaused((value) => !value)} aria-pressed={paused} data-testid="live-pause">
          {paused ? '恢复刷新' : '暂停刷新'}
        </button>
      </PageHeader>
      <h2 id="live-title" className="sr-only">实时受理列表</h2>
      <div className="summary-strip" aria-live="polite">
        <span>列表 <strong>{rows.length}</strong> 件</span>
        <span>新到 <strong className="text-accent">{fresh}</strong> 件</span>
        <span>待人工分拨 <strong>{rows.filter((row) => row.item.status === 'manual_triage').length}</strong> 件</span>
        <span>红牌 <strong className="text-red">{rows.filter((row) => row.item.slaLight === 'red').length}</strong> 件</span>
      </div>
      <PipelineBacklog pipeline={pipeline} />
      <ErrorNotice error={error} />
      <Loading show={!loaded} />
      {loaded && rows.length === 0 && !error ? <Empty>最近 24 小时暂无受理工单</Empty> : null}
      {rows.length > 0 ? (
        <TicketTable
          items={rows.map((row) => row.item)}
          caption="实时受理工单，最新在前"
          columns={['received', 'ticket', 'channel', 'category', 'district', 'department', 'priority', 'status', 'light']}
          now={now}
          rowTestId="live-row"
          mark={(item) => {
            const row = rows.find((candidate) => candidate.item.ticketId === item.ticketId);
            return row?.arrivedAt !== undefined && now - row.arrivedAt < NEW_MARK_MS ? <span className="mark-new" data-testid="live-new">新</span> : null;
          }}
          rowClass={(item) => {
            const row = rows.find((candidate) => candidate.item.ticketId === item.ticketId);
            return row?.arrivedAt !== undefined && now - row.arrivedAt < NEW_MARK_MS ? 'row-new' : undefined;
          }}
        />
      ) : null}
    </section>
  );
}

/** 流水线积压: what each stage has yet to handle, and whether intake is being held back (进件限流). */
function PipelineBacklog({ pipeline }: { pipeline: PipelineResponse | undefined }) {
  if (!pipeline) return <div className="summary-strip muted" data-testid="pipeline-backlog">流水线积压暂时无法读取</div>;
  const { backlog } = pipeline;
  return (
    <div className="summary-strip" data-testid="pipeline-backlog" title="消息队列中各环节尚未处理的记录数；分拨、入库按事件计（每件工单约 3 条）">
      <span>流水线积压</span>
      <span>待受理 <strong>{backlog.intake}</strong> 条</span>
      <span>待分拨 <strong>{backlog.triage}</strong> 条</span>
      <span>待入库 <strong>{backlog.tracker}</strong> 条</span>
      {pipeline.intakeHeld ? (
        <span className="text-accent" data-testid="intake-held">进件限流中：待分拨已超过 {pipeline.admissionLimit} 条的一半，新件在队列中等待，不会丢失</span>
      ) : null}
    </div>
  );
}

const TRIAGE_PAGE_SIZE = 20;

/**
 * A queue whose rows each open a command dialog: the dialog's ticket, the last outcome, and the tickets acted on,
 * which leave the list at once (the queue is a search, which shows the change about a second later, when it is read
 * again). `forget` clears the outcome and the acted-on tickets, for a list read afresh.
 */
function useQueueCommand(reload: () => void) {
  const [target, setTarget] = useState<CommandTarget | undefined>(undefined);
  const [outcome, setOutcome] = useState<CommandOutcome | undefined>(undefined);
  const [actedOn, setActedOn] = useState<ReadonlySet<string>>(new Set());
  const onOutcome = (result: CommandOutcome) => {
    const ticketId = target?.ticketId;
    setOutcome(result);
    if (result.kind === 'success' || result.kind === 'pending') setTarget(undefined);
    if (result.kind === 'success' && ticketId) {
      setActedOn((current) => new Set([...current, ticketId]));
      window.setTimeout(reload, 1_500);
    }
  };
  return {
    target,
    setTarget,
    outcome,
    notActedOn: <T extends { ticketId: string }>(items: readonly T[]) => items.filter((item) => !actedOn.has(item.ticketId)),
    forget: () => {
      setOutcome(undefined);
      setActedOn(new Set());
    },
    /** The CommandDialog props besides its ticket and command. */
    dialog: {
      onClose: () => setTarget(undefined),
      onOutcome,
      onRefresh: () => {
        setTarget(undefined);
        setOutcome(undefined);
        reload();
      },
    },
  };
}

/** 人工分拨: tickets the machine would not route alone, with its reasons and suggestions; 派单 sends one. */
function TriageQueue() {
  useTitle('人工分拨');
  const now = useNow();
  const [page, setPage] = useState(1);
  const { data, error, loading, reload } = useLoad((signal) => api.triage(page, TRIAGE_PAGE_SIZE, signal), [page]);
  const { target, setTarget, outcome, dialog, notActedOn } = useQueueCommand(reload);
  const items = notActedOn(data?.items ?? []);

  const open = (item: TriageItem) =>
    setTarget({
      ticketId: item.ticketId,
      version: item.version,
      status: item.status,
      title: item.title ?? item.excerpt,
      department: item.department,
      suggestions: item.manualTriage?.suggestions ?? [],
    });

  return (
    <section>
      <PageHeader title="人工分拨" subtitle="系统未能自动派单的工单，签收时限近的在前（紧急件优先），其次按受理先后；请核对系统判断后派单">
        <Loading show={loading && data !== undefined} text="刷新中…" />
        <button type="button" className="btn" onClick={reload} data-testid="triage-refresh">刷新</button>
      </PageHeader>
      <div className="summary-strip">
        <span>待分拨 <strong data-testid="triage-total">{data ? Math.max(0, data.total - (data.items.length - items.length)) : '—'}</strong> 件</span>
      </div>
      <CommandStatus outcome={outcome} onRefresh={reload} />
      <ErrorNotice error={error} onRetry={reload} />
      <Loading show={loading && data === undefined} />
      {data && items.length === 0 ? <Empty>人工分拨队列已清空</Empty> : null}
      {data && items.length > 0 ? (
        <div className="table-wrap">
          <table className="grid triage-table">
            <caption className="sr-only">人工分拨队列</caption>
            <thead>
              <tr>
                <th scope="col" className="col-received">受理时间</th>
                <th scope="col">工单</th>
                <th scope="col" className="col-machine">系统分类</th>
                <th scope="col" className="col-reason">转人工原因</th>
                <th scope="col" className="col-suggest">建议单位</th>
                <th scope="col" className="col-deadline">签收时限</th>
                <th scope="col" className="col-actions">操作</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.ticketId} data-testid="triage-row" data-ticket-id={item.ticketId}>
                  <td className="col-received">
                    <time dateTime={item.receivedAt} title={formatDateTime(item.receivedAt, true)}>{formatShort(item.receivedAt)}</time>
                    <div className="muted small"><ChannelText channel={item.channel} /></div>
                  </td>
                  <td>
                    <div className="ticket-cell">
                      <div className="ticket-cell-head">
                        <PriorityBadge priority={item.priority} />
                        <a href={ticketHref(item.ticketId)} className="ticket-id">{item.ticketId}</a>
                        <span className="ticket-title">{item.title ?? ''}</span>
                      </div>
                      <div className="ticket-excerpt">{item.excerpt}</div>
                      {item.district ? <div className="muted small">地点：{item.district}{item.street ? ` ${item.street}` : ''}</div> : null}
                    </div>
                  </td>
                  <td className="col-machine">
                    {item.classification ? (
                      <div className="stack">
                        <span>
                          <strong>{item.classification.category}</strong>{' '}
                          <span className={`confidence${item.classification.confidence < 0.5 ? ' low' : ''}`}>{(item.classification.confidence * 100).toFixed(0)}%</span>
                        </span>
                        {item.classification.alternatives.slice(0, 3).filter((alternative) => alternative.category !== item.classification?.category).map((alternative) => (
                          <span key={alternative.category} className="muted small">
                            {alternative.category} {(alternative.probability * 100).toFixed(0)}%
                          </span>
                        ))}
                      </div>
                    ) : (
                      <span className="muted">{item.category ?? '—'}</span>
                    )}
                  </td>
                  <td className="col-reason">
                    <div className="stack">
                      {item.manualTriage?.code ? <span className="tag">{MANUAL_TRIAGE_LABELS[item.manualTriage.code] ?? item.manualTriage.code}</span> : null}
                      <span className="small clamp-3" title={item.manualTriage?.message}>{item.manualTriage?.message}</span>
                    </div>
                  </td>
                  <td className="col-suggest">
                    {item.manualTriage?.suggestions.length ? (
                      <ul className="plain-list">
                        {item.manualTriage.suggestions.map((suggestion) => (
                          <li key={suggestion.id}>
                            <strong>{suggestion.name}</strong>
                            <div className="muted small clamp-2" title={suggestion.why}>{suggestion.why}</div>
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <span className="muted">无建议</span>
                    )}
                  </td>
                  <td className="col-deadline"><CurrentDeadline ticket={item} now={now} /></td>
                  <td className="col-actions">
                    <button type="button" className="btn btn-primary btn-small" onClick={() => open(item)} data-testid="triage-dispatch" aria-label={`派单：工单 ${item.ticketId}`}>
                      派单
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {data && data.total > TRIAGE_PAGE_SIZE ? <Pagination page={page} pageSize={TRIAGE_PAGE_SIZE} total={data.total} onPage={setPage} /> : null}
      {target ? <CommandDialog target={target} command="reroute" {...dialog} /> : null}
    </section>
  );
}

const WORK_PAGE_SIZE = 20;

interface WorkQueueView {
  id: WorkQueueName;
  label: string;
  /** The command that takes a ticket out of the queue, and its button. */
  command: TicketCommandName;
  action: string;
  /** Since when the ticket has waited here, and the column's name. */
  sinceLabel: string;
  since: (item: WorkQueueItem) => string | undefined;
  detailLabel: string;
  detail: (item: WorkQueueItem) => string | undefined;
}

/** The operator's queues besides 人工分拨, each the longest-waiting first (GET /api/work-queue). */
const WORK_QUEUE_VIEWS: WorkQueueView[] = [
  {
    id: 'returned', label: '退单审核', command: 'reviewReturn', action: '审核',
    sinceLabel: '退单时间', since: (item) => item.lastReturn?.at,
    detailLabel: '退单理由', detail: (item) => (item.lastReturn ? `${RETURN_REASON_LABELS[item.lastReturn.reason] ?? item.lastReturn.reason}${item.lastReturn.note ? `：${item.lastReturn.note}` : ''}` : undefined),
  },
  {
    id: 'extension', label: '延期审批', command: 'decideExtension', action: '审批',
    sinceLabel: '申请时间', since: (item) => item.extension?.pending?.requestedAt,
    detailLabel: '延期申请', detail: (item) => (item.extension?.pending ? `延期 ${formatIsoDuration(item.extension.pending.amount)}：${item.extension.pending.reason}` : undefined),
  },
  {
    id: 'followUp', label: '待回访', command: 'followUp', action: '回访',
    sinceLabel: '办结时间', since: (item) => item.resolvedAt,
    detailLabel: '办结情况', detail: (item) => item.resolution,
  },
  {
    id: 'dissatisfied', label: '不满意待重办', command: 'reopen', action: '重办',
    sinceLabel: '回访时间', since: (item) => item.lastFollowUp?.at,
    detailLabel: '回访结果', detail: (item) => (item.lastFollowUp ? `${item.lastFollowUp.resolved ? '已解决' : '未解决'}，${SATISFACTION_LABELS[item.lastFollowUp.satisfaction] ?? item.lastFollowUp.satisfaction}` : undefined),
  },
];

/**
 * 待办: what waits on the command centre once tickets are routed. A returned ticket's resolve clock keeps running and
 * an extension request blocks its department, so neither may sit unseen; 回访 closes a resolved ticket (事事有回访).
 */
function WorkQueues() {
  useTitle('待办');
  const now = useNow();
  const [queueId, setQueueId] = useState<WorkQueueName>('returned');
  const [page, setPage] = useState(1);
  const queue = WORK_QUEUE_VIEWS.find((view) => view.id === queueId)!;
  const { data, error, loading, reload } = useLoad((signal) => api.workQueue(queueId, page, WORK_PAGE_SIZE, signal), [queueId, page]);
  const { target, setTarget, outcome, dialog, notActedOn, forget } = useQueueCommand(reload);
  const items = notActedOn(data?.items ?? []);

  const open = async (item: WorkQueueItem) => {
    // Who to call back is on the ticket (lists carry no contact data); without it the dialog still works.
    const detail = queue.command === 'followUp' ? await api.ticket(item.ticketId).catch(() => undefined) : undefined;
    const contact = detail?.ticket.contact;
    const mergedContacts = mergedContactsOf(detail?.merged.items ?? []);
    setTarget({
      ticketId: item.ticketId,
      version: item.version,
      status: item.status,
      title: item.title ?? item.excerpt,
      ...(item.department ? { department: item.department } : {}),
      ...(item.extension ? { extension: item.extension } : {}),
      ...(item.resolution ? { resolution: item.resolution } : {}),
      ...(contact ? { contact } : {}),
      ...(mergedContacts.length ? { mergedContacts } : {}),
    });
  };

  const choose = (id: WorkQueueName) => {
    setQueueId(id);
    setPage(1);
    // The other queue is read afresh; a ticket acted on here may belong there by now.
    forget();
  };

  return (
    <section>
      <PageHeader title="待办" subtitle="派单之后等待指挥中心处理的工单：退单审核、延期审批、回访、不满意重办，各自等待最久的在前">
        <Loading show={loading && data !== undefined} text="刷新中…" />
        <button type="button" className="btn" onClick={reload} data-testid="work-refresh">刷新</button>
      </PageHeader>
      <div className="tabs" role="tablist" aria-label="待办类别">
        {WORK_QUEUE_VIEWS.map((view) => (
          <button
            key={view.id}
            type="button"
            role="tab"
            aria-selected={view.id === queueId}
            className={view.id === queueId ? 'tab active' : 'tab'}
            onClick={() => choose(view.id)}
            data-testid={`work-tab-${view.id}`}
          >
            {view.label}
            {data ? <span className="tab-count" data-testid={`work-count-${view.id}`}>{data.counts[view.id]}</span> : null}
            {view.id === 'followUp' && data?.lateFollowUps ? <span className="tab-late" data-testid="work-late-followUp" title="已过回访时限">超时 {data.lateFollowUps}</span> : null}
          </button>
        ))}
      </div>
      <CommandStatus outcome={outcome} onRefresh={reload} />
      <ErrorNotice error={error} onRetry={reload} />
      <Loading show={loading && data === undefined} />
      {data && items.length === 0 ? <Empty>没有{queue.label}的工单</Empty> : null}
      {data && items.length > 0 ? (
        <div className="table-wrap">
          <table className="grid">
            <caption className="sr-only">{queue.label}</caption>
            <thead>
              <tr>
                <th scope="col" className="col-received">{queue.sinceLabel}</th>
                <th scope="col">工单</th>
                <th scope="col" className="col-department">承办单位</th>
                <th scope="col" className="col-reason">{queue.detailLabel}</th>
                <th scope="col" className="col-actions">操作</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => {
                const since = queue.since(item);
                const detail = queue.detail(item);
                return (
                  <tr key={item.ticketId} data-testid="work-row" data-ticket-id={item.ticketId}>
                    <td className="col-received">
                      {since ? (
                        <>
                          <time dateTime={since} title={formatDateTime(since, true)}>{formatShort(since)}</time>
                          <div className="muted small">已等待 {formatSpan(now - Date.parse(since))}</div>
                        </>
                      ) : '—'}
                    </td>
                    <td>
                      <div className="ticket-cell">
                        <div className="ticket-cell-head">
                          <PriorityBadge priority={item.priority} />
                          <a href={ticketHref(item.ticketId)} className="ticket-id">{item.ticketId}</a>
                          <span className="ticket-title">{item.title ?? ''}</span>
                          {item.reopenCount ? <span className="badge tag-neutral">重办 {item.reopenCount} 次</span> : null}
                        </div>
                        <div className="ticket-excerpt">{item.excerpt}</div>
                        <div className="muted small">受理 {formatShort(item.receivedAt)} · <ChannelText channel={item.channel} /></div>
                      </div>
                    </td>
                    <td className="col-department">
                      {item.department?.name ?? '—'}
                      {queue.id === 'followUp' && item.resolvedOnTime === false ? <div className="small overdue">超时办结</div> : null}
                      <div className="small"><CurrentDeadline ticket={item} now={now} /></div>
                      {queue.id === 'followUp' && item.followUpLight ? <div className="small" data-testid="followup-light"><LightBadge light={item.followUpLight} /></div> : null}
                    </td>
                    <td className="col-reason"><span className="small clamp-3" title={detail}>{detail ?? '—'}</span></td>
                    <td className="col-actions">
                      <button type="button" className="btn btn-primary btn-small" onClick={() => void open(item)} data-testid="work-action" aria-label={`${queue.action}：工单 ${item.ticketId}`}>
                        {queue.action}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {data && data.total > WORK_PAGE_SIZE ? <Pagination page={page} pageSize={WORK_PAGE_SIZE} total={data.total} onPage={setPage} /> : null}
      {target ? <CommandDialog target={target} command={queue.command} {...dialog} /> : null}
    </section>
  );
}

/** 红黄牌: open tickets whose light is red or yellow, soonest deadline first (a department sees its own). */
export function SlaBoard({ title }: { title: string }) {
  useTitle(title);
  const now = useNow();
  const { data, error, loading, reload } = useLoad((signal) => api.slaBoard(signal), []);
  const [light, setLight] = useState<'red' | 'yellow' | undefined>(undefined);
  // Red first; yellow when nothing is red (until the user picks one).
  const shown = light ?? (data && data.counts.red === 0 && data.counts.yellow > 0 ? 'yellow' : 'red');
  useEffect(() => {
    const timer = window.setInterval(reload, 60_000);
    return () => window.clearInterval(timer);
  }, [reload]);

  return (
    <section>
      <PageHeader title={title} subtitle="未办结工单中已亮红牌（超时）或黄牌（临近时限）的工单；点击上方卡片切换，每分钟自动刷新">
        <Loading show={loading && data !== undefined} text="刷新中…" />
        <button type="button" className="btn" onClick={reload}>刷新</button>
      </PageHeader>
      <ErrorNotice error={error} onRetry={reload} />
      <Loading show={loading && data === undefined} />
      {data ? (
        <>
          <div className="stat-cards" role="group" aria-label="选择显示红牌或黄牌工单">
            {(['red', 'yellow'] as const).map((candidate) => (
              <button
                key={candidate}
                type="button"
                className={`stat-card stat-${candidate}${shown === candidate ? ' selected' : ''}`}
                aria-pressed={shown === candidate}
                onClick={() => setLight(candidate)}
                data-testid={`sla-card-${candidate}`}
              >
                <span className="stat-label">{candidate === 'red' ? '红牌 · 已超时' : '黄牌 · 临近时限'}</span>
                <span className="stat-value" data-testid={`sla-count-${candidate}`}>{data.counts[candidate]}</span>
              </button>
            ))}
          </div>
          <section className="board-section" aria-labelledby="sla-list-title">
            <h2 id="sla-list-title" className={`section-title title-${shown}`}>
              {shown === 'red' ? '红牌工单' : '黄牌工单'}
              <span className="muted small">（时限最近者在前，显示 {data[shown].length} / {data.counts[shown]} 件）</span>
            </h2>
            {data[shown].length === 0 ? (
              <Empty>{shown === 'red' ? '暂无超时工单' : '暂无临近时限的工单'}</Empty>
            ) : (
              <TicketTable
                items={data[shown]}
                caption={shown === 'red' ? '红牌工单' : '黄牌工单'}
                columns={['deadline', 'ticket', 'department', 'category', 'priority', 'status', 'received']}
                now={now}
                rowTestId="sla-row"
              />
            )}
          </section>
        </>
      ) : null}
    </section>
  );
}
