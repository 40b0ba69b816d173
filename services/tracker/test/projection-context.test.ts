import { fileURLToPath } from 'node:url';
import { createCalendar, loadSlaConfig } from '@hotline/sla';
import { describe, expect, it } from 'vitest';
import { createProjectionContext } from '../src/projection-context.ts';

const sla = loadSlaConfig(fileURLToPath(new URL('../../../config', import.meta.url)));
const calendar = createCalendar(sla.holidays);

describe('the tracker’s projection context', () => {
  it('stores each clock with its yellow point and share, and repeats the yellow points top-level for the sweep', () => {
    const deadlines = createProjectionContext(sla, calendar).deadlines({ priority: 'normal', startAt: '2025-11-14T19:00:00+08:00' });
    expect(deadlines.clocks.resolve).toEqual({ due: '2025-11-25T19:00:00+08:00', basis: 'working', duration: 'P7D', warnAt: '2025-11-24T09:24:00+08:00', yellowAt: 0.8 });
    expect([deadlines.signForWarnAt, deadlines.firstContactWarnAt, deadlines.resolveWarnAt]).toEqual([
      deadlines.clocks.signFor.warnAt,
      deadlines.clocks.firstContact.warnAt,
      deadlines.clocks.resolve.warnAt,
    ]);
  });

  it('moves the yellow point with an approved extension (延期), also for a clock stored without its share', () => {
    const context = createProjectionContext(sla, calendar);
    const { clocks, startAt } = context.deadlines({ priority: 'normal', startAt: '2025-11-14T19:00:00+08:00' });
    const expected = { ...clocks.resolve, due: '2025-12-02T19:00:00+08:00', warnAt: '2025-11-28T09:24:00+08:00' };
    expect(context.extend(clocks.resolve, startAt, 'P5D')).toEqual(expected);
    const { yellowAt: _share, ...withoutShare } = clocks.resolve;
    expect(context.extend(withoutShare, startAt, 'P5D')).toEqual({ ...withoutShare, due: expected.due, warnAt: expected.warnAt });
  });

  it('measures yellow points in office hours when the policy counts office hours', () => {
    const officeHours = { ...sla, policy: { ...sla.policy, workingTime: { model: 'business-hours' as const, periods: [{ start: '09:00', end: '12:00' }, { start: '13:30', end: '17:30' }], source: 'test' } } };
    const context = createProjectionContext(officeHours, calendar);
    const { clocks, startAt } = context.deadlines({ priority: 'normal', startAt: '2025-11-17T09:00:00+08:00' });
    // One working day is 7 office hours; 80 % of it is 5 h 36 min: 09:00–12:00, then 13:30 + 2 h 36 min.
    expect(clocks.signFor).toMatchObject({ due: '2025-11-17T17:30:00+08:00', warnAt: '2025-11-17T16:06:00+08:00' });
    // Extended by one office day, the window is 14 office hours and its yellow point 11 h 12 min in: Monday's 7 h,
    // then Tuesday 09:00–12:00 and 13:30 + 1 h 12 min.
    expect(context.extend(clocks.signFor, startAt, 'P1D')).toMatchObject({ due: '2025-11-18T17:30:00+08:00', warnAt: '2025-11-18T14:42:00+08:00' });
  });
});
