import type { ProjectionContext } from '@hotline/lifecycle';
import { computeDeadlines, extendDeadline, toEpochMs, toShanghaiIso, type SlaConfig, type WorkingCalendar } from '@hotline/sla';
import { toIndexTokens, tokensFromCuts } from '@hotline/text';

/** What the projection needs to fold events: jieba tokens for search, and SLA arithmetic on this city's policy. */
export function createProjectionContext(sla: SlaConfig, calendar: WorkingCalendar): ProjectionContext {
  /** The instant a share of a clock's window is used, on its basis (working time skips weekends and holidays). */
  const warnAt = (startAt: string, due: string, share: number, basis: 'working' | 'calendar'): string => {
    if (basis === 'calendar') return toShanghaiIso(toEpochMs(startAt) + share * (toEpochMs(due) - toEpochMs(startAt)));
    return toShanghaiIso(calendar.addWorkingTime(startAt, Math.max(0, share * calendar.workingTimeBetween(startAt, due))).getTime());
  };
  return {
    indexTokens: (text, cuts) => (cuts !== undefined ? tokensFromCuts(text, cuts)?.join(' ') : undefined) ?? toIndexTokens(text),
    deadlines: (input) => {
      const { clocks, ...deadlines } = computeDeadlines(input, sla.policy, calendar);
      const clock = (name: keyof typeof clocks) => {
        const { due, basis, duration, yellowAt } = clocks[name];
        return { due, basis, duration, warnAt: warnAt(input.startAt, due, yellowAt, basis) };
      };
      const all = { signFor: clock('signFor'), firstContact: clock('firstContact'), resolve: clock('resolve') };
      return {
        startAt: input.startAt,
        ...deadlines,
        signForWarnAt: all.signFor.warnAt,
        firstContactWarnAt: all.firstContact.warnAt,
        resolveWarnAt: all.resolve.warnAt,
        clocks: all,
      };
    },
    extend: (due, amount, basis) => extendDeadline(due, amount, basis, calendar).due,
  };
}
