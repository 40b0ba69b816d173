import type { DepartmentRef, MANUAL_TRIAGE_REASONS, ResolvedLocation } from '@hotline/contracts';
import { isDefaultRule, type CityConfig } from './config.ts';
import { fineKey, type FineCategory } from './fine.ts';
import type { Department, DispatchRule, Target } from './schemas.ts';

export interface RouteInput {
  /** The classifier's top-level category. */
  category: string;
  confidence: number;
  alternatives?: Array<{ category: string; probability: number }>;
  /** Title and body, as the classifier saw them. */
  text: string;
  location: ResolvedLocation;
  /** The fine category (二级/三级分类) within `category`, when known: rules may key on it. */
  fine?: FineCategory;
  /** Ids of the urgency signals found (assessUrgency): emergency rules key on them. */
  urgencySignals?: string[];
}

/** The manual-triage reasons the router itself can give ('classifier_unavailable' is decided before routing). */
export type RoutingManualReason = Extract<(typeof MANUAL_TRIAGE_REASONS)[number], 'low_confidence' | 'no_catalog_rule' | 'location_unresolved'>;

export type Suggestion = DepartmentRef & { why: string };

export type RoutingDecision =
  | { status: 'routed'; department: DepartmentRef; coDepartments: DepartmentRef[]; rule: { id: string; description: string } }
  | { status: 'manual'; reason: { code: RoutingManualReason; message: string }; suggestions: Suggestion[] };

export interface RouterOptions {
  /** Below this classifier confidence the ticket goes to manual triage (default 0.5). */
  minConfidence?: number;
  /** At most this many suggestions on a manual decision (default 3). */
  maxSuggestions?: number;
}

export interface Router {
  route(input: RouteInput): RoutingDecision;
}

export const DEFAULT_MIN_CONFIDENCE = 0.5;

interface Resolved { department: Department; how: string }
interface RuleMatch {
  rule: Pick<DispatchRule, 'id' | 'description' | 'lead' | 'co'>;
  hits: string[];
  fineHit?: string;
  signals?: string[];
  /** The catalog's fallback owner (兜底) was used. */
  fallback?: boolean;
}

/** Added to a rule's keyword score when the ticket's fine category is one of the rule's (level 3 / level 2). */
export const FINE_LEVEL3_SCORE = 3;
export const FINE_LEVEL2_SCORE = 2;

function percent(value: number, digits = 0): string {
  return `${(value * 100).toFixed(digits)}%`;
}

/**
 * A confidence and the threshold it fell below, in percent with as many decimals as it takes for them to read apart
 * (0.965 against 0.9692 is "96.5%" against "96.9%", not "97%" against "97%").
 */
function percentsApart(value: number, threshold: number): [string, string] {
  let digits = 0;
  while (digits < 3 && percent(value, digits) === percent(threshold, digits)) digits += 1;
  return [percent(value, digits), percent(threshold, digits)];
}

function ref(department: Department): DepartmentRef {
  return { id: department.id, name: department.name };
}

function occurrences(text: string, word: string): number {
  let count = 0;
  for (let at = text.indexOf(word); at >= 0 && count < 3; at = text.indexOf(word, at + word.length)) count += 1;
  return count;
}

/**
 * A router over one city's configuration. `route` picks the dispatch-catalog rule for the category (refined by
 * keywords in the text), resolves its lead (主办) and co-handling (协办) departments by the ticket's location, and
 * says which rule and why; when it cannot decide with confidence it sends the ticket to manual triage with
 * suggestions. All texts meant for operators are in Chinese.
 */
export function createRouter(config: CityConfig, options: RouterOptions = {}): Router {
  const minConfidence = options.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  const maxSuggestions = options.maxSuggestions ?? 3;
  if (!(minConfidence >= 0 && minConfidence <= 1)) throw new RangeError(`minConfidence must be between 0 and 1, got ${minConfidence}`);

  const departmentById = new Map(config.departments.map((department) => [department.id, department]));
  const primary = new Map<string, Department>();
  for (const department of config.departments) {
    if (department.role === 'specialized') continue;
    const key = `${department.level}|${department.district ?? ''}|${department.street ?? ''}|${department.functionCode}`;
    if (!primary.has(key)) primary.set(key, department);
  }
  const lookup = (level: Department['level'], functionCode: string, district = '', street = ''): Department | undefined =>
    primary.get(`${level}|${district}|${street}|${functionCode}`);

  const rulesByCategory = new Map<string, DispatchRule[]>();
  for (const rule of config.catalog.rules) rulesByCategory.set(rule.category, [...(rulesByCategory.get(rule.category) ?? []), rule]);
  const everyCategory = rulesByCategory.get('*') ?? [];
  const fallbackRule = config.catalog.fallback;

  function fineScore(rule: DispatchRule, fine: FineCategory | undefined): { score: number; hit?: string } {
    if (!rule.fine || !fine?.level2) return { score: 0 };
    const full = fineKey(fine);
    if (fine.level3 !== undefined && full && rule.fine.includes(full)) return { score: FINE_LEVEL3_SCORE, hit: full };
    if (rule.fine.includes(fine.level2)) return { score: FINE_LEVEL2_SCORE, hit: fine.level2 };
    return { score: 0 };
  }

  /**
   * The rule for a category: an emergency rule whose urgency signal was found wins; else the rule with the highest
   * score (keyword occurrences, each keyword at most 3, plus the fine-category bonus), ties to the rule listed first
   * (the category's own rules before the rules of every category); else the category's default rule.
   */
  function matchRule(category: string, text: string, fine?: FineCategory, signals: string[] = []): RuleMatch | undefined {
    const rules = [...(rulesByCategory.get(category) ?? []), ...everyCategory];
    for (const rule of rules) {
      if (!rule.urgency) continue;
      const found = rule.urgency.filter((signal) => signals.includes(signal));
      if (found.length > 0 && !rule.excludeKeywords?.some((word) => text.includes(word))) return { rule, hits: [], signals: found };
    }
    let best: { match: RuleMatch; score: number } | undefined;
    for (const rule of rules) {
      if (rule.urgency || isDefaultRule(rule)) continue;
      if (rule.excludeKeywords?.some((word) => text.includes(word))) continue;
      const hits = (rule.keywords ?? []).filter((word) => text.includes(word));
      const fineMatch = fineScore(rule, fine);
      const score = hits.reduce((sum, word) => sum + occurrences(text, word), 0) + fineMatch.score;
      if (score > 0 && (!best || score > best.score)) best = { match: { rule, hits, ...(fineMatch.hit ? { fineHit: fineMatch.hit } : {}) }, score };
    }
    if (best) return best.match;
    const fallback = (rulesByCategory.get(category) ?? []).find((rule) => isDefaultRule(rule));
    return fallback ? { rule: fallback, hits: [] } : undefined;
  }

  function resolveFunction(functionCode: string, target: Extract<Target, { function: string }>, location: ResolvedLocation): Resolved | undefined {
    if (target.scope === 'local' && location.district) {
      if (location.street) {
        const office = lookup('street', functionCode, location.district, location.street);
        if (office) return { department: office, how: `按属地派至${location.district}${location.street}` };
      }
      const office = lookup('district', functionCode, location.district);
      if (office) return { department: office, how: `按属地派至${location.district}` };
    }
    const cityOffice = (target.cityDepartment ? departmentById.get(target.cityDepartment) : undefined) ?? lookup('city', functionCode);
    if (!cityOffice) return undefined;
    const how = target.scope === 'city'
      ? '由市级部门统一承办'
      : location.district
        ? `${location.district}无对应部门，由市级部门承办`
        : '未识别所在区县，由市级部门承办';
    return { department: cityOffice, how };
  }

  function resolve(target: Target, location: ResolvedLocation): Resolved | undefined {
    if ('department' in target) {
      const department = departmentById.get(target.department);
      return department ? { department, how: '目录指定承办单位' } : undefined;
    }
    const direct = resolveFunction(target.function, target, location);
    if (direct || !target.fallback) return direct;
    const fallback = resolveFunction(target.fallback, target, location);
    return fallback ? { ...fallback, how: `${fallback.how}（属地兜底）` } : undefined;
  }

  function explain(match: RuleMatch): string {
    const because: string[] = [];
    if (match.signals?.length) because.push(`紧急情形：${match.signals.join('、')}`);
    if (match.fineHit) because.push(`细分类：${match.fineHit}`);
    if (match.hits.length > 0) because.push(`命中关键词：${match.hits.join('、')}`);
    return because.length > 0 ? `${match.rule.description}（${because.join('；')}）` : match.rule.description;
  }

  /** The catalog's fallback owner (兜底) for a ticket no rule could place, when it can be placed by location. */
  function useFallback(input: RouteInput, why: string): RoutingDecision | undefined {
    if (!fallbackRule) return undefined;
    const lead = resolve(fallbackRule.lead, input.location);
    if (!lead) return undefined;
    const coDepartments = placeCo(fallbackRule.co, input.location, lead.department.id);
    return {
      status: 'routed',
      department: ref(lead.department),
      coDepartments,
      rule: { id: fallbackRule.id, description: `${why}；${fallbackRule.description}；${lead.how}` },
    };
  }

  function placeCo(targets: Target[], location: ResolvedLocation, leadId: string): DepartmentRef[] {
    const coDepartments: DepartmentRef[] = [];
    for (const target of targets) {
      const resolved = resolve(target, location);
      if (!resolved || resolved.department.id === leadId) continue;
      if (coDepartments.some((department) => department.id === resolved.department.id)) continue;
      coDepartments.push(ref(resolved.department));
    }
    return coDepartments;
  }

  /** The machine's best guesses for the manual queue: each likely category's rule, then the district government. */
  function suggest(input: RouteInput, skip: Set<string> = new Set()): Suggestion[] {
    const suggestions: Suggestion[] = [];
    const seen = new Set<string>();
    const push = (department: Department, why: string): void => {
      if (seen.has(department.id) || suggestions.length >= maxSuggestions) return;
      seen.add(department.id);
      suggestions.push({ ...ref(department), why });
    };
    const ranked = [{ category: input.category, probability: input.confidence }, ...(input.alternatives ?? [])]
      .filter((entry, index, all) => all.findIndex((other) => other.category === entry.category) === index)
      .sort((a, b) => b.probability - a.probability);
    for (const { category, probability } of ranked) {
      if (skip.has(category)) continue;
      const match = matchRule(category, input.text, category === input.category ? input.fine : undefined, input.urgencySignals);
      if (!match) continue;
      const lead = resolve(match.rule.lead, input.location);
      if (lead) push(lead.department, `分类“${category}”（${percent(probability)}）：${explain(match)}；${lead.how}`);
    }
    if (input.location.district) {
      const government = lookup('district', 'district-government', input.location.district);
      if (government) push(government, `属地兜底：${input.location.district}人民政府统筹`);
    }
    return suggestions;
  }

  return {
    route(input: RouteInput): RoutingDecision {
      // An emergency rule of every category (gas leak → gas utility …) does not wait for a confident category.
      const emergency = everyCategory.length > 0 && input.urgencySignals?.length ? matchRule('*', input.text, undefined, input.urgencySignals) : undefined;
      if (emergency?.signals && !(input.confidence >= minConfidence)) {
        const lead = resolve(emergency.rule.lead, input.location);
        if (lead) {
          return {
            status: 'routed',
            department: ref(lead.department),
            coDepartments: placeCo(emergency.rule.co, input.location, lead.department.id),
            rule: { id: emergency.rule.id, description: `${explain(emergency)}；${lead.how}` },
          };
        }
      }
      if (!(input.confidence >= minConfidence)) {
        const [confidence, threshold] = percentsApart(input.confidence, minConfidence);
        return {
          status: 'manual',
          reason: {
            code: 'low_confidence',
            message: `分类置信度 ${confidence} 低于阈值 ${threshold}（最可能的分类：${input.category}），请人工确认分类后派单`,
          },
          suggestions: suggest(input),
        };
      }

      const match = matchRule(input.category, input.text, input.fine, input.urgencySignals);
      if (!match) {
        const fallback = useFallback(input, `派单目录中没有分类“${input.category}”的规则`);
        if (fallback) return fallback;
        return {
          status: 'manual',
          reason: { code: 'no_catalog_rule', message: `派单目录中没有分类“${input.category}”的规则${fallbackRule ? '，兜底单位也无法按属地确定' : ''}，转12345人工派单` },
          suggestions: suggest(input, new Set([input.category])),
        };
      }

      const lead = resolve(match.rule.lead, input.location);
      if (!lead) {
        const fallback = useFallback(input, `规则 ${match.rule.id}（${explain(match)}）的承办单位无法按属地确定`);
        if (fallback) return fallback;
        const co = match.rule.co.map((target) => resolve(target, input.location)).filter((item) => item !== undefined);
        const coSuggestions = co.map((item) => ({ ...ref(item.department), why: `规则 ${match.rule.id} 的协办单位（${item.how}）` }));
        const others = suggest(input, new Set([input.category])).filter((item) => !coSuggestions.some((other) => other.id === item.id));
        return {
          status: 'manual',
          reason: {
            code: 'location_unresolved',
            message: `规则 ${match.rule.id}（${explain(match)}）须按属地派单，但未能识别所在区县或街道${fallbackRule ? '（兜底单位同样须按属地确定）' : ''}，转12345人工派单，请确认地点后派单`,
          },
          suggestions: [...coSuggestions, ...others].slice(0, maxSuggestions),
        };
      }

      const coDepartments = placeCo(match.rule.co, input.location, lead.department.id);
      return {
        status: 'routed',
        department: ref(lead.department),
        coDepartments,
        rule: { id: match.rule.id, description: `${explain(match)}；${lead.how}` },
      };
    },
  };
}
