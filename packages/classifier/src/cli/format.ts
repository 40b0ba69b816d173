/** Plain-text tables for the command-line tools. */
import type { Evaluation } from '../metrics.ts';

/** Display width: CJK characters take two columns. */
function width(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\uffff]/.test(ch) ? 2 : 1;
  return w;
}

function padEnd(text: string, size: number): string {
  return text + ' '.repeat(Math.max(0, size - width(text)));
}

function padStart(text: string, size: number): string {
  return ' '.repeat(Math.max(0, size - width(text))) + text;
}

/** Per-class precision/recall/F1 and the confusion matrix. */
export function formatEvaluation(evaluation: Evaluation): string {
  const labelWidth = Math.max(8, ...evaluation.labels.map(width)) + 2;
  const lines: string[] = [];
  lines.push(`${padEnd('class', labelWidth)}precision  recall      F1  support`);
  for (const m of evaluation.perClass) {
    lines.push(
      `${padEnd(m.label, labelWidth)}${padStart(m.precision.toFixed(3), 9)}${padStart(m.recall.toFixed(3), 8)}${padStart(m.f1.toFixed(3), 8)}${padStart(String(m.support), 9)}`,
    );
  }
  lines.push(`${padEnd('accuracy', labelWidth)}${padStart(evaluation.accuracy.toFixed(4), 9)}   macro-F1 ${evaluation.macroF1.toFixed(4)}   n ${evaluation.n}`);
  lines.push('');
  lines.push('confusion matrix (rows: gold, columns: predicted, in the order above)');
  const cell = Math.max(5, ...evaluation.confusion.flat().map((v) => String(v).length + 1));
  lines.push(padEnd('', labelWidth + 4) + evaluation.labels.map((_, j) => padStart(`[${j + 1}]`, cell)).join(''));
  evaluation.labels.forEach((label, i) => {
    const row = evaluation.confusion[i] as number[];
    lines.push(padEnd(`[${i + 1}] ${label}`, labelWidth + 4) + row.map((v) => padStart(String(v), cell)).join(''));
  });
  return lines.join('\n');
}
