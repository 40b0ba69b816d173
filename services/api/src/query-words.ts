import { normalizeText, segment, STOPWORDS } from '@hotline/text';

/**
 * The user's search text as the words the index holds: normalized and segmented exactly as ticket text was at
 * intake, stop words and punctuation dropped. Nothing of the user's text reaches Elasticsearch as query syntax.
 */
export function queryWords(text: string): string[] {
  const words = new Set<string>();
  for (const token of segment(normalizeText(text))) {
    if (STOPWORDS.has(token) || !/[\p{L}\p{N}]/u.test(token)) continue;
    words.add(token);
    if (words.size === 20) break;
  }
  return [...words];
}
