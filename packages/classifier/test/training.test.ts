import { describe, expect, it } from 'vitest';
import type { LabeledData, LabeledMessage } from '../src/train/data.ts';
import { rejoinTokens } from '../src/train/data.ts';
import { predictNaiveBayes, trainNaiveBayes } from '../src/train/naive-bayes.ts';
import { trainLinearSvm } from '../src/train/linear-svm.ts';
import { trainSoftmaxRegression } from '../src/train/softmax-regression.ts';
import type { SparseDataset } from '../src/train/sparse.ts';
import { DEFAULT_SPLIT_OPTIONS, splitData } from '../src/train/split.ts';

/** Rows of 3 classes; class c always has feature c, plus one shared noise feature 3 + (r mod 3). */
function toyData(rows: number): SparseDataset {
  const rowStart = new Int32Array(rows + 1);
  const indices: number[] = [];
  const values: number[] = [];
  const labels = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    labels[r] = r % 3;
    indices.push(r % 3, 3 + ((r * 7) % 3));
    values.push(0.8, 0.6);
    rowStart[r + 1] = indices.length;
  }
  return { rows, dimension: 6, classes: 3, rowStart, indices: Int32Array.from(indices), values: Float64Array.from(values), labels };
}

describe('softmax regression', () => {
  const options = { l2: 1e-4, epochs: 30, batchSize: 8, learningRate: 0.05, seed: 3, classWeighting: 'balanced' as const };

  it('learns a separable toy problem and is deterministic', () => {
    const data = toyData(60);
    const a = trainSoftmaxRegression(data, options);
    const b = trainSoftmaxRegression(data, options);
    expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
    expect(Array.from(a.bias)).toEqual(Array.from(b.bias));
    for (let c = 0; c < 3; c++) {
      const row = Array.from({ length: 3 }, (_, k) => a.weights[c * 3 + k] as number);
      expect(row.indexOf(Math.max(...row))).toBe(c);
    }
    const nb = trainNaiveBayes(data, 0.1);
    expect(Array.from(predictNaiveBayes(nb, data))).toEqual(Array.from(data.labels));
  });
});

describe('linear SVM', () => {
  it('learns a separable toy problem and is deterministic', () => {
    const data = toyData(60);
    const options = { C: 1, maxPasses: 50, tolerance: 1e-4, biasFeature: 1, seed: 3 };
    const a = trainLinearSvm(data, options);
    expect(Array.from(trainLinearSvm(data, options).weights)).toEqual(Array.from(a.weights));
    for (let r = 0; r < data.rows; r++) {
      const scores = Array.from({ length: 3 }, (_, c) => {
        let s = a.bias[c] as number;
        for (let k = data.rowStart[r] as number; k < (data.rowStart[r + 1] as number); k++) s += (data.values[k] as number) * (a.weights[(data.indices[k] as number) * 3 + c] as number);
        return s;
      });
      expect(scores.indexOf(Math.max(...scores))).toBe(data.labels[r]);
      // One-vs-rest margins: the right class scores positive, the others negative.
      scores.forEach((s, c) => expect(Math.sign(s)).toBe(c === data.labels[r] ? 1 : -1));
    }
  });
});

describe('splitData', () => {
  const raw = (id: string, category: string, body: string): LabeledMessage => ({ id, kind: 'raw', title: null, body, category, rawIds: [id] });
  const seg = (id: string, category: string, body: string, rawIds: string[]): LabeledMessage => ({ id, kind: 'segmented', title: null, body, category, rawIds });
  const cities = '甲乙丙丁戊己庚辛壬癸';
  const rows: LabeledMessage[] = [];
  for (let i = 0; i < 20; i++) {
    const place = `${cities[i % 10]}${cities[Math.floor(i / 10)]}`; // distinct for every row
    rows.push(raw(`r${i}`, i % 2 ? '教育文体' : '城乡建设', `${place}街道居民反映${i % 2 ? '学校收费' : '道路破损'}问题`));
  }
  rows.push(raw('dup', '城乡建设', rows[0]?.body as string)); // same text as r0
  rows.push(raw('x', '城乡建设', '两个标签的留言'), raw('x', '教育文体', '两个标签的留言'));
  const data: LabeledData = {
    raw: rows,
    segmented: [
      ...rows.filter((r) => r.id !== 'x').map((r, i) => seg(`s${i}`, r.category, r.body, [r.id])),
      seg('sx', '城乡建设', '两个标签的留言', ['x']),
      seg('free', '教育文体', '与任何留言都无关的另一段文字', []),
    ],
  };
  const split = splitData(data, { ...DEFAULT_SPLIT_OPTIONS, validationFraction: 0.25, seed: 1 });

  it('holds out raw rows, stratified, and keeps everything made from them out of training', () => {
    expect(split.validation.length).toBe(6); // 10 texts per class (dup repeats r0) × 0.25 = 2.5 → 3 per class
    expect(new Set(split.validation.map((r) => r.category)).size).toBe(2);
    const held = new Set(split.validation.map((r) => r.id));
    if (held.has('r0')) held.add('dup');
    if (held.has('dup')) held.add('r0');
    for (const row of split.train) expect(row.rawIds.some((id) => held.has(id))).toBe(false);
    const validationTexts = new Set(split.validation.map((r) => r.body));
    for (const row of split.train) expect(validationTexts.has(row.body)).toBe(false);
  });

  it('drops conflicting labels and repeats', () => {
    expect(split.stats.conflictingIds).toEqual(['x']);
    expect([...split.train, ...split.validation].some((r) => r.rawIds.includes('x'))).toBe(false);
    const texts = [...split.train, ...split.validation].map((r) => r.body);
    expect(new Set(texts).size).toBe(texts.length);
    expect(split.train.some((r) => r.id === 'free')).toBe(true);
    expect(splitData(data, { ...DEFAULT_SPLIT_OPTIONS, validationFraction: 0.25, seed: 1 })).toEqual(split);
  });
});

describe('rejoinTokens', () => {
  it('joins Chinese tokens without spaces but keeps Latin words apart', () => {
    expect(rejoinTokens('小区 物业 https baidu com 12 号')).toBe('小区物业https baidu com 12号');
  });
});
