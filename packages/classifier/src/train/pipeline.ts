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
import type { GatingPolicy, LinearModel } from '../model.ts';
import { TfidfVectorizer } from '../vectorizer.ts';
import type { LabeledData, LabeledMessage } from './data.ts';
import { predictNaiveBayes, trainNaiveBayes } from './naive-bayes.ts';
import { centerAcrossClasses, trainSoftmaxRegression } from './softmax-regression.ts';
import type { SoftmaxRegressionOptions } from './softmax-regression.ts';
import { trainLinearSvm } from './linear-svm.ts';
import type { LinearSvmOptions } from './linear-svm.ts';
import { vectorizeAll } from './sparse.ts';
import type { SparseDataset } from './sparse.ts';
import { DEFAULT_SPLIT_OPTIONS, splitData } from './split.ts';
import type { SplitOptions, SplitStats } from './split.ts';
import { buildVocabulary, memoizeTokenizer } from './vocabulary.ts';
import type { VocabularyOptions } from './vocabulary.ts';

export interface TrainingOptions {
  readonly split: SplitOptions;
  readonly features: FeatureConfig;
  readonly vocabulary: VocabularyOptions;
  readonly regression: SoftmaxRegressionOptions;
  /**
   * A one-vs-rest linear SVM trained next to the softmax regression; the model's logits are the sum of both
   * members' logits, each divided by its own temperature fitted on validation (an equal-weight average of two
   * calibrated scorers, which is again one linear model). null: softmax regression alone.
   */
  readonly svm: LinearSvmOptions | null;
  /** Which members make the committed model: 'both' sums their calibrated logits. */
  readonly use: 'logreg' | 'svm' | 'both';
  /**
   * Confidence gating: the threshold is the lowest at which the kept validation predictions reach this precision
   * with a margin of `gatingMarginSe` binomial standard errors (precision − z·√(p(1−p)/kept) ≥ target), so that
   * the target still holds on new messages despite the small validation set.
   */
  readonly gatingPrecision: number;
  readonly gatingMarginSe: number;
  /**
   * After everything is measured on the split, train the committed weights again with the same options on all
   * labelled data (training + validation messages); temperatures and the gating threshold stay the split's.
   */
  readonly refitOnAllData: boolean;
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
  features: { words: true, charNgrams: [1, 2, 3], titleWeight: 2, minLatinWordLength: 2 },
  vocabulary: { minWordDf: 3, minGramDf: 5 },
  regression: { l2: 5e-5, epochs: 12, batchSize: 64, learningRate: 0.01, seed: 7, classWeighting: 'balanced' },
  svm: { C: 1, maxPasses: 50, tolerance: 1e-3, biasFeature: 1, seed: 11 },
  use: 'svm',
  gatingPrecision: 0.97,
  gatingMarginSe: 1,
  refitOnAllData: true,
  naiveBayesAlphas: [0.01, 0.1, 1],
  calibrationBins: 15,
  versionPrefix: 'tipdm7-linear',
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
  /** Each member alone and the combination, on validation (unquantised weights, argmax of the logits). */
  readonly members: Array<{ name: string; accuracy: number; macroF1: number; temperature: number | null }>;
  readonly gating: GatingPolicy;
  /** Set when the committed weights were trained again on all labelled data. */
  readonly refit: { readonly rows: number; readonly raw: number; readonly segmented: number; readonly words: number; readonly grams: number; readonly finalLoss: number } | null;
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

/** Logits of a float linear model (feature-major weights) for every row of a dataset. */
function linearLogits(weights: ArrayLike<number>, bias: ArrayLike<number>, data: SparseDataset): Float64Array {
  const classes = data.classes;
  const out = new Float64Array(data.rows * classes);
  for (let r = 0; r < data.rows; r++) {
    const row = r * classes;
    for (let c = 0; c < classes; c++) out[row + c] = bias[c] as number;
    for (let k = data.rowStart[r] as number; k < (data.rowStart[r + 1] as number); k++) {
      const base = (data.indices[k] as number) * classes;
      const x = data.values[k] as number;
      for (let c = 0; c < classes; c++) out[row + c] = (out[row + c] as number) + x * (weights[base + c] as number);
    }
  }
  return out;
}

function argmaxPredictions(logits: Float64Array, rows: number, labels: readonly string[]): string[] {
  const classes = labels.length;
  return Array.from({ length: rows }, (_, r) => {
    let best = 0;
    for (let c = 1; c < classes; c++) if ((logits[r * classes + c] as number) > (logits[r * classes + best] as number)) best = c;
    return labels[best] as string;
  });
}

interface TrainedWeights {
  /** Of the softmax regression (NaN when it was not trained). */
  readonly finalLoss: number;
  /** Per member: name, weights, bias (before the temperature). */
  readonly members: Array<{ name: string; weights: Float64Array; bias: Float64Array }>;
}

/** Trains the members on one training set. */
function trainMembers(
  train: SparseDataset,
  options: TrainingOptions,
  progress: (message: string) => void,
  tag: string,
  which: { logreg: boolean; svm: boolean },
): TrainedWeights {
  let finalLoss = NaN;
  const members: TrainedWeights['members'] = [];
  if (which.logreg) {
    const lr = trainSoftmaxRegression(train, options.regression, ({ epoch, loss }) => {
      finalLoss = loss;
      progress(`${tag}softmax regression: epoch ${epoch}/${options.regression.epochs}, training loss ${loss.toFixed(4)}`);
    });
    centerAcrossClasses(lr, train.classes);
    members.push({ name: 'softmax regression', weights: lr.weights, bias: lr.bias });
  }
  if (which.svm && options.svm) {
    const svm = trainLinearSvm(train, options.svm);
    centerAcrossClasses(svm, train.classes);
    progress(`${tag}linear SVM trained`);
    members.push({ name: 'linear SVM (squared hinge, one-vs-rest)', weights: svm.weights, bias: svm.bias });
  }
  return { finalLoss, members };
}

/** Σ member weights / member temperature: one linear model. */
function combine(members: TrainedWeights['members'], temperatures: readonly number[]): { weights: Float64Array; bias: Float64Array } {
  const first = members[0] as TrainedWeights['members'][number];
  const weights = new Float64Array(first.weights.length);
  const bias = new Float64Array(first.bias.length);
  members.forEach((member, m) => {
    const scale = 1 / (temperatures[m] as number);
    for (let j = 0; j < weights.length; j++) weights[j] = (weights[j] as number) + scale * (member.weights[j] as number);
    for (let c = 0; c < bias.length; c++) bias[c] = (bias[c] as number) + scale * (member.bias[c] as number);
  });
  return { weights, bias };
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

  // The members, each calibrated on validation, and their combination.
  if (options.use !== 'logreg' && !options.svm) throw new Error(`use: '${options.use}' needs svm options`);
  const trained = trainMembers(train, options, progress, '', { logreg: true, svm: options.svm !== null });
  const finalLoss = trained.finalLoss;
  const validationLabels = Int32Array.from(split.validation, labelIndex);
  const memberTemperatures: number[] = [];
  const members: TrainingReport['members'] = [];
  for (const member of trained.members) {
    const logits = linearLogits(member.weights, member.bias, validation);
    const temperature = fitTemperature(logits, validationLabels, classes);
    memberTemperatures.push(temperature);
    const e = evaluate(labels, gold, argmaxPredictions(logits, validation.rows, labels));
    members.push({ name: member.name, accuracy: e.accuracy, macroF1: e.macroF1, temperature });
    progress(`${member.name}: accuracy ${e.accuracy.toFixed(4)}, macro-F1 ${e.macroF1.toFixed(4)}, T ${temperature.toFixed(3)}`);
  }
  if (trained.members.length > 1) {
    const both = combine(trained.members, memberTemperatures);
    const e = evaluate(labels, gold, argmaxPredictions(linearLogits(both.weights, both.bias, validation), validation.rows, labels));
    members.push({ name: 'ensemble (sum of calibrated logits)', accuracy: e.accuracy, macroF1: e.macroF1, temperature: null });
  }
  // The members the committed model is made of, with their temperatures.
  const usedIndex = trained.members.map((_, i) => i).filter((i) => options.use === 'both' || (options.use === 'svm') === (i === 1));
  const used = usedIndex.map((i) => trained.members[i] as TrainedWeights['members'][number]);
  const usedTemperatures = usedIndex.map((i) => memberTemperatures[i] as number);
  const combined = combine(used, usedTemperatures);
  const ensembleName = options.use;
  const draft: LinearModel = {
    version: 'draft',
    trainedOn: options.trainedOn,
    labels,
    features: options.features,
    tokenizer: { id: tokenizerId, fingerprint: tokenizerFingerprint(tokenize) },
    vocabulary,
    weights: Float32Array.from(combined.weights),
    bias: combined.bias,
    temperature: 1,
    training: {},
  };
  // Everything below sees the weights exactly as the file will hold them, through the inference code path.
  const quantized = new LinearClassifier(roundTrip(draft), cached);
  const logits = new Float64Array(split.validation.length * classes);
  split.validation.forEach((row, r) => quantized.logits(row, logits.subarray(r * classes, (r + 1) * classes)));
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
  progress(`${ensembleName} (quantised, as committed from the split): accuracy ${evaluation.accuracy.toFixed(4)}, macro-F1 ${evaluation.macroF1.toFixed(4)}`);
  const curve = precisionCoverageCurve(confidence, predicted.map((p, i) => p === gold[i]));
  const coverage = [0.99, 0.97, 0.95, 0.9].map((precision) => {
    const point = coverageAtPrecision(curve, precision);
    return { precision, threshold: point ? point.threshold : null, coverage: point ? point.coverage : 0 };
  });
  let gatePoint: (typeof curve)[number] | undefined;
  for (const point of curve) {
    const se = Math.sqrt((point.precision * (1 - point.precision)) / point.kept);
    if (point.precision - options.gatingMarginSe * se >= options.gatingPrecision && (!gatePoint || point.coverage > gatePoint.coverage)) gatePoint = point;
  }
  const gating: GatingPolicy = gatePoint
    ? {
        threshold: gatePoint.threshold,
        targetPrecision: options.gatingPrecision,
        precision: gatePoint.precision,
        coverage: gatePoint.coverage,
        n: split.validation.length,
        measuredOn: `validation split (raw messages), model trained on the training split; precision − ${options.gatingMarginSe} standard error ≥ target`,
      }
    : { threshold: 1, targetPrecision: options.gatingPrecision, precision: 0, coverage: 0, n: split.validation.length, measuredOn: 'validation split: no threshold reaches the target' };
  progress(`gating: threshold ${gating.threshold.toFixed(4)} keeps ${(gating.coverage * 100).toFixed(1)}% at precision ${(gating.precision * 100).toFixed(1)}%`);

  // Optionally, the committed weights: the same recipe on all labelled data.
  let committed = quantized.model;
  let refit: TrainingReport['refit'] = null;
  if (options.refitOnAllData) {
    const all = splitData(data, { ...options.split, validationFraction: 0 });
    const allVocabulary = buildVocabulary(all.train, options.features, cached, options.vocabulary);
    progress(`refit: ${all.train.length} rows, vocabulary ${allVocabulary.words.length} words, ${allVocabulary.grams.length} character n-grams`);
    const allVectorizer = new TfidfVectorizer(allVocabulary, options.features, cached);
    const allTrain = vectorizeAll(allVectorizer, all.train, all.train.map(labelIndex), classes);
    const allTrained = trainMembers(allTrain, options, progress, 'refit: ', { logreg: options.use !== 'svm', svm: options.use !== 'logreg' });
    const allCombined = combine(allTrained.members, usedTemperatures);
    committed = roundTrip({
      ...draft,
      vocabulary: allVocabulary,
      weights: Float32Array.from(allCombined.weights),
      bias: allCombined.bias,
    });
    refit = {
      rows: all.train.length,
      raw: all.stats.trainingRaw,
      segmented: all.stats.trainingSegmented,
      words: allVocabulary.words.length,
      grams: allVocabulary.grams.length,
      finalLoss: allTrained.finalLoss,
    };
  }

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
    members,
    gating,
    refit,
    calibration,
    coverage,
    options,
  };

  const calibrated: LinearModel = {
    ...committed,
    temperature: calibration.temperature,
    gating,
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
        members,
        use: options.use,
        usedTemperatures,
        note: refit
          ? 'validation figures are those of the same recipe trained on the training split only; the weights in this file were refit on all labelled data'
          : 'validation figures describe the weights in this file',
      },
      refit,
      options,
    },
  };
  const version = `${options.versionPrefix}-${options.trainedOn.replaceAll('-', '')}-${predictionHash(calibrated)}`;
  return { model: { ...calibrated, version }, report };
}
