/**
 * The tokenizer the classifier's features are built on. Training and inference both call `tokenizeForFeatures`,
 * so a model must be retrained (scripts/train-classifier) when the dictionary or stopword list changes; the model
 * file records `TOKENIZER_ID` and `tokenizerFingerprint` so a mismatch can be detected.
 */
import { segment } from '@hotline/text';

export const TOKENIZER_ID = '@hotline/text segment (NFKC, lower-case)';

export function tokenizeForFeatures(text: string): string[] {
  return segment(text.normalize('NFKC').toLowerCase());
}
