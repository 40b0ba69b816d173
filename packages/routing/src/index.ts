export * from './schemas.ts';
export { parseCityConfig, loadCityConfig, CityConfigError, CITY_CONFIG_FILES, type CityConfig, type CityConfigInput } from './config.ts';
export { resolveLocation, canonicalDistrict, type LocationField } from './location.ts';
export { detectUrgency } from './urgency.ts';
export {
  createRouter,
  DEFAULT_MIN_CONFIDENCE,
  type Router,
  type RouterOptions,
  type RouteInput,
  type RoutingDecision,
  type RoutingManualReason,
  type Suggestion,
} from './router.ts';
