export { CIVIC_DICT_PATH, segment, segmentWithCuts, toIndexTokens } from './segment.ts';
export { encodeCuts, tokensFromCuts } from './cuts.ts';
export { normalizeText } from './normalize.ts';
export { PII_KINDS, maskPii } from './pii.ts';
export type { MaskedText, PiiFinding, PiiKind } from './pii.ts';
export { STOPWORDS, featureTokens, segmentForFeatures } from './features.ts';
