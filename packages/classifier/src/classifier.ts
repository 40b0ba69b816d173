/** Inference: a linear softmax model over TF-IDF features, with top-k results and calibrated probabilities. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { softmaxInto } from './calibration.ts';
import type { MessageText, Tokenizer } from './features.ts';
import { validateFeatureConfig } from './features.ts';
import { parseModel } from './model.ts';
import type { LinearModel } from './model.ts';
import { tokenizeForFeatures } from './tokenize.ts';
import { TfidfVectorizer } from './vectorizer.ts';

export interface CategoryProbability {
  category: string;
  probability: number;
}

export interface ClassificationResult {
  /** The most probable category. */
  category: string;
  /** Its calibrated probability. */
  confidence: number;
  /** The next most probable categories, most probable first (k − 1 of them for `classify(input, k)`). */
  alternatives: CategoryProbability[];
  modelVersion: string;
}

export type ClassificationInput = MessageText;

export interface Classifier {
  readonly version: string;
  readonly labels: readonly string[];
  /**
   * The minimum confidence for routing a ticket without a person (see the model card): chosen on held-out data so
   * that the predictions at or above it were ≥ 97 % correct. Below it, tickets go to manual triage.
   */
  readonly gatingThreshold?: number;
  /**
   * Classifies one message. `k` (default 3) is the length of the ranking returned: the top category plus k − 1
   * alternatives (clamped to 1 … labels.length).
   */
  classify(input: ClassificationInput, k?: number): ClassificationResult;
}

export const DEFAULT_TOP_K = 3;

/** A classifier over a loaded model; also exposes raw logits for calibration and evaluation. */
export class LinearClassifier implements Classifier {
  readonly version: string;
  readonly labels: readonly string[];
  readonly model: LinearModel;
  /** The model's gating threshold; +Infinity (nothing routed automatically) for a model file without one. */
  readonly gatingThreshold: number;
  private readonly vectorizer: TfidfVectorizer;
  /**
   * Per feature, its idf followed by its weight for each class (`stride` = classes + 1 numbers): the vectorizer
   * reads the idf and `logits` the weights of the same row, one cache line instead of two arrays' worth. Between
   * two messages jieba's dictionary pushes the model out of the CPU caches, so these reads are most of the cost.
   */
  private readonly rows: Float32Array;
  private readonly stride: number;
  private readonly logitBuffer: Float64Array;
  private readonly probabilityBuffer: Float64Array;
  private readonly order: number[];

  constructor(model: LinearModel, tokenize: Tokenizer = tokenizeForFeatures) {
    validateFeatureConfig(model.features);
    this.model = model;
    this.version = model.version;
    this.labels = model.labels;
    this.gatingThreshold = model.gating ? model.gating.threshold : Number.POSITIVE_INFINITY;
    const classes = model.labels.length;
    const dimension = model.vocabulary.idf.length;
    if (model.weights.length !== dimension * classes) {
      throw new Error('model weights do not match vocabulary × labels');
    }
    this.stride = classes + 1;
    this.rows = new Float32Array(dimension * this.stride);
    for (let feature = 0; feature < dimension; feature++) {
      const row = feature * this.stride;
      this.rows[row] = model.vocabulary.idf[feature] as number;
      this.rows.set(model.weights.subarray(feature * classes, (feature + 1) * classes), row + 1);
    }
    this.vectorizer = new TfidfVectorizer(model.vocabulary, model.features, tokenize, { values: this.rows, stride: this.stride });
    this.logitBuffer = new Float64Array(classes);
    this.probabilityBuffer = new Float64Array(classes);
    this.order = model.labels.map((_, i) => i);
  }

  /** Writes the message's logits (before temperature) into `out` (length = labels.length) and returns it. */
  logits(input: MessageText, out: Float64Array = this.logitBuffer): Float64Array {
    const { rows, stride } = this;
    const bias = this.model.bias;
    const classes = bias.length;
    out.set(bias);
    const vectorizer = this.vectorizer;
    const nnz = vectorizer.vectorize(input);
    const indices = vectorizer.indices;
    const values = vectorizer.values;
    for (let k = 0; k < nnz; k++) {
      const base = (indices[k] as number) * stride + 1;
      const value = values[k] as number;
      for (let c = 0; c < classes; c++) out[c] = (out[c] as number) + value * (rows[base + c] as number);
    }
    return out;
  }

  /** Calibrated class probabilities in `labels` order, written into `out`. */
  probabilities(input: MessageText, out: Float64Array = new Float64Array(this.labels.length)): Float64Array {
    return softmaxInto(this.logits(input), this.model.temperature, out);
  }

  classify(input: ClassificationInput, k: number = DEFAULT_TOP_K): ClassificationResult {
    if (typeof input.body !== 'string') throw new TypeError('classify: body must be a string');
    const probabilities = this.probabilities(input, this.probabilityBuffer);
    return rank(probabilities, this.labels, this.order, k, this.version);
  }
}

/** Builds a result from probabilities: sorted by probability (ties by label order), top-k. */
export function rank(
  probabilities: ArrayLike<number>,
  labels: readonly string[],
  scratch: number[],
  k: number,
  modelVersion: string,
): ClassificationResult {
  const count = labels.length;
  for (let i = 0; i < count; i++) scratch[i] = i;
  scratch.sort((a, b) => (probabilities[b] as number) - (probabilities[a] as number) || a - b);
  const take = Math.max(1, Math.min(count, Number.isFinite(k) ? Math.floor(k) : DEFAULT_TOP_K));
  const alternatives: CategoryProbability[] = [];
  for (let r = 1; r < take; r++) {
    const i = scratch[r] as number;
    alternatives.push({ category: labels[i] as string, probability: probabilities[i] as number });
  }
  const top = scratch[0] as number;
  return { category: labels[top] as string, confidence: probabilities[top] as number, alternatives, modelVersion };
}

/** The committed model, relative to this package. */
export const DEFAULT_MODEL_PATH = fileURLToPath(new URL('../model/classifier-v1.json.gz', import.meta.url));

const cache = new Map<string, LinearClassifier>();

/** Loads (once per path) a classifier from a model file; the default is the committed model. */
export function loadClassifier(path: string = DEFAULT_MODEL_PATH): LinearClassifier {
  const key = resolve(path);
  let classifier = cache.get(key);
  if (!classifier) {
    classifier = new LinearClassifier(parseModel(readFileSync(key)));
    cache.set(key, classifier);
  }
  return classifier;
}
