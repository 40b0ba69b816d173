/** The evaluation report: a self-contained HTML page with inline SVG (no scripts, no external resources). */
import type { CoveragePoint, Evaluation } from './metrics.ts';

export interface ReliabilityBin {
  readonly from: number;
  readonly to: number;
  readonly count: number;
  readonly accuracy: number;
  readonly meanConfidence: number;
}

export interface EvaluationReportInput {
  readonly title: string;
  readonly modelVersion: string;
  readonly inputName: string;
  readonly evaluation: Evaluation;
  readonly curve: readonly CoveragePoint[];
  readonly reliability: readonly ReliabilityBin[];
  readonly ece: number;
  readonly msgsPerSecond: number;
}

export function reliabilityBins(confidence: readonly number[], correct: readonly boolean[], bins = 10): ReliabilityBin[] {
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++) {
    const from = b / bins;
    const to = (b + 1) / bins;
    let count = 0;
    let hits = 0;
    let sum = 0;
    confidence.forEach((p, i) => {
      if (Math.min(bins - 1, Math.floor(p * bins)) !== b) return;
      count++;
      sum += p;
      if (correct[i]) hits++;
    });
    out.push({ from, to, count, accuracy: count ? hits / count : 0, meanConfidence: count ? sum / count : 0 });
  }
  return out;
}

const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

const W = 520;
const H = 360;
const PAD = { left: 56, right: 16, top: 16, bottom: 44 };

function axes(xLabel: string, yLabel: string, yMin: number): string {
  const parts: string[] = [];
  const iw = W - PAD.left - PAD.right;
  const ih = H - PAD.top - PAD.bottom;
  for (let i = 0; i <= 10; i++) {
    const x = PAD.left + (i / 10) * iw;
    parts.push(`<line x1="${x}" y1="${PAD.top}" x2="${x}" y2="${PAD.top + ih}" class="grid"/>`);
    if (i % 2 === 0) parts.push(`<text x="${x}" y="${PAD.top + ih + 16}" text-anchor="middle">${(i / 10).toFixed(1)}</text>`);
    const yValue = yMin + (i / 10) * (1 - yMin);
    const y = PAD.top + ih - (i / 10) * ih;
    parts.push(`<line x1="${PAD.left}" y1="${y}" x2="${PAD.left + iw}" y2="${y}" class="grid"/>`);
    if (i % 2 === 0) parts.push(`<text x="${PAD.left - 6}" y="${y + 4}" text-anchor="end">${yValue.toFixed(2)}</text>`);
  }
  parts.push(`<rect x="${PAD.left}" y="${PAD.top}" width="${iw}" height="${ih}" class="frame"/>`);
  parts.push(`<text x="${PAD.left + iw / 2}" y="${H - 8}" text-anchor="middle">${escape(xLabel)}</text>`);
  parts.push(`<text transform="translate(14 ${PAD.top + ih / 2}) rotate(-90)" text-anchor="middle">${escape(yLabel)}</text>`);
  return parts.join('');
}

function project(x: number, y: number, yMin: number): [number, number] {
  const iw = W - PAD.left - PAD.right;
  const ih = H - PAD.top - PAD.bottom;
  return [PAD.left + x * iw, PAD.top + ih - ((y - yMin) / (1 - yMin)) * ih];
}

/** Precision of kept predictions (y) against the share kept (x) as the confidence threshold falls. */
export function coverageSvg(curve: readonly CoveragePoint[]): string {
  const lowest = curve.reduce((m, p) => Math.min(m, p.precision), 1);
  const yMin = Math.max(0, Math.floor(lowest * 10) / 10 - 0.1);
  const path = curve.map((p, i) => {
    const [x, y] = project(p.coverage, p.precision, yMin);
    return `${i === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`;
  });
  const marks = [0.9, 0.8, 0.7, 0.6, 0.5]
    .map((threshold) => {
      const kept = curve.filter((p) => p.threshold >= threshold);
      const point = kept[kept.length - 1];
      if (!point) return '';
      const [x, y] = project(point.coverage, point.precision, yMin);
      return `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="3.5" class="mark"/><text x="${(x + 6).toFixed(1)}" y="${(y - 6).toFixed(1)}">p≥${threshold}</text>`;
    })
    .join('');
  return `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="precision against coverage">${axes('coverage (share of messages kept)', 'precision of kept', yMin)}<path d="${path.join('')}" class="line"/>${marks}</svg>`;
}

/** Accuracy per confidence bin against the diagonal of perfect calibration. */
export function reliabilitySvg(bins: readonly ReliabilityBin[]): string {
  const iw = W - PAD.left - PAD.right;
  const bars = bins
    .filter((b) => b.count > 0)
    .map((b) => {
      const [x0, y] = project(b.from, b.accuracy, 0);
      const [, y0] = project(0, 0, 0);
      const width = (b.to - b.from) * iw - 2;
      return `<rect x="${(x0 + 1).toFixed(1)}" y="${y.toFixed(1)}" width="${width.toFixed(1)}" height="${(y0 - y).toFixed(1)}" class="bar"><title>${b.count} messages, accuracy ${pct(b.accuracy)}, mean confidence ${pct(b.meanConfidence)}</title></rect>`;
    })
    .join('');
  const [dx0, dy0] = project(0, 0, 0);
  const [dx1, dy1] = project(1, 1, 0);
  return `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="reliability diagram">${axes('confidence', 'accuracy', 0)}${bars}<line x1="${dx0}" y1="${dy0}" x2="${dx1}" y2="${dy1}" class="diag"/></svg>`;
}

function confusionHtml(evaluation: Evaluation): string {
  const head = evaluation.labels.map((l) => `<th>${escape(l)}</th>`).join('');
  const rows = evaluation.labels
    .map((label, i) => {
      const row = evaluation.confusion[i] as number[];
      const total = row.reduce((a, b) => a + b, 0);
      const cells = row
        .map((count, j) => {
          const share = total > 0 ? count / total : 0;
          const hue = i === j ? 140 : 0;
          const style = count > 0 ? ` style="background:hsla(${hue},65%,45%,${(0.1 + 0.8 * share).toFixed(2)})"` : '';
          return `<td${style} title="${pct(share)} of ${escape(label)}">${count}</td>`;
        })
        .join('');
      return `<tr><th>${escape(label)}</th>${cells}<td class="total">${total}</td></tr>`;
    })
    .join('');
  return `<table class="confusion"><thead><tr><th>gold ↓ / predicted →</th>${head}<th>total</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function perClassHtml(evaluation: Evaluation): string {
  const rows = evaluation.perClass
    .map((m) => `<tr><th>${escape(m.label)}</th><td>${m.precision.toFixed(3)}</td><td>${m.recall.toFixed(3)}</td><td>${m.f1.toFixed(3)}</td><td>${m.support}</td><td>${m.predicted}</td></tr>`)
    .join('');
  return `<table><thead><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th><th>predicted</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function coverageTable(curve: readonly CoveragePoint[]): string {
  const rows = [0.95, 0.9, 0.8, 0.7, 0.6, 0.5, 0]
    .map((threshold) => {
      const kept = curve.filter((p) => p.threshold >= threshold);
      const point = kept[kept.length - 1];
      return `<tr><td>${threshold.toFixed(2)}</td><td>${point ? pct(point.coverage) : '0%'}</td><td>${point ? pct(point.precision) : '–'}</td></tr>`;
    })
    .join('');
  return `<table><thead><tr><th>confidence ≥</th><th>share kept</th><th>precision of kept</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export function renderEvaluationReport(input: EvaluationReportInput): string {
  const e = input.evaluation;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(input.title)}</title>
<style>
body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;margin:2rem;color:#222;max-width:1100px}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:right}
th{background:#f4f4f4;text-align:left}td.total{color:#666}.confusion td{min-width:3.5rem}
svg text{font-size:11px;fill:#333}.grid{stroke:#eee}.frame{fill:none;stroke:#999}.line{fill:none;stroke:#1f6feb;stroke-width:2}
.mark{fill:#d1242f}.bar{fill:#1f6feb;fill-opacity:.6}.diag{stroke:#d1242f;stroke-dasharray:4 3}
.figures{display:flex;flex-wrap:wrap;gap:2rem}.summary td{text-align:left}
</style></head><body>
<h1>${escape(input.title)}</h1>
<table class="summary">
<tr><th>model</th><td><code>${escape(input.modelVersion)}</code></td></tr>
<tr><th>input</th><td>${escape(input.inputName)}</td></tr>
<tr><th>messages</th><td>${e.n}</td></tr>
<tr><th>accuracy</th><td>${e.accuracy.toFixed(4)}</td></tr>
<tr><th>macro-F1</th><td>${e.macroF1.toFixed(4)}</td></tr>
<tr><th>ECE (top-1, 15 bins)</th><td>${input.ece.toFixed(4)}</td></tr>
<tr><th>throughput</th><td>${input.msgsPerSecond.toFixed(0)} messages/s (one thread, segmentation included)</td></tr>
</table>
<h2>Per class</h2>
${perClassHtml(e)}
<h2>Confusion matrix</h2>
${confusionHtml(e)}
<h2>Precision and coverage</h2>
<p>Keep only the predictions whose confidence reaches a threshold: how many messages are kept and how many of those
are right. Red points mark thresholds 0.9 … 0.5.</p>
<div class="figures"><div>${coverageSvg(input.curve)}</div><div>${coverageTable(input.curve)}</div></div>
<h2>Reliability</h2>
<p>Accuracy per confidence bin; a calibrated model follows the dashed diagonal.</p>
${reliabilitySvg(input.reliability)}
</body></html>
`;
}
