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

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
