/**
 * Sparse TF-IDF vectors over a fixed vocabulary: sublinear term frequency (1 + ln tf), smoothed idf, l2-normalised.
 * One vectorizer reuses its buffers across calls, so vectorizing a message allocates nothing proportional to the
 * vocabulary. Not safe for concurrent use of the output buffers (JavaScript is single-threaded; copy if you keep).
 */
import { emitFeatures, gramParts } from './features.ts';
import type { FeatureConfig, FeatureSink, MessageText, Tokenizer } from './features.ts';
import { GramTable } from './gram-table.ts';

export interface Vocabulary {
  /** Word features, indices 0 … words.length − 1. */
  readonly words: readonly string[];
  /** Character n-gram features (as strings), indices words.length … words.length + grams.length − 1. */
  readonly grams: readonly string[];
  /** Inverse document frequency per feature index. */
  readonly idf: Float32Array;
}

/** Smoothed inverse document frequency, as in common TF-IDF implementations: ln((1 + N) / (1 + df)) + 1. */
export function smoothIdf(documentFrequency: number, documents: number): number {
  return Math.log((1 + documents) / (1 + documentFrequency)) + 1;
}

/** 1-grams have lo = the character's 15-bit code. */
const UNIGRAM_CODES = 1 << 15;

export class TfidfVectorizer {
  readonly dimension: number;
  /** After `vectorize`: feature indices of the message, `nnz` of them. */
  indices: Int32Array;
  /** After `vectorize`: the matching TF-IDF values (l2 norm 1 unless the message had no known feature). */
  values: Float64Array;

  private readonly wordIndex: Map<string, number>;
  private readonly gramIndex: GramTable;
  /** Character 1-grams by their 15-bit code (hi = 0, lo < 2¹⁵): a direct table instead of a hash lookup; −1 = none. */
  private readonly unigramIndex: Int32Array;
  private readonly idf: Float32Array;
  private readonly counts: Float64Array;
  private readonly config: FeatureConfig;
  private readonly tokenize: Tokenizer;
  private readonly sink: FeatureSink;
  private nnz = 0;

  constructor(vocabulary: Vocabulary, config: FeatureConfig, tokenize: Tokenizer) {
    const dimension = vocabulary.words.length + vocabulary.grams.length;
    if (vocabulary.idf.length !== dimension) throw new Error('idf length does not match the vocabulary');
    this.dimension = dimension;
    this.config = config;
    this.tokenize = tokenize;
    this.idf = vocabulary.idf;
    this.wordIndex = new Map();
    vocabulary.words.forEach((word, i) => this.wordIndex.set(word, i));
    this.gramIndex = new GramTable(vocabulary.grams.length);
    this.unigramIndex = new Int32Array(UNIGRAM_CODES).fill(-1);
    const offset = vocabulary.words.length;
    vocabulary.grams.forEach((gram, i) => {
      const [hi, lo] = gramParts(gram);
      if (hi === 0 && lo < UNIGRAM_CODES) {
        if ((this.unigramIndex[lo] as number) < 0) this.unigramIndex[lo] = offset + i;
      } else {
        this.gramIndex.set(hi, lo, offset + i);
      }
    });
    this.counts = new Float64Array(dimension);
    this.indices = new Int32Array(1024);
    this.values = new Float64Array(1024);
    const add = (index: number | undefined, weight: number): void => {
      if (index === undefined || index < 0) return;
      if (this.counts[index] === 0) {
        if (this.nnz === this.indices.length) this.grow();
        this.indices[this.nnz++] = index;
      }
      this.counts[index] = (this.counts[index] ?? 0) + weight;
    };
    this.sink = {
      word: (token, weight) => add(this.wordIndex.get(token), weight),
      gram: (hi, lo, weight) => add(hi === 0 && lo < UNIGRAM_CODES ? this.unigramIndex[lo] : this.gramIndex.get(hi, lo), weight),
    };
  }

  /** Vectorizes one message into `indices`/`values` and returns the number of non-zero entries. */
  vectorize(input: MessageText): number {
    this.nnz = 0;
    emitFeatures(input, this.config, this.tokenize, this.sink);
    const { indices, values, counts, idf } = this;
    const nnz = this.nnz;
    let norm = 0;
    for (let k = 0; k < nnz; k++) {
      const index = indices[k] as number;
      const value = (1 + Math.log(counts[index] as number)) * (idf[index] as number);
      counts[index] = 0;
      values[k] = value;
      norm += value * value;
    }
    if (norm > 0) {
      const scale = 1 / Math.sqrt(norm);
      for (let k = 0; k < nnz; k++) values[k] = (values[k] as number) * scale;
    }
    return nnz;
  }

  private grow(): void {
    const indices = new Int32Array(this.indices.length * 2);
    indices.set(this.indices);
    this.indices = indices;
    const values = new Float64Array(this.values.length * 2);
    values.set(this.values);
    this.values = values;
  }
}
