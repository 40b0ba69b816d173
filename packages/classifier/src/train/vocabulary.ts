/** Vocabulary selection by document frequency, and the idf that goes with it. */
import { emitFeatures, gramFromParts } from '../features.ts';
import type { FeatureConfig, MessageText, Tokenizer } from '../features.ts';
import { smoothIdf } from '../vectorizer.ts';
import type { Vocabulary } from '../vectorizer.ts';

export interface VocabularyOptions {
  /** Keep words seen in at least this many training documents. */
  readonly minWordDf: number;
  /** Keep character n-grams seen in at least this many training documents. */
  readonly minGramDf: number;
}

/** (hi, lo) → one exact number: lo < 2³⁰. */
const PAIR = 2 ** 30;

interface Counter<K> {
  df: Map<K, number>;
  last: Map<K, number>;
}

function count<K>(counter: Counter<K>, key: K, doc: number): void {
  if (counter.last.get(key) === doc) return;
  counter.last.set(key, doc);
  counter.df.set(key, (counter.df.get(key) ?? 0) + 1);
}

export function buildVocabulary(
  documents: readonly MessageText[],
  config: FeatureConfig,
  tokenize: Tokenizer,
  options: VocabularyOptions,
): Vocabulary {
  const words: Counter<string> = { df: new Map(), last: new Map() };
  const grams: Counter<number> = { df: new Map(), last: new Map() };
  let doc = 0;
  const sink = {
    word: (token: string): void => count(words, token, doc),
    gram: (hi: number, lo: number): void => count(grams, hi * PAIR + lo, doc),
  };
  for (const document of documents) {
    emitFeatures(document, config, tokenize, sink);
    doc++;
  }
  const keptWords = [...words.df].filter(([, df]) => df >= options.minWordDf).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const keptGrams = [...grams.df].filter(([, df]) => df >= options.minGramDf).sort(([a], [b]) => a - b);
  const n = documents.length;
  const idf = new Float32Array(keptWords.length + keptGrams.length);
  keptWords.forEach(([, df], i) => (idf[i] = smoothIdf(df, n)));
  keptGrams.forEach(([, df], i) => (idf[keptWords.length + i] = smoothIdf(df, n)));
  return { words: keptWords.map(([w]) => w), grams: keptGrams.map(([k]) => gramFromParts(Math.floor(k / PAIR), k % PAIR)), idf };
}

/** Wraps a tokenizer so each distinct text is cut once (training reads every document several times). */
export function memoizeTokenizer(tokenize: Tokenizer): Tokenizer {
  const memo = new Map<string, readonly string[]>();
  return (text) => {
    let tokens = memo.get(text);
    if (!tokens) {
      tokens = tokenize(text);
      memo.set(text, tokens);
    }
    return tokens;
  };
}
