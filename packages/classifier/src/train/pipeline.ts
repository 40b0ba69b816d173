/**
 * The whole training run, from loaded data to a model and a report: leakage-free split, vocabulary, naive Bayes
 * baseline, softmax regression, int16 quantisation, temperature scaling, validation metrics. Deterministic for a
 * given data set, tokenizer and options (no clock, no unseeded randomness).
 */
import { expectedCalibrationError, fitTemperature, softmaxInto } from '../calibration.ts';
import { LinearClassifier } from '../classifier.ts';
import { tokenizerFingerprint, validateFeatureConfig } from '../features.ts';
import type { FeatureConfig, Tokenizer } from '../features.ts';
import { coverageAtPrecision, evaluate, precisionCoverageCurve } from '../metrics.ts';
import type { Evaluation } from '../metrics.ts';
import { predictionHash, roundTrip } from '../model.ts';
import type { LinearModel } from '../model.ts';
import { TfidfVectorizer } from '../vectorizer.ts';
import type { LabeledData, LabeledMessage } from './data.ts';
import { predictNaiveBayes, trainNaiveBayes } from './naive-bayes.ts';
import { centerAcrossClasses, trainSoftmaxRegression } from './softmax-regression.ts';
import type { SoftmaxRegressionOptions } from './softmax-regression.ts';
import { vectorizeAll } from './sparse.ts';
import { DEFAULT_SPLIT_OPTIONS, splitData } from './split.ts';
import type { SplitOptions, SplitStats } from './split.ts';
import { buildVocabulary, memoizeTokenizer } from './vocabulary.ts';
import type { VocabularyOptions } from './vocabulary.ts';

export interface TrainingOptions {
  readonly split: SplitOptions;
  readonly features: FeatureConfig;
  readonly vocabulary: VocabularyOptions;
  readonly regression: SoftmaxRegressionOptions;
  /** Smoothing values tried for the naive Bayes baseline; the best on validation is reported (favours the baseline). */
  readonly naiveBayesAlphas: readonly number[];
  readonly calibrationBins: number;
  /** UTC day of training, YYYY-MM-DD (goes into the version string). */
  readonly trainedOn: string;
  /** Prefix of the version string. */
  readonly versionPrefix: string;
}

export const DEFAULT_TRAINING_OPTIONS: Omit<TrainingOptions, 'trainedOn'> = {
  split: DEFAULT_SPLIT_OPTIONS,
  features: { words: true, charNgrams: [2, 3], titleWeight: 2, minLatinWordLength: 2 },
  vocabulary: { minWordDf: 3, minGramDf: 5 },
  regression: { l2: 5e-5, epochs: 12, batchSize: 64, learningRate: 0.01, seed: 7, classWeighting: 'balanced' },
  naiveBayesAlphas: [0.01, 0.1, 1],
  calibrationBins: 15,
  versionPrefix: 'tipdm7-logreg',
};

export interface CalibrationReport {
  readonly temperature: number;
  readonly bins: number;
  /** ECE of softmax(logits) on validation. */
  readonly eceBefore: number;
  /** ECE of softmax(logits / T) on validation, T fitted on validation (optimistic). */
  readonly eceAfter: number;
  /** ECE with T fitted on one half of validation and measured on the other, averaged over both halves. */
  readonly eceAfterCrossFitted: number;
  readonly meanConfidenceBefore: number;
  readonly meanConfidenceAfter: number;
}

export interface TrainingReport {
  readonly labels: readonly string[];
  readonly split: SplitStats;
  readonly trainingRowsPerClass: Record<string, number>;
  readonly validationRowsPerClass: Record<string, number>;
  readonly vocabulary: { readonly words: number; readonly grams: number; readonly meanFeaturesPerRow: number };
  readonly naiveBayes: { readonly alpha: number; readonly evaluation: Evaluation; readonly tried: Array<{ alpha: number; accuracy: number; macroF1: number }> };
  readonly model: { readonly evaluation: Evaluation; readonly finalLoss: number };
  readonly calibration: CalibrationReport;
  /** Largest validation coverage at which the kept predictions reach the given precision. */
  readonly coverage: Array<{ precision: number; threshold: number | null; coverage: number }>;
  readonly options: TrainingOptions;
}

export interface TrainingResult {
  readonly model: LinearModel;
  readonly report: TrainingReport;
}

function countBy(rows: readonly LabeledMessage[], labels: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const label of labels) out[label] = 0;
  for (const row of rows) out[row.category] = (out[row.category] ?? 0) + 1;
  return out;
}

function calibrate(logits: Float64Array, labels: Int32Array, classes: number, bins: number): CalibrationReport {
  const probabilities = new Float64Array(classes);
  const topConfidence = (from: Int32Array, temperature: number): { confidence: number[]; correct: boolean[] } => {
    const confidence: number[] = [];
    const correct: boolean[] = [];
    for (const r of from) {
      softmaxInto(logits.subarray(r * classes, (r + 1) * classes), temperature, probabilities);
      let best = 0;
      for (let c = 1; c < classes; c++) if ((probabilities[c] as number) > (probabilities[best] as number)) best = c;
      confidence.push(probabilities[best] as number);
      correct.push(best === labels[r]);
    }
    return { confidence, correct };
  };
  const rowsOf = (keep: (r: number) => boolean): Int32Array => Int32Array.from({ length: labels.length }, (_, r) => r).filter(keep);
  const subset = (rows: Int32Array): { logits: Float64Array; labels: Int32Array } => {
    const out = new Float64Array(rows.length * classes);
    rows.forEach((r, i) => out.set(logits.subarray(r * classes, (r + 1) * classes), i * classes));
    return { logits: out, labels: Int32Array.from(rows, (r) => labels[r] as number) };
  };
  const all = rowsOf(() => true);
  const temperature = fitTemperature(logits, labels, classes);
  const before = topConfidence(all, 1);
  const after = topConfidence(all, temperature);
  const halves = [rowsOf((r) => r % 2 === 0), rowsOf((r) => r % 2 === 1)] as const;
  let crossFitted = 0;
  for (let h = 0; h < 2; h++) {
    const fitOn = subset(halves[h] as Int32Array);
    const t = fitTemperature(fitOn.logits, fitOn.labels, classes);
    const measured = topConfidence(halves[1 - h] as Int32Array, t);
    crossFitted += expectedCalibrationError(measured.confidence, measured.correct, bins) / 2;
  }
  const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
  return {
    temperature,
    bins,
    eceBefore: expectedCalibrationError(before.confidence, before.correct, bins),
    eceAfter: expectedCalibrationError(after.confidence, after.correct, bins),
    eceAfterCrossFitted: crossFitted,
    meanConfidenceBefore: mean(before.confidence),
    meanConfidenceAfter: mean(after.confidence),
  };
}

export function trainClassifier(
  data: LabeledData,
  options: TrainingOptions,
  tokenize: Tokenizer,
  tokenizerId: string,
  progress: (message: string) => void = () => {},
): TrainingResult {
  validateFeatureConfig(options.features);
  const split = splitData(data, options.split);
  const labels = [...new Set([...data.raw, ...data.segmented].map((row) => row.category))].sort();
  const classes = labels.length;
  const labelIndex = (row: LabeledMessage): number => labels.indexOf(row.category);
  progress(`split: ${split.train.length} training rows, ${split.validation.length} validation rows`);

  const cached = memoizeTokenizer(tokenize);
  const vocabulary = buildVocabulary(split.train, options.features, cached, options.vocabulary);
  progress(`vocabulary: ${vocabulary.words.length} words, ${vocabulary.grams.length} character n-grams`);
  const vectorizer = new TfidfVectorizer(vocabulary, options.features, cached);
  const train = vectorizeAll(vectorizer, split.train, split.train.map(labelIndex), classes);
  const validation = vectorizeAll(vectorizer, split.validation, split.validation.map(labelIndex), classes);
  const gold = split.validation.map((row) => row.category);

  // Baseline.
  const tried = options.naiveBayesAlphas.map((alpha) => {
    const predicted = Array.from(predictNaiveBayes(trainNaiveBayes(train, alpha), validation), (c) => labels[c] as string);
    return { alpha, evaluation: evaluate(labels, gold, predicted) };
  });
  const bestNb = tried.reduce((a, b) => (b.evaluation.accuracy > a.evaluation.accuracy ? b : a));
  progress(`naive Bayes (alpha ${bestNb.alpha}): accuracy ${bestNb.evaluation.accuracy.toFixed(4)}`);

  // The model.
  let finalLoss = NaN;
  const weights = trainSoftmaxRegression(train, options.regression, ({ epoch, loss }) => {
    finalLoss = loss;
    progress(`softmax regression: epoch ${epoch}/${options.regression.epochs}, training loss ${loss.toFixed(4)}`);
  });
  centerAcrossClasses(weights, classes);
  const draft: LinearModel = {
    version: 'draft',
    trainedOn: options.trainedOn,
    labels,
    features: options.features,
    tokenizer: { id: tokenizerId, fingerprint: tokenizerFingerprint(tokenize) },
    vocabulary,
    weights: Float32Array.from(weights.weights),
    bias: weights.bias,
    temperature: 1,
    training: {},
  };
  // Everything below sees the weights exactly as the file will hold them, through the inference code path.
  const quantized = new LinearClassifier(roundTrip(draft), cached);
  const logits = new Float64Array(split.validation.length * classes);
  split.validation.forEach((row, r) => quantized.logits(row, logits.subarray(r * classes, (r + 1) * classes)));
  const validationLabels = Int32Array.from(split.validation, labelIndex);
  const calibration = calibrate(logits, validationLabels, classes, options.calibrationBins);
  progress(`temperature ${calibration.temperature.toFixed(3)}: ECE ${calibration.eceBefore.toFixed(4)} → ${calibration.eceAfter.toFixed(4)}`);

  const probabilities = new Float64Array(classes);
  const predicted: string[] = [];
  const confidence: number[] = [];
  split.validation.forEach((_, r) => {
    softmaxInto(logits.subarray(r * classes, (r + 1) * classes), calibration.temperature, probabilities);
    let best = 0;
    for (let c = 1; c < classes; c++) if ((probabilities[c] as number) > (probabilities[best] as number)) best = c;
    predicted.push(labels[best] as string);
    confidence.push(probabilities[best] as number);
  });
  const evaluation = evaluate(labels, gold, predicted);
  const curve = precisionCoverageCurve(confidence, predicted.map((p, i) => p === gold[i]));
  const coverage = [0.99, 0.97, 0.95, 0.9].map((precision) => {
    const point = coverageAtPrecision(curve, precision);
    return { precision, threshold: point ? point.threshold : null, coverage: point ? point.coverage : 0 };
  });

  const report: TrainingReport = {
    labels,
    split: split.stats,
    trainingRowsPerClass: countBy(split.train, labels),
    validationRowsPerClass: countBy(split.validation, labels),
    vocabulary: { words: vocabulary.words.length, grams: vocabulary.grams.length, meanFeaturesPerRow: train.indices.length / Math.max(1, train.rows) },
    naiveBayes: {
      alpha: bestNb.alpha,
      evaluation: bestNb.evaluation,
      tried: tried.map((t) => ({ alpha: t.alpha, accuracy: t.evaluation.accuracy, macroF1: t.evaluation.macroF1 })),
    },
    model: { evaluation, finalLoss },
    calibration,
    coverage,
    options,
  };

  const calibrated: LinearModel = {
    ...quantized.model,
    temperature: calibration.temperature,
    training: {
      data: 'TipDM 2020 C (附件2): labeled_raw.jsonl + labeled_segmented.jsonl',
      split: split.stats,
      validation: {
        rows: split.validation.length,
        accuracy: evaluation.accuracy,
        macroF1: evaluation.macroF1,
        naiveBayesAccuracy: bestNb.evaluation.accuracy,
        naiveBayesMacroF1: bestNb.evaluation.macroF1,
        eceBefore: calibration.eceBefore,
        eceAfter: calibration.eceAfter,
      },
      options,
    },
  };
  const version = `${options.versionPrefix}-${options.trainedOn.replaceAll('-', '')}-${predictionHash(calibrated)}`;
  return { model: { ...calibrated, version }, report };
}
