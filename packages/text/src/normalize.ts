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
  const breaks = (clauseBreaks ??= buildClauseBreaks());
  // An ideographic description sequence is walked over as one unit: a clause break inside one could change that.
  if (IDEOGRAPHIC_DESCRIPTION.test(text)) return convert(text);
  // Only the clauses that hold a marked unit are converted; most flagged texts have one or two of them.
  let converted = '';
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && breaks[text.charCodeAt(i)] !== 1) continue;
    const clause = text.slice(start, i);
    converted += mayNeedConversion(clause) ? convert(clause) : clause;
    if (i < text.length) converted += text[i];
    start = i + 1;
  }
  return converted;
}

const IDEOGRAPHIC_DESCRIPTION = /[\u2ff0-\u2fff]/;

/** Punctuation that can end a clause; those that no dictionary key contains become clause breaks. */
const CLAUSE_PUNCTUATION = '，。！？；：、\n';

let clauseBreaks: Uint8Array | undefined;

/**
 * The clause breaks: characters that occur in no key of any dictionary the converter uses (normalization,
 * segmentation, conversion). No match can span one, so the converter's output on a text is its output on the clauses
 * between them, joined by them, and a clause without a marked unit comes out as it went in.
 */
function buildClauseBreaks(): Uint8Array {
  const breaks = new Uint8Array(0x10000);
  for (const unit of CLAUSE_PUNCTUATION) breaks[unit.charCodeAt(0)] = 1;
  for (const [key] of dictionaryEntries()) for (let i = 0; i < key.length; i++) breaks[key.charCodeAt(i)] = 0;
  return breaks;
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
  const config = chainConfig();
  // Characters that the character tables change on their own.
  const changing = new Set<string>();
  for (const group of config.conversionChain) for (const [key, value] of entriesOf(group)) if (key.length === 1 && key !== value) changing.add(key);
  const mark = (key: string, value: string | undefined): void => {
    if (key.length === 0 || key === value) return;
    let i = 0;
    while (i < key.length && value !== undefined && i < value.length && key.charCodeAt(i) === value.charCodeAt(i)) i++;
    i = Math.min(i, key.length - 1);
    // Any unit of the key will do; a traditional one (a single-character key itself) is rarer in simplified text.
    for (let j = 0; j < key.length; j++) if (changing.has(key[j] as string)) i = j;
    marks[key.charCodeAt(i)] = 1;
  };
  // The segmentation dictionary only cuts the text into pieces; it changes nothing by itself.
  for (const group of [...config.conversionChain, ...(config.normalizationChain ?? [])]) for (const [key, value] of entriesOf(group)) mark(key, value);
  return marks;
}

interface ChainConfig {
  segmentation: DictLike | DictGroup;
  conversionChain: readonly DictGroup[];
  normalizationChain?: readonly DictGroup[];
}

function chainConfig(): ChainConfig {
  const config = (Locale.configs as Record<string, ChainConfig>)[HK_TO_CN_CONFIG];
  if (!config) throw new Error(`opencc-js has no ${HK_TO_CN_CONFIG} configuration`);
  return config;
}

/** Every entry of every dictionary the converter uses: normalization, segmentation and conversion. */
function* dictionaryEntries(): Generator<[string, string | undefined]> {
  const config = chainConfig();
  for (const group of config.normalizationChain ?? []) yield* entriesOf(group);
  yield* entriesOf(config.segmentation);
  for (const group of config.conversionChain) yield* entriesOf(group);
}

/** The [key, value] entries of a dictionary (a 'key value|key value' string or a list of pairs) or of a group of them. */
function* entriesOf(item: DictLike | DictGroup): Generator<[string, string | undefined]> {
  if (typeof item === 'string') {
    for (const entry of item.split('|')) {
      const [key, value] = entry.split(' ');
      if (key !== undefined) yield [key, value];
    }
    return;
  }
  const first = item[0];
  if (first !== undefined && typeof first !== 'string' && typeof first[0] === 'string') {
    for (const [key, value] of item as Iterable<[string, string]>) yield [key, value];
    return;
  }
  for (const dict of item as DictGroup) yield* entriesOf(dict);
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
