/**
 * A fixed list of phrases indexed by their first UTF-16 code unit: one pass over a text finds every phrase of the
 * list that occurs in it, where a search per phrase would read the text once for each of hundreds of phrases.
 */
export class PhraseIndex {
  private readonly byFirstUnit = new Map<number, string[]>();

  constructor(phrases: Iterable<string>) {
    for (const phrase of phrases) {
      if (phrase.length === 0) continue;
      const first = phrase.charCodeAt(0);
      const list = this.byFirstUnit.get(first) ?? [];
      this.byFirstUnit.set(first, list);
      if (!list.includes(phrase)) list.push(phrase);
    }
  }

  /** The phrases that occur in `text` (`text.includes(phrase)` for each, in one pass). */
  foundIn(text: string): Set<string> {
    const found = new Set<string>();
    for (let at = 0; at < text.length; at++) {
      const candidates = this.byFirstUnit.get(text.charCodeAt(at));
      if (candidates === undefined) continue;
      for (const phrase of candidates) if (text.startsWith(phrase, at)) found.add(phrase);
    }
    return found;
  }
}
