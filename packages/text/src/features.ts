import { readFileSync } from 'node:fs';
import { normalizeText } from './normalize.ts';
import { segment } from './segment.ts';

/** Where the stop word list lives: one token per line, `#` comments. */
const STOPWORDS_PATH = new URL('../dict/stopwords.txt', import.meta.url);

/** Function words, hotline courtesies (您好, 尊敬, 领导, 谢谢…) and punctuation: tokens that say nothing about the case. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  readFileSync(STOPWORDS_PATH, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#')),
);

const PUNCTUATION_OR_SYMBOLS = /^[\p{P}\p{S}]+$/u;
// Digits with decimal points, thousands separators or a percent sign: amounts, dates, house and order numbers.
const NUMBER = /^[0-9][0-9.,:%]*$/;
const SINGLE_LATIN_LETTER = /^[a-z]$/;

/**
 * The tokens the classifier sees: normalized text, segmented, lower-cased Latin, without stop words, punctuation,
 * numbers and single Latin letters.
 */
export function segmentForFeatures(text: string): string[] {
  return segment(normalizeText(text))
    .map((token) => token.toLowerCase())
    .filter((token) => !STOPWORDS.has(token)
      && !PUNCTUATION_OR_SYMBOLS.test(token)
      && !NUMBER.test(token)
      && !SINGLE_LATIN_LETTER.test(token));
}
