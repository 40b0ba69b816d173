import type { ResolvedLocation } from '@hotline/contracts';
import { describe, expect, it } from 'vitest';
import { createRouter, isDefaultRule, loadCityConfig, type Department, type DispatchRule, type FineCategory } from '../src/index.ts';
import { CITY_DIR } from './fixtures.ts';

/**
 * Every department of the demo city must be reachable: for each one, a case generated from the rule definitions
 * (a rule's keyword, fine category or urgency signal, at the department's location) routes to it. A department no
 * rule reaches fails here unless it is listed below with the reason.
 */
const city = loadCityConfig(CITY_DIR);
const router = createRouter(city);

/** Departments reached only through the catalog's fallback owner or the locality of another rule, with why. */
const REACHED_OTHERWISE: Record<string, string> = {};

function locationOf(department: Department): ResolvedLocation {
  if (department.level === 'city') return { matched: [], source: 'none' };
  return {
    ...(department.district ? { district: department.district } : {}),
    ...(department.street ? { street: department.street } : {}),
    matched: [],
    source: 'field',
  };
}

interface Case { rule: DispatchRule; category: string; text: string; fine?: FineCategory; urgencySignals?: string[] }

function casesOf(rule: DispatchRule): Case[] {
  const category = rule.category === '*' ? '城乡建设' : rule.category;
  const cases: Case[] = [];
  for (const signal of rule.urgency ?? []) cases.push({ rule, category, text: '', urgencySignals: [signal] });
  for (const keyword of rule.keywords ?? []) cases.push({ rule, category, text: keyword });
  for (const key of rule.fine ?? []) {
    const [level2 = '', level3] = key.split('/');
    const fine: FineCategory = { level1: category, level2, ...(level3 ? { level3 } : {}), path: [category, level2, ...(level3 ? [level3] : [])], matchedPhrases: [], score: 1 };
    cases.push({ rule, category, text: '', fine });
  }
  if (isDefaultRule(rule)) cases.push({ rule, category, text: '' });
  return cases;
}

const allCases = city.catalog.rules.flatMap(casesOf);

function reaches(department: Department): Case | undefined {
  const location = locationOf(department);
  return allCases.find((item) => {
    const decision = router.route({
      category: item.category, confidence: 0.99, text: item.text, location,
      ...(item.fine ? { fine: item.fine } : {}), ...(item.urgencySignals ? { urgencySignals: item.urgencySignals } : {}),
    });
    return decision.status === 'routed' && decision.department.id === department.id;
  });
}

describe('every department of the demo city is reachable from the catalog', () => {
  it.each(city.departments.map((department) => [department.id, department] as const))('%s', (id, department) => {
    if (REACHED_OTHERWISE[id]) return;
    const found = reaches(department);
    expect(found, `${id} (${department.name}): no rule routes to it`).toBeDefined();
  });

  it('reaches every rule: each rule wins for at least one of its own keywords, fine categories or signals', () => {
    const location: ResolvedLocation = { district: 'A7县', street: '泉塘街道', matched: [], source: 'field' };
    const unreached = city.catalog.rules.filter((rule) => !casesOf(rule).some((item) => {
      const decision = router.route({
        category: item.category, confidence: 0.99, text: item.text, location,
        ...(item.fine ? { fine: item.fine } : {}), ...(item.urgencySignals ? { urgencySignals: item.urgencySignals } : {}),
      });
      return decision.status === 'routed' && decision.rule.id === rule.id;
    }));
    expect(unreached.map((rule) => rule.id)).toEqual([]);
  });

  it('covers all 261 departments', () => {
    expect(city.departments).toHaveLength(261);
    expect(Object.keys(REACHED_OTHERWISE)).toEqual([]);
  });
});
