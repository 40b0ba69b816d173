import { describe, expect, it } from 'vitest';
import { lowestRate, perSecond } from '../../bench/lib/stats.ts';

/** [seconds, count so far] every 0.1 s for `seconds`, at `rate` per second except while `stalled(t)`. */
function progress(seconds: number, rate: number, stalled: (t: number) => boolean = () => false): Array<[number, number]> {
  const samples: Array<[number, number]> = [];
  let count = 0;
  for (let step = 0; step <= seconds * 10; step++) {
    const t = step / 10;
    if (step > 0 && !stalled(t)) count += rate / 10;
    samples.push([t, Math.round(count)]);
  }
  return samples;
}

describe('bench figures: the slowest window of a burst', () => {
  it('is the steady rate when nothing stalls', () => {
    expect(lowestRate(progress(20, 1_000), 0, 20)).toBeCloseTo(1_000, 0);
  });

  it('counts a stall inside the window it falls in', () => {
    // Nothing comes out from 8 s to 10 s: the worst 5 s hold 3 s of progress.
    expect(lowestRate(progress(20, 1_000, (t) => t > 8 && t <= 10), 0, 20)).toBeCloseTo(600, 0);
  });

  it('looks only between the first and the last searchable ticket', () => {
    // A slow start before `from` is not a stall of the pipeline's.
    expect(lowestRate(progress(20, 1_000, (t) => t <= 3), 3, 20)).toBeCloseTo(1_000, 0);
  });

  it('has no figure for a burst shorter than the window', () => {
    expect(lowestRate(progress(4, 1_000), 0, 4)).toBeNull();
  });

  it('keeps one sample a second, the last of each, and the very last', () => {
    const samples: Array<[number, number]> = [[0.2, 1], [0.9, 2], [1.1, 3], [1.8, 4], [2.05, 5]];
    expect(perSecond(samples)).toEqual([[0.9, 2], [1.8, 4], [2.05, 5]]);
  });
});
