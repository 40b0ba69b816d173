// Small building blocks shared by the views: badges, deadline cells, notices, pagination, highlight fragments.
import type { ReactNode } from 'react';
import { errorText } from '../api.ts';
import { currentDeadline } from '../commands.ts';
import { CHANNEL_LABELS, CLOCK_LABELS, LIGHT_LABELS, PRIORITY_LABELS, STATUS_LABELS, label } from '../labels.ts';
import { formatDateTime, formatShort, remaining } from '../format.ts';
import type { Priority, SlaLight, TicketStatus } from '../types.ts';

export function StatusBadge({ status }: { status: TicketStatus }) {
  return <span className={`badge status status-${status}`}>{label(STATUS_LABELS, status)}</span>;
}

export function PriorityBadge({ priority }: { priority?: Priority }) {
  if (!priority) return <span className="muted">—</span>;
  return <span className={`badge priority priority-${priority}`}>{label(PRIORITY_LABELS, priority)}</span>;
}

export function LightBadge({ light }: { light?: SlaLight }) {
  if (!light) return <span className="muted">—</span>;
  return (
    <span className={`light light-${light}`}>
      <span className="light-dot" aria-hidden="true" />
      {label(LIGHT_LABELS, light)}
    </span>
  );
}

export function ChannelText({ channel }: { channel: string }) {
  return <span>{label(CHANNEL_LABELS, channel)}</span>;
}

/** A deadline with its remaining time (or how long overdue), for list rows. */
export function DeadlineCell({ due, now, clockLabel }: { due?: string; now: number; clockLabel?: string }) {
  if (!due) return <span className="muted">—</span>;
  const left = remaining(due, now);
  return (
    <span className="deadline">
      <span className="deadline-at">
        {clockLabel ? <span className="muted">{clockLabel} </span> : null}
        <time dateTime={due} title={formatDateTime(due)}>{formatShort(due)}</time>
      </span>
      {left ? <span className={left.overdue ? 'overdue' : 'remaining'}>{left.text}</span> : null}
    </span>
  );
}

/** The deadline that matters now for a row (sign-for, first contact while due, resolve, then 回访). */
export function CurrentDeadline({ ticket, now }: { ticket: { status: TicketStatus; signForBy?: string; firstContactBy?: string; resolveBy?: string; followUpBy?: string }; now: number }) {
  const current = currentDeadline(ticket);
  if (!current) return <span className="muted">—</span>;
  return <DeadlineCell due={current.due} now={now} clockLabel={CLOCK_LABELS[current.clock]} />;
}

export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (!error) return null;
  return (
    <div className="notice notice-error" role="alert">
      <span>{errorText(error)}</span>
      {onRetry ? (
        <button type="button" className="btn btn-small" onClick={onRetry}>重试</button>
      ) : null}
    </div>
  );
}

export function Loading({ show, text = '加载中…' }: { show: boolean; text?: string }) {
  if (!show) return null;
  return <span className="loading" role="status" aria-live="polite">{text}</span>;
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

export function Pagination({ page, pageSize, total, onPage }: { page: number; pageSize: number; total: number; onPage: (page: number) => void }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav className="pagination" aria-label="分页">
      <span className="muted">共 {total.toLocaleString('zh-CN')} 条 · 第 {page}/{pages} 页</span>
      <button type="button" className="btn btn-small" onClick={() => onPage(1)} disabled={page <= 1} aria-label="第一页">«</button>
      <button type="button" className="btn btn-small" data-testid="page-prev" onClick={() => onPage(page - 1)} disabled={page <= 1}>上一页</button>
      <button type="button" className="btn btn-small" data-testid="page-next" onClick={() => onPage(page + 1)} disabled={page >= pages}>下一页</button>
      <button type="button" className="btn btn-small" onClick={() => onPage(pages)} disabled={page >= pages} aria-label="最后一页">»</button>
    </nav>
  );
}

/**
 * A highlight fragment from the API: HTML-escaped text whose only markup is <mark>. Anything else that looks like
 * a tag is escaped again here, so nothing but <mark> can ever render.
 */
export function Highlight({ html, testId = 'highlight' }: { html: string; testId?: string }) {
  const safe = html.replace(/<(?!\/?mark>)/gi, '&lt;');
  return <span className="highlight" data-testid={testId} dangerouslySetInnerHTML={{ __html: safe }} />;
}

export function PageHeader({ title, children, subtitle }: { title: string; subtitle?: ReactNode; children?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle ? <p className="page-subtitle">{subtitle}</p> : null}
      </div>
      {children ? <div className="page-actions">{children}</div> : null}
    </header>
  );
}
