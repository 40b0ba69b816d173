import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import {
  DepartmentsFileSchema,
  DispatchCatalogSchema,
  FunctionCodesFileSchema,
  GazetteerSchema,
  type Department,
  type DispatchCatalog,
  type DispatchRule,
  type Gazetteer,
  type Target,
} from './schemas.ts';

/** A city's validated configuration: what the router, location resolver and console work from. */
export interface CityConfig {
  departments: Department[];
  gazetteer: Gazetteer;
  catalog: DispatchCatalog;
  /** The function vocabulary the departments were checked against, when one was given. */
  functionCodes?: string[];
}

/** The parsed JSON of the files, before validation. */
export interface CityConfigInput {
  /** departments.json, or just its list of departments. */
  departments: unknown;
  gazetteer: unknown;
  catalog: unknown;
  /** function-codes.json, or just its list of codes; when given, every department's functionCode must be in it. */
  functionCodes?: unknown;
}

export const CITY_CONFIG_FILES = {
  departments: 'departments.json',
  gazetteer: 'gazetteer.json',
  catalog: 'dispatch-catalog.json',
  functionCodes: 'function-codes.json',
} as const;

type FileKey = keyof typeof CITY_CONFIG_FILES;

/** Everything wrong with a city configuration, one line per problem, each naming the file and the entry. */
export class CityConfigError extends Error {
  readonly issues: string[];
  constructor(issues: string[]) {
    super(`invalid city configuration:\n  - ${issues.join('\n  - ')}`);
    this.name = 'CityConfigError';
    this.issues = issues;
  }
}

/** `departments[3] "a3-housing".functionCode` — the path, with the entry's id or name where it has one. */
function describePath(raw: unknown, issuePath: ReadonlyArray<PropertyKey>): string {
  let out = '';
  let node: unknown = raw;
  for (const key of issuePath) {
    if (typeof key === 'number') {
      out += `[${key}]`;
      node = Array.isArray(node) ? node[key] : undefined;
      if (node && typeof node === 'object') {
        const label = (node as Record<string, unknown>).id ?? (node as Record<string, unknown>).name;
        if (typeof label === 'string') out += ` "${label}"`;
      }
    } else {
      out += out ? `.${String(key)}` : String(key);
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key as string] : undefined;
    }
  }
  return out || '(top level)';
}

function parseFile<T extends z.ZodType>(schema: T, raw: unknown, file: string, issues: string[]): z.output<T> | undefined {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  for (const issue of result.error.issues) issues.push(`${file}: ${describePath(raw, issue.path)}: ${issue.message}`);
  return undefined;
}

/**
 * Validates the three configuration files (and optionally the function vocabulary) and the references between
 * them. Throws CityConfigError listing every problem found.
 */
export function parseCityConfig(input: CityConfigInput, options: { fileNames?: Partial<Record<FileKey, string>> } = {}): CityConfig {
  const files = { ...CITY_CONFIG_FILES, ...options.fileNames };
  const issues: string[] = [];

  const departmentsRaw = Array.isArray(input.departments) ? { departments: input.departments } : input.departments;
  const departmentsFile = parseFile(DepartmentsFileSchema, departmentsRaw, files.departments, issues);
  const gazetteer = parseFile(GazetteerSchema, input.gazetteer, files.gazetteer, issues);
  const catalog = parseFile(DispatchCatalogSchema, input.catalog, files.catalog, issues);
  let functionCodes: string[] | undefined;
  if (input.functionCodes !== undefined) {
    const raw = Array.isArray(input.functionCodes) ? { codes: input.functionCodes } : input.functionCodes;
    functionCodes = parseFile(FunctionCodesFileSchema, raw, files.functionCodes, issues)?.codes;
  }
  if (!departmentsFile || !gazetteer || !catalog || issues.length > 0) throw new CityConfigError(issues);
  const departments = departmentsFile.departments;

  // ---- gazetteer: every surface form names one thing
  const streetsByDistrict = new Map<string, Set<string>>();
  {
    const forms = new Map<string, string>();
    const claim = (form: string, what: string): void => {
      const previous = forms.get(form);
      if (previous && previous !== what) issues.push(`${files.gazetteer}: "${form}" is both ${previous} and ${what}`);
      else forms.set(form, what);
    };
    claim(gazetteer.city.name, `the city`);
    for (const district of gazetteer.districts) {
      for (const form of [district.name, ...district.aliases]) claim(form, `district ${district.name}`);
      const streets = new Set<string>();
      for (const street of district.streets) {
        streets.add(street.name);
        for (const form of [street.name, ...street.aliases]) claim(form, `street ${district.name}${street.name}`);
      }
      streetsByDistrict.set(district.name, streets);
      for (const place of district.places) {
        for (const form of [place.name, ...place.aliases]) claim(form, `place ${district.name} ${place.name}`);
        if (place.street && !streets.has(place.street)) {
          issues.push(`${files.gazetteer}: place "${place.name}" in ${district.name}: street "${place.street}" is not one of ${district.name}'s streets`);
        }
      }
    }
  }

  // ---- departments
  const departmentById = new Map<string, Department>();
  const codes = functionCodes ? new Set(functionCodes) : undefined;
  const primaries = new Map<string, string>();
  for (const [index, department] of departments.entries()) {
    const at = `${files.departments}: departments[${index}] "${department.id}"`;
    if (departmentById.has(department.id)) issues.push(`${at}: duplicate id`);
    departmentById.set(department.id, department);
    if (codes && !codes.has(department.functionCode)) issues.push(`${at}: functionCode "${department.functionCode}" is not in the function vocabulary`);
    if (department.level === 'city' && (department.district || department.street)) issues.push(`${at}: a city-level department has no district or street`);
    if (department.level !== 'city' && !department.district) issues.push(`${at}: a ${department.level}-level department needs a district`);
    if (department.level === 'district' && department.street) issues.push(`${at}: a district-level department has no street (use level "street")`);
    if (department.level === 'street' && !department.street) issues.push(`${at}: a street-level department needs a street`);
    if (department.district && !streetsByDistrict.has(department.district)) issues.push(`${at}: district "${department.district}" is not in the gazetteer`);
    else if (department.district && department.street && !streetsByDistrict.get(department.district)?.has(department.street)) {
      issues.push(`${at}: street "${department.street}" is not one of ${department.district}'s streets in the gazetteer`);
    }
    if (department.role !== 'specialized') {
      const key = `${department.level}|${department.district ?? ''}|${department.street ?? ''}|${department.functionCode}`;
      const other = primaries.get(key);
      if (other) issues.push(`${at}: "${other}" already serves function "${department.functionCode}" here; mark one "role": "specialized"`);
      else primaries.set(key, department.id);
    }
  }

  // ---- catalog
  const categories = new Set(catalog.categories);
  const functionsInUse = new Set(departments.map((department) => department.functionCode));
  const ruleIds = new Set<string>();
  const checkTarget = (target: Target, at: string): void => {
    if ('department' in target) {
      if (!departmentById.has(target.department)) issues.push(`${at}: department "${target.department}" does not exist in ${files.departments}`);
      return;
    }
    for (const code of [target.function, ...(target.fallback ? [target.fallback] : [])]) {
      if (codes && !codes.has(code)) issues.push(`${at}: function "${code}" is not in the function vocabulary`);
      else if (!functionsInUse.has(code)) issues.push(`${at}: no department in ${files.departments} has function "${code}"`);
    }
    if (target.cityDepartment) {
      const department = departmentById.get(target.cityDepartment);
      if (!department) issues.push(`${at}: cityDepartment "${target.cityDepartment}" does not exist in ${files.departments}`);
      else if (department.level !== 'city') issues.push(`${at}: cityDepartment "${target.cityDepartment}" is not a city-level department`);
    }
    if (target.scope === 'city' && !target.cityDepartment && !departments.some((d) => d.level === 'city' && d.functionCode === target.function && d.role !== 'specialized')) {
      issues.push(`${at}: scope "city" but no city-level department has function "${target.function}"`);
    }
  };
  for (const [index, rule] of catalog.rules.entries()) {
    const at = `${files.catalog}: rules[${index}] "${rule.id}"`;
    if (ruleIds.has(rule.id)) issues.push(`${at}: duplicate rule id`);
    ruleIds.add(rule.id);
    if (rule.category !== '*' && !categories.has(rule.category)) issues.push(`${at}: category "${rule.category}" is not one of the catalog's categories`);
    if (rule.keywords?.length === 0) issues.push(`${at}: an empty keyword list (leave "keywords" out for the category's default rule)`);
    if (rule.fine?.length === 0) issues.push(`${at}: an empty fine-category list`);
    if (rule.urgency?.length === 0) issues.push(`${at}: an empty urgency list`);
    if (rule.category === '*' && !rule.keywords && !rule.fine && !rule.urgency) issues.push(`${at}: a rule of every category ("*") needs keywords, fine categories or urgency signals`);
    checkTarget(rule.lead, `${at}.lead`);
    for (const [coIndex, target] of rule.co.entries()) checkTarget(target, `${at}.co[${coIndex}]`);
  }
  if (catalog.fallback) {
    checkTarget(catalog.fallback.lead, `${files.catalog}: fallback.lead`);
    for (const [coIndex, target] of catalog.fallback.co.entries()) checkTarget(target, `${files.catalog}: fallback.co[${coIndex}]`);
  }
  for (const category of categories) {
    const defaults = catalog.rules.filter((rule) => rule.category === category && isDefaultRule(rule));
    if (defaults.length > 1) issues.push(`${files.catalog}: category "${category}" has ${defaults.length} default rules (${defaults.map((rule) => rule.id).join(', ')}); keep one`);
  }

  if (issues.length > 0) throw new CityConfigError(issues);
  return { departments, gazetteer, catalog, ...(functionCodes ? { functionCodes } : {}) };
}

/** A category's default rule: no keywords, fine categories or urgency signals. */
export function isDefaultRule(rule: DispatchRule): boolean {
  return !rule.keywords && !rule.fine && !rule.urgency;
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CityConfigError([`${file}: cannot be read (${(error as Error).message})`]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CityConfigError([`${file}: not valid JSON (${(error as Error).message})`]);
  }
}

/**
 * Reads and validates a city's configuration folder: departments.json, gazetteer.json, dispatch-catalog.json and,
 * when present, function-codes.json. Error messages name the file and the bad entry.
 */
export function loadCityConfig(dir: string): CityConfig {
  const fileNames = Object.fromEntries(Object.entries(CITY_CONFIG_FILES).map(([key, file]) => [key, path.join(dir, file)])) as Record<FileKey, string>;
  return parseCityConfig(
    {
      departments: readJson(fileNames.departments),
      gazetteer: readJson(fileNames.gazetteer),
      catalog: readJson(fileNames.catalog),
      ...(existsSync(fileNames.functionCodes) ? { functionCodes: readJson(fileNames.functionCodes) } : {}),
    },
    { fileNames },
  );
}
