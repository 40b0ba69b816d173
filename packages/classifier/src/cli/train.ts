/**
 * Trains the message classifier and writes packages/classifier/model/classifier-v1.json.gz and MODEL_CARD.md.
 *
 *   bash scripts/train-classifier [--data DIR] [--out DIR] [--date YYYY-MM-DD] [--no-refit]
 *
 * --data defaults to ../shared/data/tipdm2020c relative to the repository root; --date (the training day in the
 * version string) defaults to today (UTC). Same data + same tokenizer + same date → byte-identical files.
 * --no-refit writes the model trained on the training split only (whose validation figures are then exactly the
 * file's); by default the committed weights are trained again on all labelled data after validation.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { serializeModel } from '../model.ts';
import { tokenizeForFeatures, TOKENIZER_ID } from '../tokenize.ts';
import { loadLabeledData, RAW_FILE, SEGMENTED_FILE } from '../train/data.ts';
import { renderModelCard } from '../train/model-card.ts';
import { DEFAULT_TRAINING_OPTIONS, trainClassifier } from '../train/pipeline.ts';
import { formatEvaluation } from './format.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL('../../', import.meta.url));
const MODEL_FILE = 'classifier-v1.json.gz';

function fail(message: string): never {
  process.stderr.write(`train-classifier: ${message}\n`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: join(REPO_ROOT, '..', 'shared', 'data', 'tipdm2020c') },
    out: { type: 'string', default: join(PACKAGE_DIR, 'model') },
    date: { type: 'string' },
    'no-refit': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});
if (values.help) {
  process.stdout.write('usage: bash scripts/train-classifier [--data DIR] [--out DIR] [--date YYYY-MM-DD] [--no-refit]\n');
  process.exit(0);
}
const dataDir = resolve(values.data);
const outDir = resolve(values.out);
for (const file of [RAW_FILE, SEGMENTED_FILE]) {
  if (!existsSync(join(dataDir, file))) {
    fail(`training data not found: ${join(dataDir, file)} is missing. Pass --data DIR pointing at the tipdm2020c folder (with ${RAW_FILE} and ${SEGMENTED_FILE}).`);
  }
}
const trainedOn = values.date ?? new Date().toISOString().slice(0, 10);
if (!/^\d{4}-\d{2}-\d{2}$/.test(trainedOn)) fail(`--date must be YYYY-MM-DD, not ${trainedOn}`);

const started = performance.now();
const log = (message: string): void => {
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}\n`);
};
log(`reading ${dataDir}`);
const data = loadLabeledData(dataDir);
const { model, report } = trainClassifier(
  data,
  { ...DEFAULT_TRAINING_OPTIONS, trainedOn, refitOnAllData: DEFAULT_TRAINING_OPTIONS.refitOnAllData && !values['no-refit'] },
  tokenizeForFeatures,
  TOKENIZER_ID,
  log,
);
const bytes = serializeModel(model, true);
mkdirSync(outDir, { recursive: true });
const modelPath = join(outDir, MODEL_FILE);
writeFileSync(modelPath, bytes);
const cardPath = join(outDir, 'MODEL_CARD.md');
writeFileSync(
  cardPath,
  renderModelCard(model, report, {
    fileName: MODEL_FILE,
    fileBytes: bytes.length,
    dataDir: relative(REPO_ROOT, dataDir) || dataDir,
  }),
);
const seconds = (performance.now() - started) / 1000;

const nb = report.naiveBayes.evaluation;
const lr = report.model.evaluation;
const c = report.calibration;
const out: string[] = [
  `model ${model.version}`,
  `training rows ${report.split.trainingRaw + report.split.trainingSegmented} (${report.split.trainingRaw} raw, ${report.split.trainingSegmented} segmented); validation ${lr.n} raw messages`,
  '',
  `validation                     accuracy  macro-F1`,
  `naive Bayes (alpha ${String(report.naiveBayes.alpha).padEnd(5)})       ${nb.accuracy.toFixed(4)}    ${nb.macroF1.toFixed(4)}`,
  ...report.members.map((m) => `${m.name.padEnd(30).slice(0, 30)} ${m.accuracy.toFixed(4)}    ${m.macroF1.toFixed(4)}   (unquantised)`),
  `this model (quantised, T)      ${lr.accuracy.toFixed(4)}    ${lr.macroF1.toFixed(4)}`,
  '',
  'this model per class (trained on the training split):',
  formatEvaluation(lr),
  '',
  `calibration: temperature ${c.temperature.toFixed(4)}, ECE ${c.eceBefore.toFixed(4)} → ${c.eceAfter.toFixed(4)} (cross-fitted ${c.eceAfterCrossFitted.toFixed(4)})`,
  `gating: confidence ≥ ${report.gating.threshold.toFixed(4)} → ${(report.gating.coverage * 100).toFixed(1)}% routed automatically at ${(report.gating.precision * 100).toFixed(1)}% precision (validation)`,
  report.refit
    ? `committed weights refit on all labelled data: ${report.refit.rows} rows (${report.refit.raw} raw, ${report.refit.segmented} segmented); the figures above are the split model's`
    : 'committed weights: the split model (no refit)',
  `wrote ${relative(process.cwd(), modelPath) || modelPath} (${(bytes.length / 1024 / 1024).toFixed(2)} MB) and ${relative(process.cwd(), cardPath) || cardPath}`,
  `training took ${seconds.toFixed(1)} s`,
];
process.stdout.write(out.join('\n') + '\n');
