import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CityConfigError, loadCityConfig, parseCityConfig, isDefaultRule } from '../src/index.ts';
import { CITY_DIR, smallCity } from './fixtures.ts';

function issuesOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof CityConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a CityConfigError');
}

describe('the committed demo city (config/city)', () => {
  const config = loadCityConfig(CITY_DIR);

  it('loads and validates, function codes included', () => {
    expect(config.functionCodes?.length).toBeGreaterThan(0);
    expect(config.gazetteer.districts.map((district) => district.name)).toEqual(['A1区', 'A2区', 'A3区', 'A4区', 'A5区', 'A6区', 'A7县', 'A8县', 'A9市']);
    expect(config.departments.length).toBeGreaterThan(100);
  });

  it('gives every department exactly one function code from the vocabulary', () => {
    const codes = new Set(config.functionCodes);
    for (const department of config.departments) expect(codes.has(department.functionCode), department.id).toBe(true);
  });

  it('keeps function-codes.json in step with the shared vocabulary where that file is present', () => {
    const committed = JSON.parse(readFileSync(path.join(CITY_DIR, 'function-codes.json'), 'utf8')) as { codes: string[] };
    expect(new Set(committed.codes).size).toBe(committed.codes.length);
    const shared = path.resolve(CITY_DIR, '../../../shared/data/department-functions/functions.json');
    // The only conditional part: a clone without ../shared still checks everything above.
    if (existsSync(shared)) {
      const vocabulary = JSON.parse(readFileSync(shared, 'utf8')) as { functions: Array<{ code: string }> };
      expect([...committed.codes].sort()).toEqual(vocabulary.functions.map((entry) => entry.code).sort());
    }
  });

  it('has a default rule for each of the classifier categories, and a city-level office for the function (or fallback) a default rule names', () => {
    const categories = ['城乡建设', '劳动和社会保障', '教育文体', '商贸旅游', '环境保护', '卫生计生', '交通运输'];
    expect(config.catalog.categories).toEqual(categories);
    for (const category of categories) {
      const defaults = config.catalog.rules.filter((rule) => rule.category === category && isDefaultRule(rule));
      expect(defaults, category).toHaveLength(1);
      const lead = defaults[0]?.lead;
      if (lead && 'function' in lead) {
        const codes = [lead.function, ...(lead.fallback ? [lead.fallback] : [])];
        expect(config.departments.some((d) => d.level === 'city' && codes.includes(d.functionCode)), category).toBe(true);
      }
    }
  });

  it('has a people\'s government for every district and an office for every street', () => {
    for (const district of config.gazetteer.districts) {
      expect(config.departments.some((d) => d.district === district.name && d.functionCode === 'district-government'), district.name).toBe(true);
      for (const street of district.streets) {
        expect(config.departments.some((d) => d.street === street.name && d.functionCode === 'street-township'), street.name).toBe(true);
      }
    }
  });
});

describe('parseCityConfig', () => {
  it('accepts a consistent configuration', () => {
    const input = smallCity();
    const config = parseCityConfig(input);
    expect(config.catalog.rules).toHaveLength(input.catalog.rules.length);
    expect(config.functionCodes).toBeUndefined();
    expect(parseCityConfig({ ...input, departments: input.departments.departments }).departments).toHaveLength(input.departments.departments.length);
  });

  it('rejects a rule that names an unknown department, naming the file and the rule', () => {
    const input = smallCity();
    input.catalog.rules[2] = { ...input.catalog.rules[2], lead: { department: 'x-nowhere' } };
    const issues = issuesOf(() => parseCityConfig(input));
    expect(issues).toEqual([expect.stringContaining('dispatch-catalog.json: rules[2] "r-fund".lead: department "x-nowhere" does not exist')]);
  });

  it('rejects a rule function that no department carries, and a category the catalog does not list', () => {
    const input = smallCity();
    input.catalog.rules.push({ id: 'r-odd', category: '旅游', description: '未知', lead: { function: 'telecom' } });
    const issues = issuesOf(() => parseCityConfig(input));
    expect(issues).toContainEqual(expect.stringContaining('rules[7] "r-odd": category "旅游" is not one of the catalog\'s categories'));
    expect(issues).toContainEqual(expect.stringContaining('rules[7] "r-odd".lead: no department in departments.json has function "telecom"'));
  });

  it('checks function codes against the vocabulary when one is given', () => {
    const input = smallCity();
    input.departments.departments[0] = { ...input.departments.departments[0], functionCode: 'housing' };
    const issues = issuesOf(() => parseCityConfig({ ...input, functionCodes: ['urban-management', 'housing-construction', 'transport', 'culture-tourism-sports', 'district-government', 'street-township'] }));
    expect(issues).toEqual([expect.stringContaining('departments.json: departments[0] "x-housing": functionCode "housing" is not in the function vocabulary')]);
  });

  it('rejects departments whose district or street is not in the gazetteer, duplicate ids and two primaries for one function', () => {
    const input = smallCity();
    input.departments.departments.push(
      { id: 'x9-urban', name: 'X9区城管局', level: 'district', district: 'X9区', functionCode: 'urban-management' },
      { id: 'x1-nowhere-office', name: 'X1区无名街道办事处', level: 'street', district: 'X1区', street: '无名街道', functionCode: 'street-township' },
      { id: 'x-urban', name: '重复', level: 'city', functionCode: 'transport' },
      { id: 'x1-urban-2', name: 'X1区第二城管局', level: 'district', district: 'X1区', functionCode: 'urban-management' },
    );
    const issues = issuesOf(() => parseCityConfig(input));
    expect(issues).toContainEqual(expect.stringContaining('"x9-urban": district "X9区" is not in the gazetteer'));
    expect(issues).toContainEqual(expect.stringContaining('"x1-nowhere-office": street "无名街道" is not one of X1区\'s streets'));
    expect(issues).toContainEqual(expect.stringContaining('"x-urban": duplicate id'));
    expect(issues).toContainEqual(expect.stringContaining('"x1-urban-2": "x1-urban" already serves function "urban-management" here'));
  });

  it('rejects a gazetteer name that means two things', () => {
    const input = smallCity();
    const districts = input.gazetteer.districts as Array<{ places: Array<Record<string, unknown>> }>;
    districts[1]?.places.push({ name: '翠湖小区', kind: 'compound' });
    const issues = issuesOf(() => parseCityConfig(input));
    expect(issues).toEqual([expect.stringContaining('gazetteer.json: "翠湖小区" is both place X1区 翠湖小区 and place X2县 翠湖小区')]);
  });

  it('reports schema errors with the path and the entry\'s id', () => {
    const input = smallCity();
    input.departments.departments[3] = { ...input.departments.departments[3], level: 'province' };
    const issues = issuesOf(() => parseCityConfig(input));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^departments\.json: departments\[3\] "x-transport"\.level: /);
  });
});

describe('loadCityConfig', () => {
  it('names the file that is missing or not JSON', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'routing-config-'));
    try {
      const input = smallCity();
      writeFileSync(path.join(dir, 'departments.json'), JSON.stringify(input.departments));
      writeFileSync(path.join(dir, 'gazetteer.json'), '{ not json');
      writeFileSync(path.join(dir, 'dispatch-catalog.json'), JSON.stringify(input.catalog));
      expect(() => loadCityConfig(dir)).toThrow(/gazetteer\.json: not valid JSON/);
      writeFileSync(path.join(dir, 'gazetteer.json'), JSON.stringify(input.gazetteer));
      expect(loadCityConfig(dir).departments).toHaveLength(input.departments.departments.length);
      rmSync(path.join(dir, 'dispatch-catalog.json'));
      expect(() => loadCityConfig(dir)).toThrow(/dispatch-catalog\.json: cannot be read/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the full path of the file with the bad entry', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'routing-config-'));
    try {
      const input = smallCity();
      input.catalog.rules[0] = { ...input.catalog.rules[0], co: [{ department: 'x-ghost' }] };
      writeFileSync(path.join(dir, 'departments.json'), JSON.stringify(input.departments));
      writeFileSync(path.join(dir, 'gazetteer.json'), JSON.stringify(input.gazetteer));
      writeFileSync(path.join(dir, 'dispatch-catalog.json'), JSON.stringify(input.catalog));
      const issues = issuesOf(() => loadCityConfig(dir));
      expect(issues).toEqual([`${path.join(dir, 'dispatch-catalog.json')}: rules[0] "r-property".co[0]: department "x-ghost" does not exist in ${path.join(dir, 'departments.json')}`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
