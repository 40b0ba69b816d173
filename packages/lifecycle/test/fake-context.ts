import type { ProjectionContext } from '../src/index.ts';

/** A projection context whose deadlines are readable strings, so tests can see which start and clock were used. */
export const fakeContext: ProjectionContext = {
  indexTokens: (text, cuts) => (cuts ? `cut:${cuts}` : [...text].join(' ')),
  deadlines: ({ priority, startAt, complex }) => {
    const resolve = complex ? 'P15D' : 'P7D';
    const clock = (duration: string) => ({ due: `${startAt}+${duration}`, basis: 'working' as const, duration, warnAt: `${startAt}+0.8×${duration}` });
    return {
      startAt,
      signForBy: `${startAt}+P1D`,
      firstContactBy: `${startAt}+P2D`,
      resolveBy: `${startAt}+${resolve}`,
      signForWarnAt: `${startAt}+0.8×P1D`,
      firstContactWarnAt: `${startAt}+0.8×P2D`,
      resolveWarnAt: `${startAt}+0.8×${resolve}`,
      clocks: { signFor: clock('P1D'), firstContact: clock('P2D'), resolve: clock(resolve) },
      warnings: [priority],
    };
  },
  extend: (clock, _startAt, amount) => ({ ...clock, due: `${clock.due}+${amount}`, warnAt: `${clock.warnAt}+0.8×${amount}` }),
  followUpClock: (resolvedAt) => ({ due: `${resolvedAt}+P3D`, basis: 'working', duration: 'P3D', warnAt: `${resolvedAt}+0.8×P3D`, yellowAt: 0.8 }),
};
