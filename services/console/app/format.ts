// Times are shown in Asia/Shanghai whatever the browser's zone; durations and rates in Chinese.
const TIME_ZONE = 'Asia/Shanghai';

const dateTimeParts = new Intl.DateTimeFormat('zh-CN', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function parts(iso: string): Record<string, string> | undefined {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return undefined;
  return Object.fromEntries(dateTimeParts.formatToParts(date).map((part) => [part.type, part.value]));
}

/** 2026-11-26 21:05 */
export function formatDateTime(iso: string | undefined, withSeconds = false): string {
  if (!iso) return '—';
  const p = parts(iso);
  if (!p) return iso;
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}${withSeconds ? `:${p.second}` : ''}`;
}

/** 11-26 21:05 (for dense tables) */
export function formatShort(iso: string | undefined): string {
  if (!iso) return '—';
  const p = parts(iso);
  if (!p) return iso;
  return `${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

export function formatTime(iso: string | undefined): string {
  if (!iso) return '—';
  const p = parts(iso);
  return p ? `${p.hour}:${p.minute}:${p.second}` : iso;
}

/** The calendar date in Shanghai, YYYY-MM-DD (for date inputs). */
export function shanghaiDate(date: Date): string {
  const p = parts(date.toISOString());
  return p ? `${p.year}-${p.month}-${p.day}` : date.toISOString().slice(0, 10);
}

/** A date input's day as the ISO instant of its start (or end) in Shanghai. */
export function dayBoundary(day: string, end: boolean): string {
  return end ? `${day}T23:59:59.999+08:00` : `${day}T00:00:00+08:00`;
}

/** 3天4小时 / 2小时15分 / 12分 */
export function formatSpan(ms: number): string {
  const minutes = Math.max(0, Math.floor(Math.abs(ms) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours > 0 ? `${days}天${hours}小时` : `${days}天`;
  if (hours > 0) return mins > 0 ? `${hours}小时${mins}分` : `${hours}小时`;
  return `${mins}分`;
}

/** Remaining time to a deadline, or how long it has been overdue. */
export function remaining(due: string | undefined, now = Date.now()): { text: string; overdue: boolean } | undefined {
  if (!due) return undefined;
  const at = Date.parse(due);
  if (Number.isNaN(at)) return undefined;
  const diff = at - now;
  return diff >= 0 ? { text: `剩余 ${formatSpan(diff)}`, overdue: false } : { text: `超时 ${formatSpan(diff)}`, overdue: true };
}

/** P3D → 3天, PT12H → 12小时, P1DT4H → 1天4小时 */
export function formatIsoDuration(value: string | undefined): string {
  if (!value) return '—';
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(value);
  if (!match) return value;
  const [, d, h, m] = match;
  return [d ? `${d}天` : '', h ? `${h}小时` : '', m ? `${m}分钟` : ''].join('') || value;
}

export function formatPercent(rate: number | null | undefined, digits = 1): string {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return '—';
  return `${(rate * 100).toFixed(digits)}%`;
}

export function formatNumber(value: number | undefined): string {
  return value === undefined ? '—' : value.toLocaleString('zh-CN');
}
