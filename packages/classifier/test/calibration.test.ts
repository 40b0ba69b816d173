import { describe, expect, it } from 'vitest';
import { expectedCalibrationError, fitTemperature, meanNegativeLogLikelihood, softmax } from '../src/calibration.ts';
import { seededRandom } from '../src/rng.ts';

describe('softmax', () => {
  it('sums to 1, keeps the order, and ignores a constant shift', () => {
    const p = softmax([2, 1, 0]);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(p[0]).toBeGreaterThan(p[1] as number);
    expect(p[1]).toBeGreaterThan(p[2] as number);
    const shifted = softmax([1002, 1001, 1000]);
    shifted.forEach((v, i) => expect(v).toBeCloseTo(p[i] as number, 12));
  });

  it('matches the closed form for two classes', () => {
    const [a] = softmax([1, 0]);
    expect(a).toBeCloseTo(1 / (1 + Math.exp(-1)), 12);
  });

  it('is flattened by a temperature above 1 and sharpened by one below 1', () => {
    const logits = [3, 1, 0];
    const t1 = softmax(logits)[0] as number;
    expect(softmax(logits, 2)[0]).toBeLessThan(t1);
    expect(softmax(logits, 0.5)[0]).toBeGreaterThan(t1);
    // Dividing the logits by T is the same as a temperature of T.
    softmax(logits, 2).forEach((v, i) => expect(v).toBeCloseTo(softmax(logits.map((z) => z / 2))[i] as number, 12));
  });
});

describe('temperature scaling', () => {
  it('recovers the temperature that generated the labels', () => {
    const random = seededRandom(42);
    const classes = 4;
    const rows = 4000;
    const logits = new Float64Array(rows * classes);
    const labels = new Int32Array(rows);
    for (let r = 0; r < rows; r++) {
      const z = Array.from({ length: classes }, () => random() * 8 - 4);
      z.forEach((v, c) => (logits[r * classes + c] = v));
      const p = softmax(z, 2);
      let u = random();
      let label = 0;
      while (label < classes - 1 && u > (p[label] as number)) u -= p[label++] as number;
      labels[r] = label;
    }
    const t = fitTemperature(logits, labels, classes);
    expect(t).toBeGreaterThan(1.8);
    expect(t).toBeLessThan(2.2);
    expect(meanNegativeLogLikelihood(logits, labels, classes, t)).toBeLessThanOrEqual(
      meanNegativeLogLikelihood(logits, labels, classes, 1),
    );
  });
});

describe('expected calibration error', () => {
  it('is 0 when confidence matches accuracy per bin, and the weighted gap otherwise', () => {
    expect(expectedCalibrationError([0.75, 0.75, 0.75, 0.75], [true, true, true, false], 10)).toBeCloseTo(0, 12);
    // Bin [0.9, 1.0): two predictions at 0.95, one right → gap 0.45; bin [0.5, 0.6): two at 0.55, both right → 0.45.
    expect(expectedCalibrationError([0.95, 0.95, 0.55, 0.55], [true, false, true, true], 10)).toBeCloseTo(0.45, 12);
    expect(expectedCalibrationError([], [])).toBe(0);
  });
});
