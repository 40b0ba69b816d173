export const PII_KINDS = ['mobile', 'landline', 'id_card', 'bank_card', 'email'] as const;
export type PiiKind = (typeof PII_KINDS)[number];

/** A piece of personal data found in a text; `start`/`end` are UTF-16 offsets into the text given, end exclusive. */
export interface PiiFinding {
  kind: PiiKind;
  start: number;
  end: number;
}

export interface MaskedText {
  text: string;
  found: PiiFinding[];
}

interface Detector {
  kind: PiiKind;
  pattern: RegExp;
  /** Checks the match beyond its shape (checksums, dates); absent when the shape is enough. */
  isValid?: (match: RegExpExecArray) => boolean;
  /** The masked form of the (folded) match: same length, `*` where a character is hidden. */
  mask: (match: RegExpExecArray) => string;
}

// Number boundaries: a number never starts or ends next to another digit, so digits inside a longer run (an order
// number, a timestamp) never match in part, nor next to a decimal point (amounts such as 13912345678.50).
// Lookarounds instead of \b, which does not see CJK as a boundary.
const NO_DIGIT_BEFORE = '(?<![0-9]|[0-9]\\.)';
const NO_DIGIT_AFTER = '(?![0-9]|\\.[0-9])';
// Separators people type inside numbers: space, hyphen, em and en dash (fullwidth forms are folded first).
const SEP = '[ —–-]?';
// After an area code people also type "0736- 7898402" or "0746--2213405".
const AREA_SEP = '[ —–-]{0,3}';

const PROVINCE_CODES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54,
  61, 62, 63, 64, 65, 71, 81, 82, 83,
]);
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';

/** The GB 11643 check character of the first 17 digits of a resident ID number. */
function idCardCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK_CHARS[sum % 11] ?? '';
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function isIdCard18(id: string): boolean {
  const birth = id.slice(6, 14);
  return PROVINCE_CODES.has(Number(id.slice(0, 2)))
    && isRealDate(Number(birth.slice(0, 4)), Number(birth.slice(4, 6)), Number(birth.slice(6, 8)))
    && idCardCheckChar(id.slice(0, 17)) === id.slice(17).toUpperCase();
}

/** Luhn (mod 10), the check on payment card numbers. */
function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    // Every second digit counted from the right (the check digit being the first) is doubled.
    const doubled = (digits.length - i) % 2 === 0;
    const value = Number(digits[i]) * (doubled ? 2 : 1);
    sum += value > 9 ? value - 9 : value;
  }
  return sum % 10 === 0;
}

/**
 * Replaces the digits (and an ID's trailing X) of `value` with `*`, except the first `keepHead` and the last
 * `keepTail` of them; separators and other characters stay where they are, so the length does not change.
 */
function maskDigits(value: string, keepHead: number, keepTail: number): string {
  const total = value.replace(/[^0-9Xx]/g, '').length;
  let seen = 0;
  return value.replace(/[0-9Xx]/g, (digit) => {
    seen++;
    return seen <= keepHead || seen > total - keepTail ? digit : '*';
  });
}

function group(match: RegExpExecArray, name: string): string {
  return match.groups?.[name] ?? '';
}

/** In priority order: a span taken by an earlier detector is not offered to a later one. */
const DETECTORS: readonly Detector[] = [
  {
    kind: 'email',
    pattern: /(?<![A-Za-z0-9._%+-])(?<local>[A-Za-z0-9][A-Za-z0-9._%+-]*)@(?<domain>(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,})(?![A-Za-z0-9-])/g,
    // First character of the local part and the whole domain: enough to tell qq.com from a company address.
    mask: (m) => {
      const local = group(m, 'local');
      return `${local.slice(0, 1)}${'*'.repeat(local.length - 1)}@${group(m, 'domain')}`;
    },
  },
  {
    kind: 'id_card',
    pattern: new RegExp(`${NO_DIGIT_BEFORE}[1-9][0-9]{16}[0-9Xx]${NO_DIGIT_AFTER}`, 'g'),
    isValid: (m) => isIdCard18(m[0]),
    // Province (2 digits) and the last 4 that callers are asked to confirm; district and birth date hidden.
    mask: (m) => maskDigits(m[0], 2, 4),
  },
  {
    kind: 'bank_card',
    // 16–19 digits, bare or in groups of four; issuer digit 3–6 or 9 (UnionPay 62…, Visa, Mastercard, JCB, old
    // domestic 9… cards), so date-led order numbers (2020…) never qualify even when they happen to pass Luhn.
    pattern: new RegExp(`${NO_DIGIT_BEFORE}[3-69][0-9]{3}(?:${SEP}[0-9]{4}){3}(?:${SEP}[0-9]{1,3})?${NO_DIGIT_AFTER}`, 'g'),
    isValid: (m) => passesLuhn(m[0].replace(/[^0-9]/g, '')),
    mask: (m) => maskDigits(m[0], 4, 4),
  },
  {
    kind: 'bank_card',
    // Again without the tail group, for a 16-digit card followed by a separate short number ("…7890 12月到期").
    pattern: new RegExp(`${NO_DIGIT_BEFORE}[3-69][0-9]{3}(?:${SEP}[0-9]{4}){3}${NO_DIGIT_AFTER}`, 'g'),
    isValid: (m) => passesLuhn(m[0].replace(/[^0-9]/g, '')),
    mask: (m) => maskDigits(m[0], 4, 4),
  },
  {
    kind: 'mobile',
    pattern: new RegExp(`${NO_DIGIT_BEFORE}(?<prefix>(?:\\+|00)?86${SEP})?(?<number>1[3-9][0-9]${SEP}[0-9]{4}${SEP}[0-9]{4})${NO_DIGIT_AFTER}`, 'g'),
    mask: (m) => group(m, 'prefix') + maskDigits(group(m, 'number'), 3, 4),
  },
  {
    kind: 'landline',
    // Area code required (010, 02x, 03xx–09xx), in parentheses or not; local number 7–8 digits not starting with
    // 0 or 1; optional extension. Without the area code a local number looks like a date or an order number.
    pattern: new RegExp(
      `${NO_DIGIT_BEFORE}(?<area>\\((?:0(?:10|2[0-9]|[3-9][0-9]{2}))\\)${AREA_SEP}|0(?:10|2[0-9]|[3-9][0-9]{2})${AREA_SEP})`
        + `(?<local>[2-9][0-9]{2,3}${SEP}[0-9]{4})(?<extension>(?:-|转|分机)[0-9]{1,6})?${NO_DIGIT_AFTER}`,
      'g',
    ),
    mask: (m) => group(m, 'area') + maskDigits(group(m, 'local'), 0, 4) + group(m, 'extension'),
  },
];

/**
 * Fullwidth ASCII (`１３８`, `＠`, `－`, `（）`) → ASCII and the ideographic space → space, one UTF-16 unit for
 * one, so offsets found in the folded text are offsets into the original.
 */
function foldForMatching(text: string): string {
  return text.replace(/[\uff01-\uff5e\u3000]/g, (char) =>
    char === '\u3000' ? ' ' : String.fromCharCode(char.charCodeAt(0) - 0xfee0));
}

/**
 * Finds mobile and landline numbers, resident ID numbers (checksum-validated), bank card numbers (Luhn-validated)
 * and e-mail addresses, and replaces each with a masked form of the same length:
 * mobile `138****5678` (country code and separators kept), landline `0731-****5678` (area code, last 4 and
 * extension kept), ID `11**************123X` (province and last 4), bank card `6222 **** **** 1234`
 * (first 4 and last 4), e-mail `z****@example.com` (first character and domain).
 * Dates, amounts, house numbers and numbers that fail the checks are left alone. `found` is in text order, with
 * offsets into the text given.
 */
export function maskPii(text: string): MaskedText {
  const folded = foldForMatching(text);
  const taken: Array<PiiFinding & { masked: string }> = [];
  for (const detector of DETECTORS) {
    for (const match of folded.matchAll(detector.pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (taken.some((other) => start < other.end && other.start < end)) continue;
      if (detector.isValid && !detector.isValid(match)) continue;
      taken.push({ kind: detector.kind, start, end, masked: detector.mask(match) });
    }
  }
  taken.sort((a, b) => a.start - b.start);
  let masked = '';
  let cursor = 0;
  for (const finding of taken) {
    masked += text.slice(cursor, finding.start);
    // Asterisks from the mask, every other character as the citizen typed it (fullwidth digits stay fullwidth).
    for (let i = 0; i < finding.masked.length; i++) {
      masked += finding.masked[i] === '*' ? '*' : text[finding.start + i];
    }
    cursor = finding.end;
  }
  masked += text.slice(cursor);
  return { text: masked, found: taken.map(({ kind, start, end }) => ({ kind, start, end })) };
}
