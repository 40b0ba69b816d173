import type { DepartmentRef, MANUAL_TRIAGE_REASONS, ResolvedLocation } from '@hotline/contracts';
import type { CityConfig } from './config.ts';
import type { Department, DispatchRule, Target } from './schemas.ts';

export interface RouteInput {
  /** The classifier's top-level category. */
  category: string;
  confidence: number;
  alternatives?: Array<{ category: string; probability: number }>;
  /** Title and body, as the classifier saw them. */
  text: string;
  location: ResolvedLocation;
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
interface RuleMatch { rule: DispatchRule; hits: string[] }

function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
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

  function matchRule(category: string, text: string): RuleMatch | undefined {
    const rules = rulesByCategory.get(category) ?? [];
    let best: { match: RuleMatch; score: number } | undefined;
    for (const rule of rules) {
      if (!rule.keywords) continue;
      if (rule.excludeKeywords?.some((word) => text.includes(word))) continue;
      const hits = rule.keywords.filter((word) => text.includes(word));
      const score = hits.reduce((sum, word) => sum + occurrences(text, word), 0);
      if (score > 0 && (!best || score > best.score)) best = { match: { rule, hits }, score };
    }
    if (best) return best.match;
    const fallback = rules.find((rule) => !rule.keywords);
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
    return match.hits.length > 0 ? `${match.rule.description}（命中关键词：${match.hits.join('、')}）` : match.rule.description;
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
      const match = matchRule(category, input.text);
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
      if (!(input.confidence >= minConfidence)) {
        return {
          status: 'manual',
          reason: {
            code: 'low_confidence',
            message: `分类置信度 ${percent(input.confidence)} 低于阈值 ${percent(minConfidence)}（最可能的分类：${input.category}），请人工确认分类后派单`,
          },
          suggestions: suggest(input),
        };
      }

      const match = matchRule(input.category, input.text);
      if (!match) {
        return {
          status: 'manual',
          reason: { code: 'no_catalog_rule', message: `派单目录中没有分类“${input.category}”的规则，请人工派单` },
          suggestions: suggest(input, new Set([input.category])),
        };
      }

      const lead = resolve(match.rule.lead, input.location);
      if (!lead) {
        const co = match.rule.co.map((target) => resolve(target, input.location)).filter((item) => item !== undefined);
        const coSuggestions = co.map((item) => ({ ...ref(item.department), why: `规则 ${match.rule.id} 的协办单位（${item.how}）` }));
        const others = suggest(input, new Set([input.category])).filter((item) => !coSuggestions.some((other) => other.id === item.id));
        return {
          status: 'manual',
          reason: {
            code: 'location_unresolved',
            message: `规则 ${match.rule.id}（${explain(match)}）须按属地派单，但未能识别所在区县或街道，请人工确认地点后派单`,
          },
          suggestions: [...coSuggestions, ...others].slice(0, maxSuggestions),
        };
      }

      const coDepartments: DepartmentRef[] = [];
      for (const target of match.rule.co) {
        const resolved = resolve(target, input.location);
        if (!resolved || resolved.department.id === lead.department.id) continue;
        if (coDepartments.some((department) => department.id === resolved.department.id)) continue;
        coDepartments.push(ref(resolved.department));
      }
      return {
        status: 'routed',
        department: ref(lead.department),
        coDepartments,
        rule: { id: match.rule.id, description: `${explain(match)}；${lead.how}` },
      };
    },
  };
}
