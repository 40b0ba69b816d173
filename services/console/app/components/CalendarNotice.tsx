import { api } from '../api.ts';
import { useLoad, useNow } from '../hooks.ts';
import type { SlaCalendarResponse } from '../types.ts';

const RECHECK_MS = 6 * 3600_000;

/** What the missing holiday notice means for deadlines, and who must act. */
export function calendarNoticeText(warning: NonNullable<SlaCalendarResponse['warning']>): string {
  const year = warning.missingYear;
  const effect = `${year} 年的办理时限只按周末计算，不含法定节假日和调休`;
  const action = `请系统管理员在 config/holidays.json 中加入 ${year} 年国务院放假安排`;
  if (warning.code === 'SLA_CALENDAR_NOT_COVERED') return `节假日日历未覆盖 ${year} 年：${effect}。${action}。`;
  const left = warning.daysLeft === 0 ? '今天是最后一天' : `还剩 ${warning.daysLeft} 天`;
  return `节假日日历只覆盖到 ${warning.coveredUntil}（${left}）。${action}，否则 ${effect}。`;
}

/**
 * A standing notice while the holiday calendar is about to run out or has run out: working-day deadlines (签收、
 * 办结时限) past its end would silently ignore statutory holidays. Checked again every few hours.
 */
export function CalendarNotice() {
  const tick = useNow(RECHECK_MS);
  const { data } = useLoad((signal) => api.slaCalendar(signal), [tick]);
  if (!data?.warning) return null;
  return (
    <div className="notice notice-warn" role="status" data-testid="calendar-notice">
      {calendarNoticeText(data.warning)}
    </div>
  );
}
