export * from './schemas.ts';
export { parseCityConfig, loadCityConfig, isDefaultRule, CityConfigError, CITY_CONFIG_FILES, type CityConfig, type CityConfigInput } from './config.ts';
export { resolveLocation, canonicalDistrict, type LocationField } from './location.ts';
export { detectUrgency, assessUrgency, URGENCY_SIGNALS, type UrgencyAssessment } from './urgency.ts';
export {
  classifyFine,
  fineKey,
  loadFineCatalog,
  parseFineCatalog,
  FineCatalogError,
  FineCatalogSchema,
  FineNodeSchema,
  type FineCatalog,
  type FineCategory,
  type FineNode,
} from './fine.ts';
export {
  decideRouting,
  decideRoutingAll,
  effectiveMinConfidence,
  type DecideRoutingOptions,
  type RoutingClassifier,
  type RoutingMessage,
  type RoutingOutcome,
} from './decide.ts';
export {
  createRouter,
  DEFAULT_MIN_CONFIDENCE,
  FINE_LEVEL2_SCORE,
  FINE_LEVEL3_SCORE,
  type Router,
  type RouterOptions,
  type RouteInput,
  type RoutingDecision,
  type RoutingManualReason,
  type Suggestion,
} from './router.ts';
