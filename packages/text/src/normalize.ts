import { Converter, Locale } from 'opencc-js/t2cn';
import type { DictGroup, DictLike } from 'opencc-js/t2cn';

type Convert = (text: string) => string;

/**
 * Fullwidth punctuation that stays fullwidth: in Chinese prose these are the correct forms, and NFKC would turn
 * `，` into `,` and `（）` into `()`. The fullwidth symbols that live inside numbers, addresses and e-mail
 * addresses (`％＃＄＆＊＋－．／＜＝＞＠＼＾＿｀｜`) are not kept: NFKC makes them ASCII like the letters and digits.
 * `…` and `‥` are kept too, because NFKC would spell them out as `...` and `..`.
 */
const KEEP_AS_IS = '！＂＇（），：；？［］｛｝～…‥';
const NOT_KEPT_RUN = new RegExp(`[^${KEEP_AS_IS}]+`, 'gu');

// Invisible characters that only get in the way of matching and segmenting: format characters (zero-width space
// and joiners, BOM, soft hyphen, direction marks) and control characters that are neither whitespace nor a line break.
const INVISIBLE = /(?![\t\n\v\f\r\u0085])[\p{Cc}\p{Cf}]/gu;

let toSimplified: Convert | undefined;

/**
 * Hong Kong and Taiwan traditional characters to mainland simplified. OpenCC's `hk` source variant is used for
 * both: its variant table is safe on text that is already simplified, while the `tw` table rewrites simplified
 * 么 to 幺 and 显著 to 显着. Taiwan-only variant characters are still covered by the traditional→simplified
 * character table. Built on first use: the tables take a moment to load.
 */
function simplify(text: string): string {
  if (!mayNeedConversion(text)) return text;
  const convert = (toSimplified ??= Converter({ from: 'hk', to: 'cn' }));
  return convert(text);
}

/** The OpenCC configuration behind `Converter({ from: 'hk', to: 'cn' })`. */
const HK_TO_CN_CONFIG = 'hk2s';

let conversionMarks: Uint8Array | undefined;

/**
 * OpenCC only changes text where a dictionary key that maps to something else occurs (keys that map to
 * themselves only keep longer phrases intact). For every such key of the dictionaries the converter uses, one
 * UTF-16 unit of the key is marked: the first where key and replacement differ, usually the traditional
 * character. A text holding none of the marked units contains none of those keys, so the converter would return
 * it unchanged and is skipped: simplified text, the usual case, never pays for the converter's trie walk.
 */
function buildConversionMarks(): Uint8Array {
  const marks = new Uint8Array(0x10000);
  const config = (Locale.configs as Record<string, { segmentation: DictLike | DictGroup; conversionChain: readonly DictGroup[]; normalizationChain?: readonly DictGroup[] }>)[HK_TO_CN_CONFIG];
  if (!config) throw new Error(`opencc-js has no ${HK_TO_CN_CONFIG} configuration`);
  const mark = (key: string, value: string | undefined): void => {
    if (key.length === 0 || key === value) return;
    let i = 0;
    while (i < key.length && value !== undefined && i < value.length && key.charCodeAt(i) === value.charCodeAt(i)) i++;
    i = Math.min(i, key.length - 1);
    // Any unit of the key will do; a traditional one (a single-character key itself) is rarer in simplified text.
    for (let j = 0; j < key.length; j++) if (changing.has(key[j] as string)) i = j;
    marks[key.charCodeAt(i)] = 1;
  };
  const singles = (dict: DictLike): Array<[string, string]> =>
    (typeof dict === 'string' ? dict.split('|').map((entry) => entry.split(' ') as [string, string]) : [...dict])
      .filter(([key, value]) => key.length === 1 && key !== value);
  // Characters that the character tables change on their own.
  const changing = new Set<string>();
  for (const group of config.conversionChain) for (const dict of group) for (const [key] of singles(dict)) changing.add(key);
  const markDict = (dict: DictLike): void => {
    if (typeof dict === 'string') {
      for (const entry of dict.split('|')) {
        const [key, value] = entry.split(' ');
        if (key !== undefined) mark(key, value);
      }
    } else {
      for (const [key, value] of dict) mark(key, value);
    }
  };
  // A dictionary is a 'key value|key value' string or a list of [key, value] pairs; a group is a list of dictionaries.
  const markDictOrGroup = (item: DictLike | DictGroup): void => {
    if (typeof item === 'string') return markDict(item);
    const first = item[0];
    if (first !== undefined && typeof first !== 'string' && typeof first[0] === 'string') return markDict(item as DictLike);
    for (const dict of item as DictGroup) markDict(dict);
  };
  // The segmentation dictionary only cuts the text into pieces; it changes nothing by itself.
  for (const group of config.conversionChain) markDictOrGroup(group);
  for (const group of config.normalizationChain ?? []) markDictOrGroup(group);
  return marks;
}

/** False when the converter would return `text` as it is (see {@link buildConversionMarks}). */
function mayNeedConversion(text: string): boolean {
  const marks = (conversionMarks ??= buildConversionMarks());
  for (let i = 0; i < text.length; i++) if (marks[text.charCodeAt(i)] === 1) return true;
  return false;
}

/**
 * The canonical form of citizen text before it is stored, indexed or classified:
 * 1. NFKC everywhere except the fullwidth prose punctuation in {@link KEEP_AS_IS}: `ＡＢＣ１２３` → `ABC123`,
 *    ideographic and no-break spaces → space, `０．３５` → `0.35`, halfwidth `｡｢｣､` → `。「」、`, and
 *    compatibility ideographs → their unified forms; `，。！？：；（）、“”《》` are left as typed.
 * 2. Zero-width and other format characters (BOM, soft hyphen, direction marks) and control characters other
 *    than whitespace and line breaks are removed.
 * 3. Traditional Chinese (Hong Kong or Taiwan) → simplified (OpenCC).
 * 4. Line breaks become `\n`; runs of spaces and tabs become one space; spaces at line ends go; three or more
 *    newlines become two (one blank line keeps paragraphs apart); the whole text is trimmed.
 */
export function normalizeText(text: string): string {
  const nfkc = text.replace(NOT_KEPT_RUN, (run) => run.normalize('NFKC')).replace(INVISIBLE, '');
  return simplify(nfkc)
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
