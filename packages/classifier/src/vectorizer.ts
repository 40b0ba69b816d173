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

/** Spreads feature indices (often close together) over a power-of-two table. */
function slotHash(index: number): number {
  const h = Math.imul(index, 0x9e3779b1);
  return h ^ (h >>> 16);
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
  /** Inverse document frequency of feature i at idf[i × idfStride]: a classifier keeps it beside the feature's weights. */
  private readonly idf: Float32Array;
  private readonly idfStride: number;
  /** After `vectorize`'s feature pass: the weighted count of feature indices[k] is counts[k]. */
  private counts: Float64Array;
  /**
   * Where a feature index sits in `indices` during one message: an open-addressing table a few KiB in size, so that
   * counting touches cache lines of its own and not a vocabulary-sized array. A slot is live when its stamp is this
   * message's, which spares clearing the table between messages.
   */
  private slotFeature = new Int32Array(2048);
  private slotPosition = new Int32Array(2048);
  private slotStamp = new Int32Array(2048);
  private stamp = 0;
  private readonly config: FeatureConfig;
  private readonly tokenize: Tokenizer;
  private readonly sink: FeatureSink;
  private nnz = 0;

  /**
   * `packedIdf`, when given, replaces `vocabulary.idf` on the hot path: feature i's idf at `values[i × stride]` (the
   * classifier's rows of idf followed by the feature's weights, so that a feature costs one cache line, not two).
   */
  constructor(vocabulary: Vocabulary, config: FeatureConfig, tokenize: Tokenizer, packedIdf?: { values: Float32Array; stride: number }) {
    const dimension = vocabulary.words.length + vocabulary.grams.length;
    if (vocabulary.idf.length !== dimension) throw new Error('idf length does not match the vocabulary');
    this.dimension = dimension;
    this.config = config;
    this.tokenize = tokenize;
    this.idf = packedIdf?.values ?? vocabulary.idf;
    this.idfStride = packedIdf?.stride ?? 1;
    if (this.idf.length < dimension * this.idfStride) throw new Error('packed idf is shorter than the vocabulary');
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
    this.counts = new Float64Array(1024);
    this.indices = new Int32Array(1024);
    this.values = new Float64Array(1024);
    const add = (index: number | undefined, weight: number): void => {
      if (index === undefined || index < 0) return;
      const mask = this.slotFeature.length - 1;
      let slot = slotHash(index) & mask;
      for (;;) {
        if (this.slotStamp[slot] !== this.stamp) {
          // A feature not seen yet in this message.
          if (this.nnz === this.indices.length) this.grow();
          const position = this.nnz++;
          this.indices[position] = index;
          this.counts[position] = weight;
          this.slotFeature[slot] = index;
          this.slotPosition[slot] = position;
          this.slotStamp[slot] = this.stamp;
          if (this.nnz * 2 > this.slotFeature.length) this.growSlots();
          return;
        }
        if (this.slotFeature[slot] === index) {
          const position = this.slotPosition[slot] as number;
          this.counts[position] = (this.counts[position] as number) + weight;
          return;
        }
        slot = (slot + 1) & mask;
      }
    };
    this.sink = {
      word: (token, weight) => add(this.wordIndex.get(token), weight),
      gram: (hi, lo, weight) => add(hi === 0 && lo < UNIGRAM_CODES ? this.unigramIndex[lo] : this.gramIndex.get(hi, lo), weight),
    };
  }

  /** Vectorizes one message into `indices`/`values` and returns the number of non-zero entries. */
  vectorize(input: MessageText): number {
    this.nnz = 0;
    // Stamps only grow; wrapping after 2³¹ messages would need every stale stamp cleared first.
    if (this.stamp === 0x7fffffff) {
      this.slotStamp.fill(0);
      this.stamp = 0;
    }
    this.stamp++;
    emitFeatures(input, this.config, this.tokenize, this.sink);
    const { indices, values, counts, idf, idfStride } = this;
    const nnz = this.nnz;
    let norm = 0;
    for (let k = 0; k < nnz; k++) {
      const value = (1 + Math.log(counts[k] as number)) * (idf[(indices[k] as number) * idfStride] as number);
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
    const counts = new Float64Array(this.counts.length * 2);
    counts.set(this.counts);
    this.counts = counts;
    this.values = new Float64Array(this.values.length * 2);
  }

  /** Doubles the slot table and re-enters this message's features (a message with over a thousand distinct ones). */
  private growSlots(): void {
    const size = this.slotFeature.length * 2;
    this.slotFeature = new Int32Array(size);
    this.slotPosition = new Int32Array(size);
    this.slotStamp = new Int32Array(size);
    const mask = size - 1;
    for (let position = 0; position < this.nnz; position++) {
      const index = this.indices[position] as number;
      let slot = slotHash(index) & mask;
      while (this.slotStamp[slot] === this.stamp) slot = (slot + 1) & mask;
      this.slotFeature[slot] = index;
      this.slotPosition[slot] = position;
      this.slotStamp[slot] = this.stamp;
    }
  }
}
