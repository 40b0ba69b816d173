import type { ResolvedLocation } from '@hotline/contracts';
import { featureTokens, normalizeText } from '@hotline/text';
import type { CityConfig } from './config.ts';
import { classifyFine, type FineCatalog, type FineCategory } from './fine.ts';
import { resolveLocation, type LocationField } from './location.ts';
import { createRouter, DEFAULT_MIN_CONFIDENCE, type Router, type RoutingDecision } from './router.ts';
import { assessUrgency, type UrgencyAssessment } from './urgency.ts';

/** What decideRouting needs of a classifier (the shape of @hotline/classifier's `Classifier`). */
export interface RoutingClassifier {
  classify(input: { title?: string | null; body: string; tokens?: { title?: readonly string[]; body?: readonly string[] } }, k?: number): {
    category: string;
    confidence: number;
    alternatives: Array<{ category: string; probability: number }>;
    modelVersion: string;
  };
  /** The classifier's own confidence threshold for automatic routing, when it has one. */
  readonly gatingThreshold?: number;
}

export interface RoutingMessage {
  title?: string | null;
  body: string;
  /** The structured location of the intake message, when there is one. */
  location?: LocationField;
  /** complaint, request, praise … (affects urgency). */
  kind?: string;
  /** jieba's words of the (already normalized) title and body (`segment`), when the caller has them: not segmented again. */
  words?: { title?: readonly string[]; body: readonly string[] };
  /** Title and body are normalized already (`normalizeText`, as ingest leaves them): not normalized again. */
  normalized?: boolean;
}

export interface DecideRoutingOptions {
  classifier: RoutingClassifier;
  city: CityConfig;
  /** The phrase catalog of fine categories; without it only the level-1 class is used. */
  fineCatalog?: FineCatalog;
  /** Below this confidence the ticket goes to manual triage; default: the classifier's gatingThreshold, else 0.5. */
  minConfidence?: number;
}

export interface RoutingOutcome {
  classification: ReturnType<RoutingClassifier['classify']>;
  fine: FineCategory;
  location: ResolvedLocation;
  urgency: UrgencyAssessment;
  decision: RoutingDecision;
  /** The normalized title and body the decision was made on. */
  text: string;
}

/** The minimum confidence decideRouting uses for a classifier and options. */
export function effectiveMinConfidence(options: Pick<DecideRoutingOptions, 'classifier' | 'minConfidence'>): number {
  const fromClassifier = options.classifier.gatingThreshold;
  return options.minConfidence ?? (typeof fromClassifier === 'number' && fromClassifier >= 0 && fromClassifier <= 1 ? fromClassifier : DEFAULT_MIN_CONFIDENCE);
}

const routers = new WeakMap<CityConfig, Map<number, Router>>();

function routerFor(city: CityConfig, minConfidence: number): Router {
  const byThreshold = routers.get(city) ?? new Map<number, Router>();
  routers.set(city, byThreshold);
  let router = byThreshold.get(minConfidence);
  if (!router) {
    router = createRouter(city, { minConfidence });
    byThreshold.set(minConfidence, router);
  }
  return router;
}

/**
 * The whole machine decision for one message, as the triage service and the batch CLI make it: normalize the text →
 * classify (top-level class) → fine category within that class → resolve the location → urgency → route by the
 * dispatch catalog (emergency rules, fine-category and keyword rules, category default, fallback owner, or manual).
 */
export function decideRouting(message: RoutingMessage, options: DecideRoutingOptions): RoutingOutcome {
  return decideRoutingAll([message], options)[0]!;
}

/**
 * `decideRouting` for several messages, step by step: every message is classified before any is routed. Each step
 * reads its own large tables (the model's weights; the phrase catalog, gazetteer and rules), and taking the
 * messages through one step at a time keeps that step's tables in the CPU caches (with triage segmenting first, a
 * sixth less of triage's CPU per message in the pipeline bench; less in one process alone, where nothing else
 * competes for the caches: bench/components.ts). The outcomes are the same.
 */
export function decideRoutingAll(messages: readonly RoutingMessage[], options: DecideRoutingOptions): RoutingOutcome[] {
  const texts = messages.map((message) => {
    const normalize = message.normalized ? (text: string) => text : normalizeText;
    const title = message.title ? normalize(message.title) : null;
    const body = normalize(message.body);
    return { title, body, text: [title, body].filter(Boolean).join('\n') };
  });
  const classifications = messages.map(({ words }, i) => {
    const { title, body } = texts[i]!;
    const tokens = words && { body: featureTokens(words.body), ...(words.title ? { title: featureTokens(words.title) } : {}) };
    return options.classifier.classify({ title, body, ...(tokens ? { tokens } : {}) }, 3);
  });
  const router = routerFor(options.city, effectiveMinConfidence(options));
  return messages.map((message, i) => {
    const { text } = texts[i]!;
    const classification = classifications[i]!;
    const fine = options.fineCatalog
      ? classifyFine(text, classification.category, options.fineCatalog)
      : { level1: classification.category, path: [classification.category], matchedPhrases: [], score: 0 };
    const location = resolveLocation(text, message.location, options.city.gazetteer);
    const words = message.words && [...(message.words.title ?? []), ...message.words.body];
    const urgency = assessUrgency(text, message.kind, words);
    const decision = router.route({
      category: classification.category,
      confidence: classification.confidence,
      alternatives: classification.alternatives,
      text,
      location,
      fine,
      urgencySignals: urgency.signals,
    });
    return { classification, fine, location, urgency, decision, text };
  });
}
