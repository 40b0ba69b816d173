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
 * Character n-grams are identified by an exact integer key built from their UTF-16 code units
 * (c1·65536² + c2·65536 + c3), so inference builds no strings for them. CJK code units are ≥ 0x3400, so keys of
 * different orders never collide.
 */
import { createHash } from 'node:crypto';

export interface MessageText {
  readonly title?: string | null;
  readonly body: string;
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
  gram(key: number, weight: number): void;
}

const GRAM_BASE = 65536;

export function isCjkCode(code: number): boolean {
  return (code >= 0x3400 && code <= 0x9fff) || (code >= 0xf900 && code <= 0xfaff);
}

function isAsciiLetter(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
}

/** The integer key of a character n-gram given as a string of 1–3 CJK characters. */
export function gramKey(gram: string): number {
  let key = 0;
  for (let i = 0; i < gram.length; i++) key = key * GRAM_BASE + gram.charCodeAt(i);
  return key;
}

/** The string form of a character n-gram key (for the model file and for explanations). */
export function gramFromKey(key: number): string {
  const codes: number[] = [];
  let rest = key;
  while (rest > 0) {
    codes.unshift(rest % GRAM_BASE);
    rest = Math.floor(rest / GRAM_BASE);
  }
  return String.fromCharCode(...codes);
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
    emitField(title, config.titleWeight, config, tokenize, sink);
  }
  if (input.body.length > 0) emitField(input.body, 1, config, tokenize, sink);
}

function emitField(text: string, weight: number, config: FeatureConfig, tokenize: Tokenizer, sink: FeatureSink): void {
  const orders = config.charNgrams;
  const uni = orders.includes(1);
  const bi = orders.includes(2);
  const tri = orders.includes(3);
  const anyGram = uni || bi || tri;
  const minLatin = config.minLatinWordLength;
  let p1 = -1;
  let p2 = -1;
  for (const token of tokenize(text)) {
    const length = token.length;
    let cjk = 0;
    let latin = 0;
    for (let i = 0; i < length; i++) {
      const code = token.charCodeAt(i);
      if (isCjkCode(code)) {
        cjk++;
        if (anyGram) {
          if (uni) sink.gram(code, weight);
          if (bi && p1 >= 0) sink.gram(p1 * GRAM_BASE + code, weight);
          if (tri && p2 >= 0) sink.gram((p2 * GRAM_BASE + p1) * GRAM_BASE + code, weight);
          p2 = p1;
          p1 = code;
        }
      } else if (isAsciiLetter(code)) {
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
