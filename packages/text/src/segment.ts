import nodejieba from 'nodejieba';

/**
 * Splits Chinese text into words with jieba (HMM on, so unseen words still come out whole).
 * Whitespace-only tokens are dropped; Latin words and numbers come through as jieba returns them.
 */
export function segment(text: string): string[] {
  return nodejieba.cut(text, true).filter((token) => token.trim().length > 0);
}

/**
 * The form Chinese text is indexed in: jieba tokens joined by single spaces, for a field analyzed with
 * Elasticsearch's built-in `whitespace` analyzer. Queries are segmented the same way, so both sides agree.
 */
export function toIndexTokens(text: string): string {
  return segment(text).join(' ');
}
