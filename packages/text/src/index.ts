export { CIVIC_DICT_PATH, segment, toIndexTokens } from './segment.ts';
export { normalizeText } from './normalize.ts';
export { PII_KINDS, maskPii } from './pii.ts';
export type { MaskedText, PiiFinding, PiiKind } from './pii.ts';
export { STOPWORDS, segmentForFeatures } from './features.ts';
