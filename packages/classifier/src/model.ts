/**
 * The model file: a JSON document (gzip-compressed when the path ends in .gz) holding the vocabulary, the idf
 * vector, the weights of a linear softmax model (int16-quantised, feature-major: weight[feature × classes + class]),
 * the biases and the softmax temperature. It holds no message text.
 */
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { z } from 'zod';
import type { FeatureConfig } from './features.ts';
import type { Vocabulary } from './vectorizer.ts';

export const MODEL_FORMAT = 'hotline-classifier/linear-softmax-v1';

export interface LinearModel {
  readonly version: string;
  /** UTC day the model was trained, YYYY-MM-DD. */
  readonly trainedOn: string;
  readonly labels: readonly string[];
  readonly features: FeatureConfig;
  readonly tokenizer: { readonly id: string; readonly fingerprint: string };
  readonly vocabulary: Vocabulary;
  /** dimension × labels.length, feature-major. */
  readonly weights: Float32Array;
  readonly bias: Float64Array;
  /** Softmax temperature fitted on held-out data (probabilities = softmax(logits / temperature)). */
  readonly temperature: number;
  /**
   * The confidence threshold for automatic routing, chosen on held-out data: predictions with confidence ≥
   * `threshold` were `precision` correct there and made up `coverage` of the messages. Absent in older files.
   */
  readonly gating?: GatingPolicy;
  /** Free-form facts about training (data, split, metrics) for people reading the file. */
  readonly training: Record<string, unknown>;
}

export interface GatingPolicy {
  /** Route automatically when the top-1 confidence is at least this. */
  readonly threshold: number;
  /** The precision the threshold was chosen for (e.g. 0.97). */
  readonly targetPrecision: number;
  /** Precision of the predictions at or above the threshold on the held-out data. */
  readonly precision: number;
  /** Share of the held-out messages at or above the threshold. */
  readonly coverage: number;
  /** Size of the held-out data, and what it was. */
  readonly n: number;
  readonly measuredOn: string;
}

const ArtifactSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  version: z.string().min(1),
  trainedOn: z.string(),
  labels: z.array(z.string()).min(2),
  features: z.object({
    words: z.boolean(),
    charNgrams: z.array(z.number().int().min(1).max(3)),
    titleWeight: z.number().positive(),
    minLatinWordLength: z.number().int().min(0),
    tf: z.literal('sublinear'),
    idf: z.literal('smooth'),
    norm: z.literal('l2'),
  }),
  tokenizer: z.object({ id: z.string(), fingerprint: z.string() }),
  vocabulary: z.object({ words: z.array(z.string()), grams: z.array(z.string()) }),
  idf: z.object({ encoding: z.literal('float32le-base64'), data: z.string() }),
  weights: z.object({
    layout: z.literal('feature-major'),
    encoding: z.literal('int16le-base64'),
    scale: z.number().positive(),
    data: z.string(),
  }),
  bias: z.array(z.number()),
  temperature: z.number().positive(),
  gating: z
    .object({
      threshold: z.number().min(0).max(1),
      targetPrecision: z.number().min(0).max(1),
      precision: z.number().min(0).max(1),
      coverage: z.number().min(0).max(1),
      n: z.number().int().min(0),
      measuredOn: z.string(),
    })
    .optional(),
  training: z.record(z.string(), z.unknown()),
});
type Artifact = z.infer<typeof ArtifactSchema>;

function encodeFloat32(values: Float32Array): string {
  const buffer = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => buffer.writeFloatLE(v, i * 4));
  return buffer.toString('base64');
}

function decodeFloat32(data: string, length: number): Float32Array {
  const buffer = Buffer.from(data, 'base64');
  if (buffer.length !== length * 4) throw new Error(`expected ${length} float32 values, found ${buffer.length / 4}`);
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = buffer.readFloatLE(i * 4);
  return out;
}

/** Quantises weights to int16 with one scale; returns the scale and the little-endian bytes. */
function quantize(weights: ArrayLike<number>): { scale: number; bytes: Buffer } {
  let maxAbs = 0;
  for (let i = 0; i < weights.length; i++) maxAbs = Math.max(maxAbs, Math.abs(weights[i] as number));
  const scale = maxAbs > 0 ? maxAbs / 32767 : 1;
  const bytes = Buffer.alloc(weights.length * 2);
  for (let i = 0; i < weights.length; i++) bytes.writeInt16LE(Math.round((weights[i] as number) / scale), i * 2);
  return { scale, bytes };
}

function dequantize(data: string, scale: number, length: number): Float32Array {
  const bytes = Buffer.from(data, 'base64');
  if (bytes.length !== length * 2) throw new Error(`expected ${length} weights, found ${bytes.length / 2}`);
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = bytes.readInt16LE(i * 2) * scale;
  return out;
}

function toArtifact(model: LinearModel): Artifact {
  const { scale, bytes } = quantize(model.weights);
  return {
    format: MODEL_FORMAT,
    version: model.version,
    trainedOn: model.trainedOn,
    labels: [...model.labels],
    features: {
      words: model.features.words,
      charNgrams: [...model.features.charNgrams],
      titleWeight: model.features.titleWeight,
      minLatinWordLength: model.features.minLatinWordLength,
      tf: 'sublinear',
      idf: 'smooth',
      norm: 'l2',
    },
    tokenizer: { id: model.tokenizer.id, fingerprint: model.tokenizer.fingerprint },
    vocabulary: { words: [...model.vocabulary.words], grams: [...model.vocabulary.grams] },
    idf: { encoding: 'float32le-base64', data: encodeFloat32(model.vocabulary.idf) },
    weights: { layout: 'feature-major', encoding: 'int16le-base64', scale, data: bytes.toString('base64') },
    bias: Array.from(model.bias),
    temperature: model.temperature,
    ...(model.gating ? { gating: { ...model.gating } } : {}),
    training: model.training,
  };
}

function fromArtifact(artifact: Artifact): LinearModel {
  const dimension = artifact.vocabulary.words.length + artifact.vocabulary.grams.length;
  const classes = artifact.labels.length;
  if (artifact.bias.length !== classes) throw new Error('model file: bias length does not match the labels');
  return {
    version: artifact.version,
    trainedOn: artifact.trainedOn,
    labels: artifact.labels,
    features: {
      words: artifact.features.words,
      charNgrams: artifact.features.charNgrams,
      titleWeight: artifact.features.titleWeight,
      minLatinWordLength: artifact.features.minLatinWordLength,
    },
    tokenizer: artifact.tokenizer,
    vocabulary: {
      words: artifact.vocabulary.words,
      grams: artifact.vocabulary.grams,
      idf: decodeFloat32(artifact.idf.data, dimension),
    },
    weights: dequantize(artifact.weights.data, artifact.weights.scale, dimension * classes),
    bias: Float64Array.from(artifact.bias),
    temperature: artifact.temperature,
    ...(artifact.gating ? { gating: artifact.gating } : {}),
    training: artifact.training,
  };
}

/** The model file's bytes: JSON, gzip-compressed when `gzip` is true (deterministic: no timestamp in the header). */
export function serializeModel(model: LinearModel, gzip: boolean): Buffer {
  const json = Buffer.from(JSON.stringify(toArtifact(model)) + '\n', 'utf8');
  return gzip ? gzipSync(json, { level: 9 }) : json;
}

/** Parses a model file's bytes (gzip detected by its magic number). */
export function parseModel(bytes: Uint8Array): LinearModel {
  const isGzip = bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  const text = Buffer.from(isGzip ? gunzipSync(bytes) : bytes).toString('utf8');
  const parsed = ArtifactSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`not a ${MODEL_FORMAT} model file: ${parsed.error.message}`);
  return fromArtifact(parsed.data);
}

/**
 * A short hash of what determines the model's predictions (labels, feature config, tokenizer, vocabulary, idf,
 * quantised weights, bias, temperature); it goes into the version string.
 */
export function predictionHash(model: LinearModel): string {
  const artifact = toArtifact(model);
  const hash = createHash('sha256');
  for (const part of [
    artifact.labels,
    artifact.features,
    artifact.tokenizer,
    artifact.vocabulary,
    artifact.idf,
    artifact.weights,
    artifact.bias,
    artifact.temperature,
  ]) {
    hash.update(JSON.stringify(part));
    hash.update('\n');
  }
  return hash.digest('hex').slice(0, 8);
}

/** Rounds trip a model through its file encoding, so callers see exactly the weights the file will hold. */
export function roundTrip(model: LinearModel): LinearModel {
  return parseModel(serializeModel(model, false));
}
