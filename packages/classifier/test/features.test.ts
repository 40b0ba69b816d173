import { describe, expect, it } from 'vitest';
import { cjkCode, emitFeatures, gramFromParts, gramParts, tokenizerFingerprint } from '../src/features.ts';
import type { FeatureConfig, MessageText, Tokenizer } from '../src/features.ts';
import { tokenizeForFeatures } from '../src/tokenize.ts';
import { TfidfVectorizer } from '../src/vectorizer.ts';

const CONFIG: FeatureConfig = { words: true, charNgrams: [2, 3], titleWeight: 2, minLatinWordLength: 2 };

/** Splits on spaces: lets tests fix the tokens exactly. */
const spaces: Tokenizer = (text) => text.split(' ').filter((t) => t.length > 0);

function collect(input: MessageText, tokenize: Tokenizer, config: FeatureConfig = CONFIG): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  emitFeatures(input, config, tokenize, {
    word: (token, weight) => out.push([`w:${token}`, weight]),
    gram: (hi, lo, weight) => out.push([`g:${gramFromParts(hi, lo)}`, weight]),
  });
  return out;
}

describe('character n-gram keys', () => {
  it('round-trip 1-, 2- and 3-grams and never collide across orders', () => {
    const grams = ['路', '道路', '修道路', '㐀', '丽', '\uf900\u4e00'];
    const keys = new Set<string>();
    for (const gram of grams) {
      const [hi, lo] = gramParts(gram);
      expect(gramFromParts(hi, lo)).toBe(gram);
      keys.add(`${hi}/${lo}`);
    }
    expect(keys.size).toBe(grams.length);
    expect(() => gramParts('ab')).toThrow();
  });

  it('codes only CJK ideographs', () => {
    expect(cjkCode('路'.charCodeAt(0))).toBeGreaterThan(0);
    expect(cjkCode('A'.charCodeAt(0))).toBe(0);
    expect(cjkCode('，'.charCodeAt(0))).toBe(0);
  });
});

describe('emitFeatures', () => {
  it('emits words and n-grams over the CJK stream of the kept tokens, across token boundaries', () => {
    const features = collect({ body: '小区 A3 物业 ， app X' }, spaces).map(([f]) => f);
    expect(features).toEqual([
      'g:小区', 'w:小区', // a token's n-grams come before the word
      'g:区物', 'g:小区物', 'g:物业', 'g:区物业', 'w:物业', // A3 is dropped and does not break the stream
      'w:app', // one-letter Latin words and punctuation are dropped
    ]);
  });

  it('keeps the CJK characters of mixed tokens ("A市" → "市")', () => {
    expect(collect({ body: 'A市' }, spaces, { ...CONFIG, charNgrams: [] })).toEqual([['w:市', 1]]);
  });

  it('weights title features and does not run n-grams across the title/body boundary', () => {
    const features = collect({ title: '噪音', body: '扰民' }, spaces);
    expect(features).toEqual([
      ['g:噪音', 2], ['w:噪音', 2],
      ['g:扰民', 1], ['w:扰民', 1],
    ]);
    expect(collect({ title: null, body: '扰民' }, spaces)).toEqual(collect({ body: '扰民' }, spaces));
    expect(collect({ title: '', body: '扰民' }, spaces)).toEqual(collect({ body: '扰民' }, spaces));
  });

  it('is deterministic with the real tokenizer', () => {
    const input = { title: '小区噪音扰民', body: '楼下烧烤店每天营业到凌晨两点，油烟和噪音严重影响居民休息。' };
    const first = collect(input, tokenizeForFeatures);
    expect(first.length).toBeGreaterThan(10);
    expect(collect(input, tokenizeForFeatures)).toEqual(first);
    expect(tokenizerFingerprint(tokenizeForFeatures)).toBe(tokenizerFingerprint(tokenizeForFeatures));
  });

  it('sees raw text and the same text pre-cut without stopwords alike (n-gram stream)', () => {
    const grams = (text: string): string[] =>
      collect({ body: text }, tokenizeForFeatures, { ...CONFIG, words: false }).map(([f]) => f);
    expect(grams('工地夜间施工噪音扰民，请城管执法局查处！')).toEqual(grams('工地夜间施工噪音扰民城管执法局查处'));
  });
});

describe('TfidfVectorizer', () => {
  const vocabulary = { words: ['噪音', '扰民'], grams: ['噪音', '扰民'], idf: Float32Array.from([1, 2, 1, 2]) };

  it('produces l2-normalised sublinear TF-IDF, ignores unknown features, keeps no state between calls', () => {
    const vectorizer = new TfidfVectorizer(vocabulary, { ...CONFIG, charNgrams: [2] }, spaces);
    const read = (input: MessageText): Map<number, number> => {
      const nnz = vectorizer.vectorize(input);
      return new Map(Array.from({ length: nnz }, (_, k) => [vectorizer.indices[k] as number, vectorizer.values[k] as number]));
    };
    const a = read({ body: '噪音 噪音 扰民 楼道' });
    const norm = [...a.values()].reduce((s, v) => s + v * v, 0);
    expect(norm).toBeCloseTo(1, 10);
    // 噪音 twice: (1 + ln 2)·1; 扰民 once: 1·2.
    expect((a.get(0) as number) / (a.get(1) as number)).toBeCloseTo((1 + Math.log(2)) / 2, 10);
    expect(read({ body: '楼道' }).size).toBe(0);
    expect(read({ body: '噪音 噪音 扰民 楼道' })).toEqual(a);
  });

  it('counts messages with thousands of distinct features exactly, however often the same features recur', () => {
    // 3,000 distinct words, each i + 1 times: more than the counting table's first size, so it grows mid-message.
    const words = Array.from({ length: 3000 }, (_, i) => String.fromCharCode(0x4e00 + i) + String.fromCharCode(0x5e00 + i));
    const big = { words, grams: [], idf: Float32Array.from(words, (_, i) => 1 + (i % 7) / 7) };
    const vectorizer = new TfidfVectorizer(big, { ...CONFIG, charNgrams: [] }, spaces);
    const body = words.flatMap((word, i) => Array.from({ length: 1 + (i % 5) }, () => word));
    // Shuffled deterministically, so repeats of a word are far apart.
    for (let i = body.length - 1; i > 0; i--) {
      const j = (i * 7919) % (i + 1);
      [body[i], body[j]] = [body[j] as string, body[i] as string];
    }
    const expected = words.map((_, i) => (1 + Math.log(1 + (i % 5))) * (big.idf[i] as number));
    const norm = Math.sqrt(expected.reduce((sum, value) => sum + value * value, 0));
    for (let round = 0; round < 2; round++) {
      const nnz = vectorizer.vectorize({ body: body.join(' ') });
      expect(nnz).toBe(3000);
      const got = new Map(Array.from({ length: nnz }, (_, k) => [vectorizer.indices[k] as number, vectorizer.values[k] as number]));
      for (const [i, value] of expected.entries()) expect(got.get(i)).toBeCloseTo(value / norm, 12);
    }
  });

  it('reads the idf from packed rows when given them (idf then the weights of each feature)', () => {
    const packed = Float32Array.from([1, 9, 9, 2, 9, 9, 1, 9, 9, 2, 9, 9]);
    const plain = new TfidfVectorizer(vocabulary, CONFIG, spaces);
    const rows = new TfidfVectorizer(vocabulary, CONFIG, spaces, { values: packed, stride: 3 });
    const input = { title: '扰民', body: '噪音 噪音 扰民' };
    const nnz = plain.vectorize(input);
    expect(rows.vectorize(input)).toBe(nnz);
    expect(Array.from(rows.values.subarray(0, nnz))).toEqual(Array.from(plain.values.subarray(0, nnz)));
    expect(() => new TfidfVectorizer(vocabulary, CONFIG, spaces, { values: packed, stride: 4 })).toThrow(/shorter/);
  });
});
