export { CIVIC_DICT_PATH, fromIndexTokens, segment, toIndexTokens } from './segment.ts';
export { normalizeText } from './normalize.ts';
export { PII_KINDS, maskPii } from './pii.ts';
export type { MaskedText, PiiFinding, PiiKind } from './pii.ts';
export { STOPWORDS, featureTokens, segmentForFeatures } from './features.ts';
