/**
 * Where jieba cut a text, written compactly so the cut can travel with an event and later hops (the tracker, an
 * index rebuild) get the tokens back without segmenting: one base-36 digit per token length (1–35), longer tokens
 * as `(len)`. jieba's tokens always concatenate back to the text, white space included, so the lengths suffice.
 */
export function encodeCuts(rawTokens: readonly string[]): string {
  let cuts = '';
  for (let i = 0; i < rawTokens.length; i++) {
    const length = (rawTokens[i] as string).length;
    cuts += length <= 35 ? length.toString(36) : `(${length.toString(36)})`;
  }
  return cuts;
}

/**
 * The tokens `segment` gives for `text`, from the cuts `encodeCuts` wrote for it; undefined when the cuts do not
 * fit the text (cut from another text), so the caller can segment instead.
 */
export function tokensFromCuts(text: string, cuts: string): string[] | undefined {
  const tokens: string[] = [];
  let at = 0;
  for (let i = 0; i < cuts.length; i++) {
    let length: number;
    if (cuts[i] === '(') {
      const close = cuts.indexOf(')', i);
      if (close < 0) return undefined;
      length = parseInt(cuts.slice(i + 1, close), 36);
      i = close;
    } else {
      length = parseInt(cuts[i] as string, 36);
    }
    if (!(length > 0) || at + length > text.length) return undefined;
    const token = text.slice(at, at + length);
    if (isWord(token)) tokens.push(token);
    at += length;
  }
  return at === text.length ? tokens : undefined;
}

/** Whether a jieba token is kept as a word: white space alone is not. */
export function isWord(token: string): boolean {
  // A token whose first character is not white space survives trim(); only the others need the call.
  return token.length > 0 && (!mayBeWhiteSpace(token.charCodeAt(0)) || token.trim().length > 0);
}

/** False for characters that String.prototype.trim certainly keeps (it removes white space and line terminators). */
function mayBeWhiteSpace(code: number): boolean {
  return code <= 0x20 || code === 0xa0 || (code >= 0x1680 && code <= 0x3000) || code === 0xfeff;
}
