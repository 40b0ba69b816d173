/**
 * @hotline/classifier: message classification for the 12345 hotline (7 top-level categories), pure.
 *
 *   const classifier = loadClassifier();                 // the committed model, loaded once
 *   classifier.classify({ title, body }, 3)              // { category, confidence, alternatives, modelVersion }
 */
export { DEFAULT_MODEL_PATH, DEFAULT_TOP_K, LinearClassifier, loadClassifier, rank } from './classifier.ts';
export type { CategoryProbability, ClassificationInput, ClassificationResult, Classifier } from './classifier.ts';
export { expectedCalibrationError, fitTemperature, meanNegativeLogLikelihood, softmax, softmaxInto } from './calibration.ts';
export { DEFAULT_FEATURE_CONFIG, cjkCode, emitFeatures, gramFromParts, gramParts, tokenizerFingerprint } from './features.ts';
export type { FeatureConfig, FeatureSink, MessageText, Tokenizer } from './features.ts';
export { coverageAtPrecision, evaluate, precisionCoverageCurve } from './metrics.ts';
export type { ClassMetrics, CoveragePoint, Evaluation } from './metrics.ts';
export { MODEL_FORMAT, parseModel, serializeModel } from './model.ts';
export type { GatingPolicy, LinearModel } from './model.ts';
export { renderEvaluationReport } from './report.ts';
export { TOKENIZER_ID, tokenizeForFeatures } from './tokenize.ts';
export { TfidfVectorizer } from './vectorizer.ts';
export type { Vocabulary } from './vectorizer.ts';
