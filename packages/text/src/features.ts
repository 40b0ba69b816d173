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
  return featureTokens(segment(normalizeText(text)));
}

/**
 * The classifier's tokens out of jieba's cut of normalized text: what `segmentForFeatures` keeps. For callers that
 * already hold the cut (the ticket's index tokens, segmented once at intake) and need not segment again.
 */
export function featureTokens(tokens: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = lowerCase(tokens[i] as string);
    if (STOPWORDS.has(token)) continue;
    // The pattern tests, skipped for tokens whose first character rules them out (most tokens are Chinese words).
    const first = token.charCodeAt(0);
    if (!isCjkIdeograph(first) && PUNCTUATION_OR_SYMBOLS.test(token)) continue;
    if (first >= 0x30 && first <= 0x39 && NUMBER.test(token)) continue;
    if (token.length === 1 && SINGLE_LATIN_LETTER.test(token)) continue;
    kept.push(token);
  }
  return kept;
}

/** CJK unified ideographs (and Extension A): letters, never punctuation or symbols. */
function isCjkIdeograph(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf);
}

/** `token.toLowerCase()`, without the call for tokens made of CJK ideographs and lower-case ASCII only. */
function lowerCase(token: string): string {
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i);
    if (isCjkIdeograph(code) || (code < 0x80 && !(code >= 0x41 && code <= 0x5a))) continue;
    return token.toLowerCase();
  }
  return token;
}
