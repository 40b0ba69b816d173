/** Classification metrics: confusion matrix, per-class precision/recall/F1, macro-F1, precision/coverage curve. */

export interface ClassMetrics {
  readonly label: string;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Gold examples of this class. */
  readonly support: number;
  /** Examples predicted as this class. */
  readonly predicted: number;
}

export interface Evaluation {
  readonly n: number;
  readonly accuracy: number;
  /** Unweighted mean F1 over the classes that occur in the gold labels or the predictions. */
  readonly macroF1: number;
  /** Row = gold label, column = predicted label, both in `labels` order. */
  readonly confusion: number[][];
  readonly labels: string[];
  readonly perClass: ClassMetrics[];
}

/**
 * Scores predictions against gold labels. `labels` fixes the order of the matrix; labels met in the data but not
 * listed are appended in order of first appearance.
 */
export function evaluate(labels: readonly string[], gold: readonly string[], predicted: readonly string[]): Evaluation {
  if (gold.length !== predicted.length) throw new Error('gold and predicted differ in length');
  const order = [...labels];
  const position = new Map<string, number>();
  order.forEach((label, i) => position.set(label, i));
  const indexOf = (label: string): number => {
    let i = position.get(label);
    if (i === undefined) {
      i = order.length;
      order.push(label);
      position.set(label, i);
    }
    return i;
  };
  const pairs: Array<[number, number]> = gold.map((g, i) => [indexOf(g), indexOf(predicted[i] as string)]);
  const size = order.length;
  const confusion = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  let correct = 0;
  for (const [g, p] of pairs) {
    const row = confusion[g] as number[];
    row[p] = (row[p] as number) + 1;
    if (g === p) correct++;
  }
  const perClass: ClassMetrics[] = order.map((label, i) => {
    const tp = (confusion[i] as number[])[i] as number;
    const support = (confusion[i] as number[]).reduce((a, b) => a + b, 0);
    const predictedCount = confusion.reduce((a, row) => a + (row[i] as number), 0);
    const precision = predictedCount > 0 ? tp / predictedCount : 0;
    const recall = support > 0 ? tp / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support, predicted: predictedCount };
  });
  const present = perClass.filter((m) => m.support > 0 || m.predicted > 0);
  const macroF1 = present.length > 0 ? present.reduce((a, m) => a + m.f1, 0) / present.length : 0;
  const n = gold.length;
  return { n, accuracy: n > 0 ? correct / n : 0, macroF1, confusion, labels: order, perClass };
}

export interface CoveragePoint {
  /** Predictions with confidence ≥ threshold are kept. */
  readonly threshold: number;
  /** Share of all examples kept. */
  readonly coverage: number;
  /** Accuracy among the kept examples. */
  readonly precision: number;
  readonly kept: number;
}

/**
 * Precision of the kept predictions against the share kept, when only predictions at or above a confidence
 * threshold are kept: one point per distinct confidence, from the most confident down to keeping everything.
 */
export function precisionCoverageCurve(confidence: readonly number[], correct: readonly boolean[]): CoveragePoint[] {
  const n = confidence.length;
  if (n !== correct.length) throw new Error('confidence and correct differ in length');
  const order = confidence.map((_, i) => i).sort((a, b) => (confidence[b] as number) - (confidence[a] as number) || a - b);
  const points: CoveragePoint[] = [];
  let hits = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k] as number;
    if (correct[i]) hits++;
    const next = order[k + 1];
    if (next !== undefined && confidence[next] === confidence[i]) continue;
    points.push({ threshold: confidence[i] as number, coverage: (k + 1) / n, precision: hits / (k + 1), kept: k + 1 });
  }
  return points;
}

/** The point of a precision/coverage curve with the largest coverage whose precision reaches `target`, if any. */
export function coverageAtPrecision(curve: readonly CoveragePoint[], target: number): CoveragePoint | undefined {
  let best: CoveragePoint | undefined;
  for (const point of curve) if (point.precision >= target && (!best || point.coverage > best.coverage)) best = point;
  return best;
}
