import { useState } from 'react';
import { api } from '../api.ts';
import { shanghaiDate } from '../format.ts';
import { useLoad, useNow } from '../hooks.ts';
import type { SlaCalendarResponse } from '../types.ts';

const RECHECK_MS = 6 * 3600_000;
const DISMISSED_KEY = 'hotline.calendarNotice.dismissed';

type CalendarWarning = NonNullable<SlaCalendarResponse['warning']>;

/** A dismissal holds for the day it was made and that warning only: the next day, or a graver warning, shows again. */
function dismissalOf(warning: CalendarWarning, now: number): string {
  return `${warning.code}:${warning.missingYear}:${shanghaiDate(new Date(now))}`;
}

/** localStorage, when the browser allows it (it throws where site storage is blocked). */
function storedDismissal(): string | null {
  try {
    return localStorage.getItem(DISMISSED_KEY);
  } catch {
    return null;
  }
}

/** What the missing holiday notice means for deadlines, and who must act. */
export function calendarNoticeText(warning: CalendarWarning): string {
  const year = warning.missingYear;
  const effect = `${year} 年的办理时限只按周末计算，不含法定节假日和调休`;
  const action = `请系统管理员在 config/holidays.json 中加入 ${year} 年国务院放假安排`;
  if (warning.code === 'SLA_CALENDAR_NOT_COVERED') return `节假日日历未覆盖 ${year} 年：${effect}。${action}。`;
  const left = warning.daysLeft === 0 ? '今天是最后一天' : `还剩 ${warning.daysLeft} 天`;
  return `节假日日历只覆盖到 ${warning.coveredUntil}（${left}）。${action}，否则 ${effect}。`;
}

/**
 * A standing notice while the holiday calendar is about to run out or has run out: working-day deadlines (签收、
 * 办结时限) past its end would silently ignore statutory holidays. Checked again every few hours. Only an
 * administrator can act on it; anyone may put it away for the day (今日不再提示).
 */
export function CalendarNotice() {
  const tick = useNow(RECHECK_MS);
  const { data } = useLoad((signal) => api.slaCalendar(signal), [tick]);
  const [dismissed, setDismissed] = useState(storedDismissal);
  if (!data?.warning) return null;
  const dismissal = dismissalOf(data.warning, tick);
  if (dismissed === dismissal) return null;
  const dismiss = () => {
    try {
      localStorage.setItem(DISMISSED_KEY, dismissal);
    } catch {
      // Blocked storage: put away until the page is reloaded.
    }
    setDismissed(dismissal);
  };
  return (
    <div className="notice notice-warn" role="status" data-testid="calendar-notice">
      <span>{calendarNoticeText(data.warning)}</span>
      <button type="button" className="btn btn-small" onClick={dismiss} data-testid="calendar-notice-dismiss">
        今日不再提示
      </button>
    </div>
  );
}
