import { useRef, useState, type KeyboardEvent } from 'react';
import { api } from '../api.ts';
import { TicketTable } from '../components/TicketTable.tsx';
import { Empty, ErrorNotice, Loading, PageHeader, Pagination } from '../components/ui.tsx';
import { useLoad, useNow, useTitle } from '../hooks.ts';
import { navigate, type Route } from '../router.ts';
import type { TicketStatus, User } from '../types.ts';
import { SlaBoard } from './CommandCenter.tsx';

interface InboxTab {
  id: string;
  label: string;
  statuses: TicketStatus[];
}

const TABS: InboxTab[] = [
  { id: 'todo', label: '全部待办', statuses: ['routed', 'signed_for', 'replied', 'reopened'] },
  { id: 'routed', label: '待签收', statuses: ['routed'] },
  { id: 'handling', label: '办理中', statuses: ['signed_for', 'replied'] },
  { id: 'reopened', label: '重办', statuses: ['reopened'] },
  { id: 'returned', label: '已退单', statuses: ['returned'] },
  { id: 'done', label: '已办结', statuses: ['resolved', 'closed'] },
];
const ALL_STATUSES = [...new Set(TABS.flatMap((tab) => tab.statuses))];
const PAGE_SIZE = 20;

export function Inbox({ user, route }: { user: User; route: Route }) {
  if (route.segments[1] === 'sla') return <SlaBoard title="红黄牌预警" />;
  return <InboxList user={user} route={route} />;
}

/** 待办: the department's tickets, most urgent first (priority, then deadline), by status tab. */
function InboxList({ user, route }: { user: User; route: Route }) {
  useTitle('部门工作台');
  const now = useNow();
  const tab = TABS.find((candidate) => candidate.id === route.params.get('tab')) ?? TABS[0]!;
  const page = Math.max(1, Number(route.params.get('page') ?? '1') || 1);
  const q = route.params.get('q') ?? '';
  const [draft, setDraft] = useState(q);
  const tabRefs = useRef<Array<HTMLButtonElement | null>>([]);

  const list = useLoad(
    (signal) => api.tickets({ status: tab.statuses, sort: 'urgency', page, pageSize: PAGE_SIZE, ...(q ? { q } : {}) }, signal),
    [tab.id, page, q],
  );
  const counts = useLoad((signal) => api.tickets({ status: ALL_STATUSES, pageSize: 1, ...(q ? { q } : {}) }, signal), [q, list.data]);
  const countOf = (statuses: TicketStatus[]) => {
    const buckets = counts.data?.facets.status;
    if (!buckets) return undefined;
    return statuses.reduce((sum, status) => sum + (buckets.find((bucket) => bucket.key === status)?.count ?? 0), 0);
  };

  const go = (next: { tab?: string; page?: number; q?: string }) =>
    navigate('/inbox', { tab: next.tab ?? tab.id, page: String(next.page ?? 1), q: next.q ?? q });

  const onTabKey = (event: KeyboardEvent, index: number) => {
    const delta = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!delta) return;
    event.preventDefault();
    const next = (index + delta + TABS.length) % TABS.length;
    tabRefs.current[next]?.focus();
    go({ tab: TABS[next]!.id });
  };

  return (
    <section>
      <PageHeader title="待办工单" subtitle={`${user.departmentName ?? user.displayName} · 按紧急程度与时限排序`}>
        <form
          className="inline-search"
          role="search"
          onSubmit={(event) => {
            event.preventDefault();
            go({ q: draft.trim() });
          }}
        >
          <label htmlFor="inbox-q" className="sr-only">在待办中搜索</label>
          <input id="inbox-q" type="search" value={draft} onChange={(event) => setDraft(event.target.value)} placeholder="关键字" maxLength={200} data-testid="inbox-search" />
          <button type="submit" className="btn">搜索</button>
        </form>
        <button type="button" className="btn" onClick={list.reload}>刷新</button>
      </PageHeader>
      <div className="tabs" role="tablist" aria-label="工单状态">
        {TABS.map((candidate, index) => {
          const selected = candidate.id === tab.id;
          const count = countOf(candidate.statuses);
          return (
            <button
              key={candidate.id}
              ref={(element) => {
                tabRefs.current[index] = element;
              }}
              type="button"
              role="tab"
              id={`inbox-tab-${candidate.id}`}
              aria-selected={selected}
              aria-controls="inbox-panel"
              tabIndex={selected ? 0 : -1}
              className={selected ? 'tab active' : 'tab'}
              onClick={() => go({ tab: candidate.id })}
              onKeyDown={(event) => onTabKey(event, index)}
              data-testid={`inbox-tab-${candidate.id}`}
            >
              {candidate.label}
              {count !== undefined ? <span className="tab-count">{count}</span> : null}
            </button>
          );
        })}
      </div>
      <div id="inbox-panel" role="tabpanel" aria-labelledby={`inbox-tab-${tab.id}`}>
        <ErrorNotice error={list.error} onRetry={list.reload} />
        <Loading show={list.loading && list.data === undefined} />
        {list.data && list.data.items.length === 0 ? <Empty>{q ? '没有符合条件的工单' : '该状态下暂无工单'}</Empty> : null}
        {list.data && list.data.items.length > 0 ? (
          <>
            <TicketTable
              items={list.data.items}
              caption={`${tab.label}工单`}
              columns={['priority', 'light', 'ticket', 'category', 'deadline', 'status', 'received']}
              now={now}
              rowTestId="inbox-row"
              rowClass={(item) => (item.slaLight === 'red' ? 'row-red' : item.slaLight === 'yellow' ? 'row-yellow' : undefined)}
            />
            <Pagination page={page} pageSize={PAGE_SIZE} total={list.data.total} onPage={(next) => go({ page: next })} />
          </>
        ) : null}
      </div>
    </section>
  );
}
