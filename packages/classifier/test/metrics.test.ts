import { describe, expect, it } from 'vitest';
import { coverageAtPrecision, evaluate, precisionCoverageCurve } from '../src/metrics.ts';

describe('evaluate', () => {
  // gold A A A A B B C C C C, predicted A A A B B C C C C A
  const gold = ['A', 'A', 'A', 'A', 'B', 'B', 'C', 'C', 'C', 'C'];
  const predicted = ['A', 'A', 'A', 'B', 'B', 'C', 'C', 'C', 'C', 'A'];
  const e = evaluate(['A', 'B', 'C'], gold, predicted);

  it('builds the confusion matrix (rows gold, columns predicted)', () => {
    expect(e.confusion).toEqual([
      [3, 1, 0],
      [0, 1, 1],
      [1, 0, 3],
    ]);
    expect(e.n).toBe(10);
    expect(e.accuracy).toBeCloseTo(0.7, 12);
  });

  it('computes per-class precision, recall, F1 and macro-F1', () => {
    const [a, b, c] = e.perClass;
    expect(a).toMatchObject({ label: 'A', precision: 3 / 4, recall: 3 / 4, support: 4, predicted: 4 });
    expect(b).toMatchObject({ label: 'B', precision: 1 / 2, recall: 1 / 2, support: 2 });
    expect(c).toMatchObject({ label: 'C', precision: 3 / 4, recall: 3 / 4, support: 4 });
    expect(a?.f1).toBeCloseTo(0.75, 12);
    expect(b?.f1).toBeCloseTo(0.5, 12);
    expect(e.macroF1).toBeCloseTo((0.75 + 0.5 + 0.75) / 3, 12);
  });

  it('appends labels it was not given, and leaves absent classes out of macro-F1', () => {
    const x = evaluate(['A', 'B', 'Z'], ['A', 'Q'], ['A', 'A']);
    expect(x.labels).toEqual(['A', 'B', 'Z', 'Q']);
    expect(x.perClass.find((m) => m.label === 'Q')).toMatchObject({ support: 1, recall: 0, f1: 0 });
    // Present: A (P 1/2, R 1, F1 2/3) and Q (F1 0); B and Z never occur.
    expect(x.macroF1).toBeCloseTo((2 / 3 + 0) / 2, 12);
  });
});

describe('precisionCoverageCurve', () => {
  it('keeps the most confident predictions first, one point per distinct confidence', () => {
    const curve = precisionCoverageCurve([0.9, 0.6, 0.9, 0.3], [true, false, true, true]);
    expect(curve).toEqual([
      { threshold: 0.9, coverage: 0.5, precision: 1, kept: 2 },
      { threshold: 0.6, coverage: 0.75, precision: 2 / 3, kept: 3 },
      { threshold: 0.3, coverage: 1, precision: 3 / 4, kept: 4 },
    ]);
    expect(coverageAtPrecision(curve, 0.7)?.coverage).toBe(1);
    expect(coverageAtPrecision(curve, 0.99)?.coverage).toBe(0.5);
  });
});
