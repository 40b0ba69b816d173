import type { ProjectionContext } from '@hotline/lifecycle';
import { computeDeadlines, extendDeadline, type SlaConfig, type WorkingCalendar } from '@hotline/sla';
import { toIndexTokens } from '@hotline/text';

/** What the projection needs to fold events: jieba tokens for search, and SLA arithmetic on this city's policy. */
export function createProjectionContext(sla: SlaConfig, calendar: WorkingCalendar): ProjectionContext {
  return {
    tokenize: toIndexTokens,
    deadlines: (input) => ({ startAt: input.startAt, ...computeDeadlines(input, sla.policy, calendar) }),
    extend: (due, amount, basis) => extendDeadline(due, amount, basis, calendar).due,
  };
}
