/**
 * Feature extraction: one function turns a message (title + body) into weighted features, and both training and
 * inference go through it, so the two can never disagree about what a feature is.
 *
 * Features are
 * - words: the tokens of the configured tokenizer (jieba with the civic dictionary, stopwords dropped), reduced to
 *   their CJK characters (anonymisation codes such as "A3" or "K8", numbers and punctuation disappear), plus
 *   all-Latin words of a minimum length, lower-cased ("app", "etc");
 * - character n-grams (orders 1–3) over the stream of CJK characters of the kept tokens, joined without
 *   separators. That stream is the same whether the input was raw text or text that someone already cut and
 *   stripped of stopwords, which is what makes the pre-segmented training rows usable for a raw-text model.
 *
 * Character n-grams are identified without building strings: each CJK character has a 15-bit code (1 … 28160,
 * see `cjkCode`), and an n-gram is the pair of int32 numbers (hi, lo) = (0, c1) for a 1-gram, (0, c1·2¹⁵ + c2)
 * for a 2-gram and (c1, c2·2¹⁵ + c3) for a 3-gram. Codes are never 0, so the orders never collide.
 */
import { createHash } from 'node:crypto';

export interface MessageText {
  readonly title?: string | null;
  readonly body: string;
  /** The tokenizer's output for the title and body when the caller already has it; a field without it is tokenized. */
  readonly tokens?: { readonly title?: readonly string[]; readonly body?: readonly string[] };
}

export interface FeatureConfig {
  /** Emit the tokenizer's words as features. */
  readonly words: boolean;
  /** Character n-gram orders over the CJK stream, each 1, 2 or 3. */
  readonly charNgrams: readonly number[];
  /** How much a title feature counts relative to a body feature (2 = a title word counts twice). */
  readonly titleWeight: number;
  /** Shortest all-Latin token kept as a word feature; 0 drops Latin words. */
  readonly minLatinWordLength: number;
}

export const DEFAULT_FEATURE_CONFIG: FeatureConfig = {
  words: true,
  charNgrams: [2, 3],
  titleWeight: 2,
  minLatinWordLength: 2,
};

/** Text → tokens. Normalisation (NFKC, traditional → simplified, …) is the tokenizer's business. */
export type Tokenizer = (text: string) => readonly string[];

/** Receives the features of one message; called once per occurrence with the field's weight. */
export interface FeatureSink {
  word(token: string, weight: number): void;
  /** A character n-gram as its (hi, lo) pair of int32 numbers. */
  gram(hi: number, lo: number, weight: number): void;
}

const SHIFT = 15;
const CJK_MAIN_FIRST = 0x3400;
const CJK_MAIN_LAST = 0x9fff;
const CJK_COMPAT_FIRST = 0xf900;
const CJK_COMPAT_LAST = 0xfaff;
const COMPAT_OFFSET = CJK_MAIN_LAST - CJK_MAIN_FIRST + 2;

export function isCjkCode(code: number): boolean {
  return (code >= CJK_MAIN_FIRST && code <= CJK_MAIN_LAST) || (code >= CJK_COMPAT_FIRST && code <= CJK_COMPAT_LAST);
}

/** The 15-bit code (≥ 1) of a CJK UTF-16 code unit (CJK Extension A, unified ideographs, compatibility ideographs); 0 for anything else. */
export function cjkCode(code: number): number {
  if (code >= CJK_MAIN_FIRST && code <= CJK_MAIN_LAST) return code - CJK_MAIN_FIRST + 1;
  if (code >= CJK_COMPAT_FIRST && code <= CJK_COMPAT_LAST) return code - CJK_COMPAT_FIRST + COMPAT_OFFSET;
  return 0;
}

function charOfCjkCode(c: number): string {
  return String.fromCharCode(c < COMPAT_OFFSET ? c - 1 + CJK_MAIN_FIRST : c - COMPAT_OFFSET + CJK_COMPAT_FIRST);
}

function isAsciiLetter(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
}

/** The (hi, lo) pair of a character n-gram of 1–3 CJK characters. */
export function gramParts(gram: string): [number, number] {
  const codes = Array.from({ length: gram.length }, (_, i) => cjkCode(gram.charCodeAt(i)));
  if (codes.length < 1 || codes.length > 3 || codes.some((c) => c === 0)) throw new Error(`not a CJK n-gram: ${gram}`);
  const [a, b, c] = codes as [number, number?, number?];
  if (b === undefined) return [0, a];
  if (c === undefined) return [0, (a << SHIFT) | b];
  return [a, (b << SHIFT) | c];
}

/** The string form of a character n-gram given by its (hi, lo) pair (for the model file and explanations). */
export function gramFromParts(hi: number, lo: number): string {
  const codes = hi > 0 ? [hi, lo >>> SHIFT, lo & 0x7fff] : lo >>> SHIFT > 0 ? [lo >>> SHIFT, lo & 0x7fff] : [lo];
  return codes.map(charOfCjkCode).join('');
}

export function validateFeatureConfig(config: FeatureConfig): void {
  for (const n of config.charNgrams) {
    if (n !== 1 && n !== 2 && n !== 3) throw new Error(`character n-gram order must be 1, 2 or 3, not ${n}`);
  }
  if (!(config.titleWeight > 0)) throw new Error('titleWeight must be positive');
  if (!config.words && config.charNgrams.length === 0) throw new Error('the feature config emits no features');
}

/**
 * Emits the features of one message into `sink`. Title features carry `config.titleWeight`, body features 1; the
 * n-gram stream does not run across the title/body boundary.
 */
export function emitFeatures(input: MessageText, config: FeatureConfig, tokenize: Tokenizer, sink: FeatureSink): void {
  const title = input.title;
  if (title !== undefined && title !== null && title.length > 0) {
    emitField(input.tokens?.title ?? tokenize(title), config.titleWeight, config, sink);
  }
  if (input.body.length > 0) emitField(input.tokens?.body ?? tokenize(input.body), 1, config, sink);
}

function emitField(tokens: readonly string[], weight: number, config: FeatureConfig, sink: FeatureSink): void {
  const orders = config.charNgrams;
  const uni = orders.includes(1);
  const bi = orders.includes(2);
  const tri = orders.includes(3);
  const anyGram = uni || bi || tri;
  const minLatin = config.minLatinWordLength;
  let p1 = 0;
  let p2 = 0;
  for (const token of tokens) {
    const length = token.length;
    let cjk = 0;
    let latin = 0;
    for (let i = 0; i < length; i++) {
      const unit = token.charCodeAt(i);
      const code = cjkCode(unit);
      if (code > 0) {
        cjk++;
        if (anyGram) {
          if (uni) sink.gram(0, code, weight);
          if (bi && p1 > 0) sink.gram(0, (p1 << SHIFT) | code, weight);
          if (tri && p2 > 0) sink.gram(p2, (p1 << SHIFT) | code, weight);
          p2 = p1;
          p1 = code;
        }
      } else if (isAsciiLetter(unit)) {
        latin++;
      }
    }
    if (!config.words) continue;
    if (cjk === length) {
      sink.word(token, weight);
    } else if (cjk > 0) {
      sink.word(cjkOnly(token), weight);
    } else if (minLatin > 0 && latin === length && length >= minLatin) {
      sink.word(token.toLowerCase(), weight);
    }
  }
}

function cjkOnly(token: string): string {
  let out = '';
  for (let i = 0; i < token.length; i++) {
    if (isCjkCode(token.charCodeAt(i))) out += token[i];
  }
  return out;
}

/** Sentences written for this purpose only; how the tokenizer cuts them identifies its dictionary and rules. */
const PROBE_SENTENCES = [
  '小区物业乱收停车费，业主多次投诉无人处理',
  '公司拖欠农民工工资半年，请劳动监察大队介入',
  '孩子就读的公办小学额外收取校服费和补课费',
  '希望公交公司在新开发区增设一条公交线路',
  '化工厂夜间偷排废气，附近居民闻到刺鼻气味',
  '社区卫生服务中心疫苗接种预约难',
];

/** A short hash of how `tokenize` cuts fixed probe sentences: it changes when the dictionary or stopwords do. */
export function tokenizerFingerprint(tokenize: Tokenizer): string {
  const cuts = PROBE_SENTENCES.map((sentence) => tokenize(sentence).join('/')).join('\n');
  return createHash('sha256').update(cuts).digest('hex').slice(0, 12);
}
