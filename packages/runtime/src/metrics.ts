/**
 * A small Prometheus text-format registry: counters and histograms, enough for /metrics on every service
 * (consumed, produced, dead-lettered, lag, processing latency) without a dependency.
 */
type Labels = Record<string, string>;

const labelKey = (labels: Labels) => Object.keys(labels).sort().map((key) => `${key}="${String(labels[key]).replace(/["\\\n]/g, '_')}"`).join(',');

export class Metrics {
  private readonly counters = new Map<string, { help: string; values: Map<string, number> }>();
  private readonly gauges = new Map<string, { help: string; values: Map<string, number> }>();
  private readonly histograms = new Map<string, { help: string; buckets: number[]; series: Map<string, { counts: number[]; sum: number; count: number }> }>();

  counter(name: string, help: string) {
    const entry = this.counters.get(name) ?? { help, values: new Map<string, number>() };
    this.counters.set(name, entry);
    return {
      inc: (labels: Labels = {}, by = 1) => {
        const key = labelKey(labels);
        entry.values.set(key, (entry.values.get(key) ?? 0) + by);
      },
    };
  }

  gauge(name: string, help: string) {
    const entry = this.gauges.get(name) ?? { help, values: new Map<string, number>() };
    this.gauges.set(name, entry);
    return { set: (value: number, labels: Labels = {}) => void entry.values.set(labelKey(labels), value) };
  }

  /** Buckets in seconds. */
  histogram(name: string, help: string, buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]) {
    const entry = this.histograms.get(name) ?? { help, buckets, series: new Map() };
    this.histograms.set(name, entry);
    return {
      observe: (seconds: number, labels: Labels = {}) => {
        const key = labelKey(labels);
        const series = entry.series.get(key) ?? { counts: entry.buckets.map(() => 0), sum: 0, count: 0 };
        entry.buckets.forEach((bound, index) => { if (seconds <= bound) series.counts[index] = (series.counts[index] ?? 0) + 1; });
        series.sum += seconds;
        series.count += 1;
        entry.series.set(key, series);
      },
    };
  }

  render(): string {
    const lines: string[] = [];
    const withLabels = (name: string, key: string, extra = '') => {
      const all = [key, extra].filter(Boolean).join(',');
      return all ? `${name}{${all}}` : name;
    };
    for (const [name, { help, values }] of this.counters) {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
      for (const [key, value] of values) lines.push(`${withLabels(name, key)} ${value}`);
    }
    for (const [name, { help, values }] of this.gauges) {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
      for (const [key, value] of values) lines.push(`${withLabels(name, key)} ${value}`);
    }
    for (const [name, { help, buckets, series }] of this.histograms) {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} histogram`);
      for (const [key, { counts, sum, count }] of series) {
        buckets.forEach((bound, index) => lines.push(`${withLabels(`${name}_bucket`, key, `le="${bound}"`)} ${counts[index]}`));
        lines.push(`${withLabels(`${name}_bucket`, key, 'le="+Inf"')} ${count}`, `${withLabels(`${name}_sum`, key)} ${sum}`, `${withLabels(`${name}_count`, key)} ${count}`);
      }
    }
    return `${lines.join('\n')}\n`;
  }
}
