/** Softmax with a temperature, and the two calibration tools around it: temperature fitting and ECE. */

/** Writes softmax(logits / temperature) into `out` (numerically stable); returns `out`. */
export function softmaxInto(logits: ArrayLike<number>, temperature: number, out: Float64Array): Float64Array {
  const n = logits.length;
  let max = -Infinity;
  for (let i = 0; i < n; i++) max = Math.max(max, (logits[i] as number) / temperature);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const e = Math.exp((logits[i] as number) / temperature - max);
    out[i] = e;
    sum += e;
  }
  for (let i = 0; i < n; i++) out[i] = (out[i] as number) / sum;
  return out;
}

export function softmax(logits: readonly number[], temperature = 1): number[] {
  return Array.from(softmaxInto(logits, temperature, new Float64Array(logits.length)));
}

/**
 * Mean negative log-likelihood of `labels` under softmax(logits / T). `logits` holds one row of `classes` values
 * per example.
 */
export function meanNegativeLogLikelihood(logits: Float64Array, labels: Int32Array, classes: number, temperature: number): number {
  const n = labels.length;
  if (n === 0) return 0;
  let total = 0;
  for (let r = 0; r < n; r++) {
    const base = r * classes;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, (logits[base + c] as number) / temperature);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp((logits[base + c] as number) / temperature - max);
    total += max + Math.log(sum) - (logits[base + (labels[r] as number)] as number) / temperature;
  }
  return total / n;
}

/**
 * The temperature T in [0.05, 20] that minimises the mean NLL of softmax(logits / T) (golden-section search on
 * ln T; the NLL is unimodal in T for fixed logits).
 */
export function fitTemperature(logits: Float64Array, labels: Int32Array, classes: number): number {
  const nll = (logT: number): number => meanNegativeLogLikelihood(logits, labels, classes, Math.exp(logT));
  let lo = Math.log(0.05);
  let hi = Math.log(20);
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = hi - ratio * (hi - lo);
  let b = lo + ratio * (hi - lo);
  let fa = nll(a);
  let fb = nll(b);
  for (let i = 0; i < 80 && hi - lo > 1e-6; i++) {
    if (fa <= fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - ratio * (hi - lo);
      fa = nll(a);
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + ratio * (hi - lo);
      fb = nll(b);
    }
  }
  return Math.exp((lo + hi) / 2);
}

/**
 * Expected calibration error of top-1 confidences: equal-width bins over [0, 1], the support-weighted mean of
 * |accuracy − mean confidence| per bin.
 */
export function expectedCalibrationError(confidence: readonly number[], correct: readonly boolean[], bins = 15): number {
  const n = confidence.length;
  if (n !== correct.length) throw new Error('confidence and correct differ in length');
  if (n === 0) return 0;
  const count = new Float64Array(bins);
  const confSum = new Float64Array(bins);
  const hits = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    const p = confidence[i] as number;
    const bin = Math.min(bins - 1, Math.max(0, Math.floor(p * bins)));
    count[bin] = (count[bin] as number) + 1;
    confSum[bin] = (confSum[bin] as number) + p;
    if (correct[i]) hits[bin] = (hits[bin] as number) + 1;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    const m = count[b] as number;
    if (m > 0) ece += (m / n) * Math.abs((hits[b] as number) / m - (confSum[b] as number) / m);
  }
  return ece;
}
