/**
 * One-vs-rest linear SVM with the squared hinge loss and L2 regularisation, trained by dual coordinate descent
 * (Hsieh et al. 2008, liblinear's `-s 1`), with a seeded visiting order, so the same data and options give the
 * same weights. Per class c: minimise ½‖w‖² + C · Σᵢ max(0, 1 − yᵢ (w·xᵢ + b))² with yᵢ = +1 for class c and −1
 * otherwise; the bias is an extra constant feature (so it is regularised too, as in liblinear).
 *
 * Its margins are not probabilities: the pipeline turns them into logits by a temperature fitted on held-out data.
 */
import { seededRandom, shuffleInPlace } from '../rng.ts';
import type { SparseDataset } from './sparse.ts';
import type { SoftmaxWeights } from './softmax-regression.ts';

export interface LinearSvmOptions {
  /** Cost of a margin violation (larger = less regularisation). */
  readonly C: number;
  /** Passes over the data at most; a class stops earlier once the largest projected gradient is below `tolerance`. */
  readonly maxPasses: number;
  readonly tolerance: number;
  /** Value of the constant bias feature. */
  readonly biasFeature: number;
  readonly seed: number;
}

export function trainLinearSvm(data: SparseDataset, options: LinearSvmOptions): SoftmaxWeights {
  const { rows, dimension, classes, rowStart, indices, values, labels } = data;
  const weights = new Float64Array(dimension * classes);
  const bias = new Float64Array(classes);
  const w = new Float64Array(dimension);
  const alpha = new Float64Array(rows);
  const diagonal = new Float64Array(rows);
  const b2 = options.biasFeature * options.biasFeature;
  const D = 1 / (2 * options.C);
  for (let r = 0; r < rows; r++) {
    let s = b2;
    for (let k = rowStart[r] as number; k < (rowStart[r + 1] as number); k++) s += (values[k] as number) ** 2;
    diagonal[r] = s + D;
  }
  const random = seededRandom(options.seed);
  const order = Array.from({ length: rows }, (_, i) => i);
  for (let c = 0; c < classes; c++) {
    w.fill(0);
    alpha.fill(0);
    let wb = 0;
    for (let pass = 0; pass < options.maxPasses; pass++) {
      shuffleInPlace(order, random);
      let maxViolation = 0;
      for (const r of order) {
        const y = labels[r] === c ? 1 : -1;
        const from = rowStart[r] as number;
        const to = rowStart[r + 1] as number;
        let dot = wb * options.biasFeature;
        for (let k = from; k < to; k++) dot += (w[indices[k] as number] as number) * (values[k] as number);
        const a = alpha[r] as number;
        const gradient = y * dot - 1 + D * a;
        const projected = a === 0 ? Math.min(gradient, 0) : gradient;
        maxViolation = Math.max(maxViolation, Math.abs(projected));
        if (projected === 0) continue;
        const next = Math.max(a - gradient / (diagonal[r] as number), 0);
        alpha[r] = next;
        const delta = (next - a) * y;
        for (let k = from; k < to; k++) {
          const j = indices[k] as number;
          w[j] = (w[j] as number) + delta * (values[k] as number);
        }
        wb += delta * options.biasFeature;
      }
      if (maxViolation < options.tolerance) break;
    }
    for (let j = 0; j < dimension; j++) weights[j * classes + c] = w[j] as number;
    bias[c] = wb * options.biasFeature;
  }
  return { weights, bias };
}
