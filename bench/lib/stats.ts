/** Nearest-rank percentile of an ascending list (NaN when empty). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const median = (values: readonly number[]): number => percentile([...values].sort((a, b) => a - b), 50);

export interface Percentiles {
  n: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

/** p50/p90/p95/p99/max of a sample, rounded to `digits` decimals. */
export function percentiles(values: readonly number[], digits = 0): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (value: number) => +value.toFixed(digits);
  return { n: sorted.length, p50: round(percentile(sorted, 50)), p90: round(percentile(sorted, 90)), p95: round(percentile(sorted, 95)), p99: round(percentile(sorted, 99)), max: round(sorted.at(-1) ?? NaN) };
}

/**
 * The lowest rate over any `window` seconds of a progress series ([seconds, count so far] samples, in time order)
 * between `from` and `to` seconds; null when they are less than a window apart.
 */
export function lowestRate(samples: ReadonlyArray<readonly [number, number, ...number[]]>, from: number, to: number, window = 5): number | null {
  let lowest: number | null = null;
  for (const [t, count] of samples) {
    if (t < from || t + window > to) continue;
    const later = samples.find(([u]) => u >= t + window)!;
    const rate = (later[1] - count) / (later[0] - t);
    lowest = lowest === null ? rate : Math.min(lowest, rate);
  }
  return lowest;
}

/** The last sample of each whole second (and the last of all): about one a second, for a chart. */
export function perSecond<T extends readonly [number, ...number[]]>(samples: readonly T[]): T[] {
  return samples.filter(([t], index) => index === samples.length - 1 || Math.floor(t) !== Math.floor(samples[index + 1]![0]));
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
