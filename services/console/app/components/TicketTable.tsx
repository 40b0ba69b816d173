import type { ReactNode } from 'react';
import { runningLight } from '../commands.ts';
import { formatDateTime, formatShort } from '../format.ts';
import { navigate, ticketHref } from '../router.ts';
import type { TicketSummary } from '../types.ts';
import { ChannelText, CurrentDeadline, DeadlineCell, Highlight, LightBadge, PriorityBadge, StatusBadge } from './ui.tsx';

export type TicketColumn =
  | 'received' | 'ticket' | 'channel' | 'category' | 'department' | 'district' | 'status' | 'priority' | 'light'
  | 'deadline' | 'signForBy' | 'resolveBy';

const HEADERS: Record<TicketColumn, string> = {
  received: '受理时间',
  ticket: '工单',
  channel: '渠道',
  category: '类别',
  department: '承办单位',
  district: '区域',
  status: '状态',
  priority: '紧急程度',
  light: '时限灯',
  deadline: '当前时限',
  signForBy: '签收时限',
  resolveBy: '办结时限',
};

interface TicketTableProps {
  items: TicketSummary[];
  columns: TicketColumn[];
  caption: string;
  now: number;
  rowTestId?: string;
  /** Extra content at the start of the ticket cell (e.g. a 新 mark). */
  mark?: (item: TicketSummary) => ReactNode;
  rowClass?: (item: TicketSummary) => string | undefined;
  /** A last column of actions. */
  actions?: (item: TicketSummary) => ReactNode;
  showHighlights?: boolean;
}

/** A dense list of tickets; the ticket number is a link, and a click anywhere on the row opens the ticket too. */
export function TicketTable({ items, columns, caption, now, rowTestId = 'ticket-row', mark, rowClass, actions, showHighlights }: TicketTableProps) {
  return (
    <div className="table-wrap">
      <table className="grid clickable">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => <th key={column} scope="col" className={`col-${column}`}>{HEADERS[column]}</th>)}
            {actions ? <th scope="col" className="col-actions">操作</th> : null}
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr
              key={item.ticketId}
              data-testid={rowTestId}
              data-ticket-id={item.ticketId}
              className={rowClass?.(item)}
              onClick={(event) => {
                const target = event.target as HTMLElement;
                if (target.closest('a, button, input, select, textarea, label')) return;
                navigate(`/ticket/${encodeURIComponent(item.ticketId)}`);
              }}
            >
              {columns.map((column) => <td key={column} className={`col-${column}`}>{cell(column, item, now, mark, showHighlights)}</td>)}
              {actions ? <td className="col-actions">{actions(item)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function cell(column: TicketColumn, item: TicketSummary, now: number, mark: TicketTableProps['mark'], showHighlights?: boolean): ReactNode {
  switch (column) {
    case 'received':
      return <time dateTime={item.receivedAt} title={formatDateTime(item.receivedAt, true)}>{formatShort(item.receivedAt)}</time>;
    case 'ticket':
      return <TicketCell item={item} mark={mark?.(item)} showHighlights={showHighlights} />;
    case 'channel':
      return <ChannelText channel={item.channel} />;
    case 'category': {
      const fine = item.fineCategory?.split(' / ').filter((part) => part && part !== item.category).at(-1);
      return (
        <span className="stack" title={item.fineCategory}>
          <span>{item.category ?? '—'}</span>
          {fine ? <span className="muted small ellipsis">{fine}</span> : null}
        </span>
      );
    }
    case 'department':
      return item.department?.name ?? <span className="muted">—</span>;
    case 'district':
      return item.district ? <span>{item.district}{item.street ? <span className="muted small"> {item.street}</span> : null}</span> : <span className="muted">—</span>;
    case 'status':
      return <StatusBadge status={item.status} />;
    case 'priority':
      return <PriorityBadge priority={item.priority} />;
    case 'light':
      return <LightBadge light={runningLight(item)} />;
    case 'deadline':
      return <CurrentDeadline ticket={item} now={now} />;
    case 'signForBy':
      return <DeadlineCell due={item.signForBy} now={now} />;
    case 'resolveBy':
      return <DeadlineCell due={item.resolveBy} now={now} />;
  }
}

export function TicketCell({ item, mark, showHighlights }: { item: TicketSummary; mark?: ReactNode; showHighlights?: boolean }) {
  const titleHighlight = showHighlights ? item.highlights?.title?.[0] : undefined;
  const bodyHighlights = showHighlights ? item.highlights?.body ?? [] : [];
  return (
    <div className="ticket-cell">
      <div className="ticket-cell-head">
        {mark}
        <a href={ticketHref(item.ticketId)} className="ticket-id">{item.ticketId}</a>
        <span className="ticket-title">{titleHighlight ? <Highlight html={titleHighlight} testId="highlight-title" /> : item.title ?? ''}</span>
      </div>
      {bodyHighlights.length > 0 ? (
        <div className="ticket-excerpt" data-testid="highlight-body">
          {bodyHighlights.map((fragment, index) => (
            <span key={index} className="fragment">
              <Highlight html={fragment} />
              {index < bodyHighlights.length - 1 ? <span className="muted"> … </span> : null}
            </span>
          ))}
        </div>
      ) : (
        <div className="ticket-excerpt">{item.excerpt}</div>
      )}
    </div>
  );
}
