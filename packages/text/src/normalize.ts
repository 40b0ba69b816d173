import { Converter } from 'opencc-js/t2cn';

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
  const convert = (toSimplified ??= Converter({ from: 'hk', to: 'cn' }));
  return convert(text);
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
