/**
 * The tokenizer the classifier's features are built on: @hotline/text's `segmentForFeatures` (normalised text,
 * jieba with the civic user dictionary, without stopwords, punctuation and numbers). Training and inference both
 * call it, so a model must be retrained (scripts/train-classifier) when the dictionary or stopword list changes;
 * the model file records `TOKENIZER_ID` and a fingerprint of how the tokenizer cuts probe sentences, so a stale
 * model can be detected (`tokenizerMatches`).
 */
import { segmentForFeatures } from '@hotline/text';

export const TOKENIZER_ID = '@hotline/text segmentForFeatures';

export function tokenizeForFeatures(text: string): string[] {
  return segmentForFeatures(text);
}
