import type { SlaClock } from '@hotline/contracts';
import type { ProjectionContext } from '@hotline/lifecycle';
import { computeDeadlines, computeFollowUpDeadline, extendClock, periodsOf, type ClockDeadline, type SlaConfig, type WorkingCalendar } from '@hotline/sla';
import { toIndexTokens, tokensFromCuts } from '@hotline/text';

/** What the projection needs to fold events: jieba tokens for search, and SLA arithmetic on this city's policy. */
export function createProjectionContext(sla: SlaConfig, calendar: WorkingCalendar): ProjectionContext {
  const workingHours = periodsOf(sla.policy.workingTime);
  const stored = ({ due, basis, duration, warnAt, yellowAt }: ClockDeadline): SlaClock => ({ due, basis, duration, warnAt, yellowAt });
  return {
    // Triage's events carry where jieba cut the text, so the tracker segments only events written without cuts (older
    // logs); jieba's dictionaries (about 240 MiB resident) load at the first such event, and most trackers never load them.
    indexTokens: (text, cuts) => (cuts !== undefined ? tokensFromCuts(text, cuts)?.join(' ') : undefined) ?? toIndexTokens(text),
    deadlines: (input) => {
      const { clocks, ...deadlines } = computeDeadlines(input, sla.policy, calendar);
      return {
        startAt: input.startAt,
        ...deadlines,
        signForWarnAt: clocks.signFor.warnAt,
        firstContactWarnAt: clocks.firstContact.warnAt,
        resolveWarnAt: clocks.resolve.warnAt,
        clocks: { signFor: stored(clocks.signFor), firstContact: stored(clocks.firstContact), resolve: stored(clocks.resolve) },
      };
    },
    extend: (clock, startAt, amount) => {
      const { due, warnAt } = extendClock({ startAt, due: clock.due, basis: clock.basis, yellowAt: clock.yellowAt ?? sla.policy.lights.yellowAt }, amount, calendar, workingHours);
      return { ...clock, due, warnAt };
    },
    followUpClock: (resolvedAt) => {
      const followUp = computeFollowUpDeadline(resolvedAt, sla.policy, calendar);
      return followUp ? stored(followUp.clock) : undefined;
    },
  };
}
