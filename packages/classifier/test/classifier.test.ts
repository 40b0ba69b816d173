import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_PATH, LinearClassifier, loadClassifier, parseModel, serializeModel, tokenizerFingerprint, tokenizeForFeatures } from '../src/index.ts';
import type { LinearModel, Tokenizer } from '../src/index.ts';

const LABELS = ['交通运输', '劳动和社会保障', '卫生计生', '商贸旅游', '城乡建设', '教育文体', '环境保护'];

describe('the committed model', () => {
  const classifier = loadClassifier();

  it('loads once and names itself', () => {
    expect(loadClassifier()).toBe(classifier);
    expect(loadClassifier(DEFAULT_MODEL_PATH)).toBe(classifier);
    expect(classifier.version).toMatch(/^tipdm7-linear-\d{8}-[0-9a-f]{8}$/);
    expect([...classifier.labels].sort()).toEqual([...LABELS].sort());
  });

  // The first tokenizer call loads jieba's dictionaries: seconds on a busy machine.
  it('was trained with the tokenizer in use (retrain with scripts/train-classifier when the dictionary or stopwords change)', () => {
    expect(classifier.model.tokenizer.fingerprint).toBe(tokenizerFingerprint(tokenizeForFeatures));
  }, 30_000);

  // Messages written for this test; none is from the training data.
  it.each([
    [{ title: '讨要工资', body: '我们在工地干了半年活，包工头一直拖欠工资不发，请劳动监察部门帮我们讨薪。' }, '劳动和社会保障'],
    [{ body: '孩子所在的公办小学开学要求每人交一千元资料费和补课费，这样收费合理吗？' }, '教育文体'],
    [{ title: null, body: '出租车司机拒载，还不打表乱收费，希望交通运输部门加强对出租车的管理。' }, '交通运输'],
    [{ body: '附近化工厂每天晚上偷偷排放黑烟，气味刺鼻，严重污染空气，居民不敢开窗。' }, '环境保护'],
    [{ body: '县人民医院看病收费太贵，医生乱开大处方，请卫生部门管一管。' }, '卫生计生'],
    [{ body: '旅行社低价团强制游客购物，导游态度恶劣，请旅游部门查处。' }, '商贸旅游'],
    // In the official taxonomy buses are 城乡建设 (城市建设和市政管理 / 公共汽车), not 交通运输.
    [{ title: '建议增设公交线路', body: '希望在我们小区门口增设一条公交线路，现在居民出行很不方便。' }, '城乡建设'],
  ])('classifies %o as %s', (input, expected) => {
    const result = classifier.classify(input);
    expect(result.category).toBe(expected);
    expect(result.confidence).toBeGreaterThan(0.5);
    expect(result.modelVersion).toBe(classifier.version);
  });

  it('returns the top k sorted by probability, and probabilities that sum to 1', () => {
    const input = { body: '小区旁边的建筑工地夜里施工，噪音很大，影响休息。' };
    const all = classifier.classify(input, LABELS.length);
    expect(all.alternatives).toHaveLength(LABELS.length - 1);
    const probabilities = [all.confidence, ...all.alternatives.map((a) => a.probability)];
    expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    for (let i = 1; i < probabilities.length; i++) expect(probabilities[i]).toBeLessThanOrEqual(probabilities[i - 1] as number);
    expect(new Set([all.category, ...all.alternatives.map((a) => a.category)]).size).toBe(LABELS.length);

    const top3 = classifier.classify(input);
    expect(top3.alternatives).toEqual(all.alternatives.slice(0, 2));
    expect(top3.category).toBe(all.category);
    expect(classifier.classify(input, 1).alternatives).toEqual([]);
    expect(classifier.classify(input, 0).alternatives).toEqual([]);
    expect(classifier.classify(input, 99).alternatives).toHaveLength(LABELS.length - 1);
  });

  it('carries a gating threshold chosen for 97 % precision on validation', () => {
    const gating = classifier.model.gating;
    expect(gating).toBeDefined();
    expect(gating?.targetPrecision).toBe(0.97);
    expect(gating?.precision).toBeGreaterThanOrEqual(0.97);
    expect(gating?.coverage).toBeGreaterThan(0.5);
    expect(gating?.threshold).toBeGreaterThan(0.5);
    expect(gating?.threshold).toBeLessThan(1);
    expect(classifier.gatingThreshold).toBe(gating?.threshold);
  });

  it('answers for empty or feature-less text with a low confidence', () => {
    for (const body of ['', '。。。', '12345', 'A3']) {
      const result = classifier.classify({ body });
      expect(LABELS).toContain(result.category);
      expect(result.confidence).toBeLessThan(0.6);
    }
  });
});

describe('a hand-made model', () => {
  const spaces: Tokenizer = (text) => text.split(' ').filter((t) => t.length > 0);
  const model: LinearModel = {
    version: 'test-1',
    trainedOn: '2020-01-01',
    labels: ['good', 'bad'],
    features: { words: true, charNgrams: [], titleWeight: 2, minLatinWordLength: 2 },
    tokenizer: { id: 'spaces', fingerprint: 'x' },
    vocabulary: { words: ['好', '坏'], grams: [], idf: Float32Array.from([1, 1]) },
    // feature-major: 好 → (good +2, bad −2), 坏 → (good −2, bad +2)
    weights: Float32Array.from([2, -2, -2, 2]),
    bias: Float64Array.from([0.5, -0.5]),
    temperature: 2,
    training: { note: 'unit test' },
  };

  it('computes logits and tempered probabilities', () => {
    const classifier = new LinearClassifier(model, spaces);
    expect(Array.from(classifier.logits({ body: '好' }))).toEqual([2.5, -2.5]);
    const result = classifier.classify({ body: '好' }, 2);
    expect(result.category).toBe('good');
    expect(result.confidence).toBeCloseTo(1 / (1 + Math.exp(-5 / 2)), 12);
    expect(result.alternatives).toEqual([{ category: 'bad', probability: expect.closeTo(1 - result.confidence, 12) }]);
    // Title words count twice: 好 in the title outweighs 坏 once in the body (tf-idf: (1 + ln 2) vs 1).
    expect(classifier.classify({ title: '好', body: '坏' }).category).toBe('good');
  });

  it('has no gating threshold unless the file has one: nothing is routed automatically', () => {
    expect(new LinearClassifier(model, spaces).gatingThreshold).toBe(Number.POSITIVE_INFINITY);
    const gated: LinearModel = { ...model, gating: { threshold: 0.9, targetPrecision: 0.97, precision: 0.975, coverage: 0.7, n: 100, measuredOn: 'test' } };
    expect(new LinearClassifier(gated, spaces).gatingThreshold).toBe(0.9);
    expect(parseModel(serializeModel(gated, true)).gating).toEqual(gated.gating);
    expect(parseModel(serializeModel(model, true)).gating).toBeUndefined();
  });

  it('survives the file format (gzip or not) up to int16 quantisation', () => {
    for (const gzip of [true, false]) {
      const bytes = serializeModel(model, gzip);
      expect(bytes[0] === 0x1f && bytes[1] === 0x8b).toBe(gzip);
      const back = parseModel(bytes);
      expect(back.version).toBe('test-1');
      expect(back.labels).toEqual(['good', 'bad']);
      expect(back.temperature).toBe(2);
      Array.from(back.weights).forEach((w, i) => expect(w).toBeCloseTo(model.weights[i] as number, 3));
      expect(Array.from(back.vocabulary.idf)).toEqual([1, 1]);
    }
    expect(serializeModel(model, true)).toEqual(serializeModel(model, true));
    expect(() => parseModel(Buffer.from('{"format":"other"}'))).toThrow(/model file/);
  });
});
