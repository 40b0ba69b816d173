/**
 * Evaluates a classifier model on labelled messages.
 *
 *   bash scripts/eval-classifier --input FILE.jsonl [--report DIR] [--model PATH] [--seconds N]
 *
 * Each input line is a JSON object with `title` (string or null), `body` and `category`; other fields are ignored.
 * Every row is scored on its top-1 class. stdout: per-class precision/recall/F1, the confusion matrix, and as the
 * last line one JSON object with n, accuracy, macroF1, msgsPerSecond (and more). stderr: progress.
 * Throughput is measured after the scoring pass (which warms up jieba, the model and the JIT), by classifying the
 * input rows again, from raw text, for at least --seconds (default 3) seconds on one thread.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { expectedCalibrationError } from '../calibration.ts';
import { DEFAULT_MODEL_PATH, loadClassifier } from '../classifier.ts';
import type { ClassificationInput } from '../classifier.ts';
import { tokenizerFingerprint } from '../features.ts';
import { evaluate, precisionCoverageCurve } from '../metrics.ts';
import { reliabilityBins, renderEvaluationReport } from '../report.ts';
import { tokenizeForFeatures } from '../tokenize.ts';
import { formatEvaluation } from './format.ts';

function fail(message: string): never {
  process.stderr.write(`eval-classifier: ${message}\n`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    input: { type: 'string' },
    report: { type: 'string' },
    model: { type: 'string', default: DEFAULT_MODEL_PATH },
    seconds: { type: 'string', default: '3' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});
const usage = 'usage: bash scripts/eval-classifier --input FILE.jsonl [--report DIR] [--model PATH] [--seconds N]\n';
if (values.help) {
  process.stdout.write(usage);
  process.exit(0);
}
if (!values.input) fail(`--input is required\n${usage}`);
const minSeconds = Number(values.seconds);
if (!(minSeconds > 0)) fail('--seconds must be a positive number');

const RowSchema = z.looseObject({
  title: z.unknown().optional(),
  body: z.unknown().optional(),
  category: z.string().min(1),
});

interface Row extends ClassificationInput {
  category: string;
}

const inputPath = resolve(values.input);
let text: string;
try {
  text = readFileSync(inputPath, 'utf8');
} catch (error) {
  fail(`cannot read ${inputPath}: ${(error as Error).message}`);
}
const rows: Row[] = [];
let missingBody = 0;
text.split('\n').forEach((line, i) => {
  if (line.trim().length === 0) return;
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    fail(`${inputPath}:${i + 1}: not JSON`);
  }
  const parsed = RowSchema.safeParse(json);
  if (!parsed.success) fail(`${inputPath}:${i + 1}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  const { title, body, category } = parsed.data;
  if (typeof body !== 'string') missingBody++;
  rows.push({ title: typeof title === 'string' ? title : null, body: typeof body === 'string' ? body : '', category });
});
if (rows.length === 0) fail(`${inputPath} holds no rows`);
if (missingBody > 0) process.stderr.write(`warning: ${missingBody} rows have no string body; scored on their title alone\n`);

const modelPath = resolve(values.model);
let classifier;
try {
  classifier = loadClassifier(modelPath);
} catch (error) {
  fail(`cannot load the model ${modelPath}: ${(error as Error).message}`);
}
const current = tokenizerFingerprint(tokenizeForFeatures);
if (current !== classifier.model.tokenizer.fingerprint) {
  process.stderr.write(
    `warning: the tokenizer cuts text differently from when ${classifier.version} was trained (fingerprint ${current} ≠ ${classifier.model.tokenizer.fingerprint}); retrain with scripts/train-classifier\n`,
  );
}

const progress = (phase: string, done: number, total: number): void => {
  const share = Math.min(1, done / total);
  const bar = '#'.repeat(Math.round(share * 30)).padEnd(30, '.');
  process.stderr.write(`\r${phase} [${bar}] ${(share * 100).toFixed(0).padStart(3)}%`);
};

// Scoring pass (also the warm-up).
const predicted: string[] = [];
const confidence: number[] = [];
let lastDraw = 0;
rows.forEach((row, i) => {
  const result = classifier.classify(row, 1);
  predicted.push(result.category);
  confidence.push(result.confidence);
  const now = performance.now();
  if (now - lastDraw > 100 || i === rows.length - 1) {
    progress('scoring   ', i + 1, rows.length);
    lastDraw = now;
  }
});
process.stderr.write('\n');

// Throughput: classify from raw text again for at least minSeconds.
let classified = 0;
const started = performance.now();
let elapsed = 0;
lastDraw = 0;
while (elapsed < minSeconds * 1000) {
  for (let i = 0; i < rows.length && elapsed < minSeconds * 1000; i++) {
    classifier.classify(rows[i] as Row);
    classified++;
    if ((classified & 63) === 0) {
      elapsed = performance.now() - started;
      if (elapsed - lastDraw > 100) {
        progress('throughput', elapsed, minSeconds * 1000);
        lastDraw = elapsed;
      }
    }
  }
  elapsed = performance.now() - started;
}
progress('throughput', 1, 1);
process.stderr.write('\n');
const msgsPerSecond = classified / (elapsed / 1000);

const gold = rows.map((row) => row.category);
const evaluation = evaluate(classifier.labels, gold, predicted);
const correct = predicted.map((p, i) => p === gold[i]);
const ece = expectedCalibrationError(confidence, correct, 15);
const curve = precisionCoverageCurve(confidence, correct);
const unknownLabels = evaluation.labels.filter((label) => !classifier.labels.includes(label));
// What the model's gating threshold does on this input: share routed automatically and how often it was right.
const threshold = classifier.gatingThreshold;
const kept = confidence.map((c, i) => (c >= threshold ? i : -1)).filter((i) => i >= 0);
const gating = {
  threshold: Number.isFinite(threshold) ? threshold : null,
  coverage: kept.length / rows.length,
  precision: kept.length > 0 ? kept.filter((i) => correct[i]).length / kept.length : null,
};

const lines = [
  `model ${classifier.version}`,
  `input ${inputPath} (${rows.length} rows)`,
  '',
  formatEvaluation(evaluation),
  '',
  `expected calibration error (15 bins): ${ece.toFixed(4)}`,
  gating.threshold === null
    ? 'gating: the model has no gating threshold'
    : `gating: confidence ≥ ${gating.threshold.toFixed(4)} routes ${(gating.coverage * 100).toFixed(1)}% automatically, ${gating.precision === null ? 'none' : `${(gating.precision * 100).toFixed(1)}%`} of them correct`,
  `throughput: ${msgsPerSecond.toFixed(0)} messages/s over ${(elapsed / 1000).toFixed(1)} s (${classified} classifications, one thread, segmentation included)`,
];
if (unknownLabels.length > 0) lines.push(`labels the model does not know (always wrong): ${unknownLabels.join(', ')}`);

if (values.report) {
  const dir = resolve(values.report);
  mkdirSync(dir, { recursive: true });
  const html = renderEvaluationReport({
    title: `Classifier evaluation: ${basename(inputPath)}`,
    modelVersion: classifier.version,
    inputName: basename(inputPath),
    evaluation,
    curve,
    reliability: reliabilityBins(confidence, correct, 10),
    ece,
    msgsPerSecond,
  });
  writeFileSync(join(dir, 'report.html'), html);
  writeFileSync(
    join(dir, 'metrics.json'),
    JSON.stringify({ modelVersion: classifier.version, input: inputPath, ...evaluation, ece, msgsPerSecond, curve }, null, 2) + '\n',
  );
  lines.push(`report: ${join(dir, 'report.html')}`);
}

const summary = {
  n: evaluation.n,
  accuracy: evaluation.accuracy,
  macroF1: evaluation.macroF1,
  msgsPerSecond: Math.round(msgsPerSecond),
  ece,
  gating,
  modelVersion: classifier.version,
  perClass: Object.fromEntries(
    evaluation.perClass.map((m) => [m.label, { precision: m.precision, recall: m.recall, f1: m.f1, support: m.support }]),
  ),
};
lines.push(JSON.stringify(summary));
process.stdout.write(lines.join('\n') + '\n');
