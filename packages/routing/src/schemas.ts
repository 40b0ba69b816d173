import { z } from 'zod';

/**
 * The city's configuration files, as zod schemas: config/city/departments.json, gazetteer.json,
 * dispatch-catalog.json and function-codes.json. Each schema checks one file on its own; the references between
 * files (a rule's department exists, a department's district is in the gazetteer …) are checked by parseCityConfig.
 */

const name = z.string().trim().min(1);
const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case ascii, digits and dashes');

// ---------------------------------------------------------------- departments.json

export const DEPARTMENT_LEVELS = ['city', 'district', 'street'] as const;

export const DepartmentSchema = z.strictObject({
  id,
  /** The office's full Chinese name, as operators and citizens know it. */
  name,
  /** city: a city bureau or company; district: a district/county office; street: a 街道办事处 or 乡镇人民政府. */
  level: z.enum(DEPARTMENT_LEVELS),
  /** The district/county it serves (district and street levels). */
  district: name.optional(),
  /** The street/town it serves (street level). */
  street: name.optional(),
  /** One code of the fixed function vocabulary (职能), see function-codes.json. */
  functionCode: id,
  /**
   * specialized: never chosen by a rule that names a function, only by a rule that names this department
   * (e.g. the housing provident fund centre, which shares its function code with the housing bureau).
   */
  role: z.enum(['specialized']).optional(),
  /** Other names the office goes by (as written in answered messages). */
  aliases: z.array(name).optional(),
});

export const DepartmentsFileSchema = z.object({
  generated: z.record(z.string(), z.unknown()).optional(),
  departments: z.array(DepartmentSchema).min(1),
});

// ---------------------------------------------------------------- gazetteer.json

export const StreetSchema = z.strictObject({
  name,
  kind: z.enum(['街道', '镇', '乡']),
  aliases: z.array(name).default([]),
  /** How many documents supported it when it was mined (0 or absent when added by hand). */
  support: z.number().int().min(0).optional(),
});

export const PLACE_KINDS = ['road', 'community', 'compound', 'village', 'landmark'] as const;

export const PlaceSchema = z.strictObject({
  name,
  kind: z.enum(PLACE_KINDS),
  /** The street/town it lies in, when known; must be one of its district's streets. */
  street: name.optional(),
  aliases: z.array(name).default([]),
  support: z.number().int().min(0).optional(),
});

export const DistrictSchema = z.strictObject({
  name,
  kind: z.enum(['区', '县', '市']),
  aliases: z.array(name).default([]),
  support: z.number().int().min(0).optional(),
  streets: z.array(StreetSchema).default([]),
  places: z.array(PlaceSchema).default([]),
});

export const GazetteerSchema = z.object({
  city: z.strictObject({ name, aliases: z.array(name).default([]) }),
  generated: z.record(z.string(), z.unknown()).optional(),
  districts: z.array(DistrictSchema).min(1),
});

// ---------------------------------------------------------------- dispatch-catalog.json

/**
 * Who handles a matched rule. `department` names one office. `function` names a function code, resolved by the
 * ticket's location: the street's office with that function, else the district's, else the city's (or
 * `cityDepartment` when given); `scope: city` skips the local levels. When nothing resolves, `fallback` (another
 * function code) is tried the same way.
 */
export const TargetSchema = z.union([
  z.strictObject({ department: id }),
  z.strictObject({
    function: id,
    scope: z.enum(['local', 'city']).default('local'),
    cityDepartment: id.optional(),
    fallback: id.optional(),
  }),
]);

export const RuleSchema = z.strictObject({
  id,
  /** One of the catalog's categories (the classifier's top-level classes), or `*` for a rule of every category. */
  category: name,
  /**
   * Refines the category: the rule applies when the text contains any of these words. A rule without keywords is
   * the category's default. Among rules whose keywords match, the one with the most keyword hits wins; ties go to
   * the rule listed first.
   */
  keywords: z.array(name).optional(),
  /** The rule does not apply when the text contains any of these. */
  excludeKeywords: z.array(name).optional(),
  /**
   * Fine categories (二级/三级分类 of config/fine-categories.json) the rule handles: `level2` or `level2/level3`.
   * A level-3 match adds 3 to the rule's keyword score, a level-2 match 2.
   */
  fine: z.array(name).optional(),
  /**
   * Emergency rule: applies when the urgency detector found one of these signals (ids of urgency.ts, e.g.
   * `gas-leak`), and then wins over every keyword or fine-category rule.
   */
  urgency: z.array(id).optional(),
  /** In words an operator can check (Chinese). */
  description: name,
  /** 主办 */
  lead: TargetSchema,
  /** 协办 */
  co: z.array(TargetSchema).default([]),
});

/**
 * The owner of last resort (兜底): used when the category has no rule, or the matched rule's lead cannot be placed.
 * When its lead cannot be placed either, the ticket goes to the 12345 centre's manual queue.
 */
export const FallbackSchema = z.strictObject({
  id,
  description: name,
  lead: TargetSchema,
  co: z.array(TargetSchema).default([]),
});

export const DispatchCatalogSchema = z.object({
  generated: z.record(z.string(), z.unknown()).optional(),
  about: z.string().optional(),
  categories: z.array(name).min(1),
  rules: z.array(RuleSchema).min(1),
  fallback: FallbackSchema.optional(),
});

// ---------------------------------------------------------------- function-codes.json

export const FunctionCodesFileSchema = z.object({
  source: z.string().optional(),
  codes: z.array(id).min(1),
});

export type Department = z.infer<typeof DepartmentSchema>;
export type DepartmentLevel = Department['level'];
export type DepartmentsFile = z.infer<typeof DepartmentsFileSchema>;
export type Street = z.infer<typeof StreetSchema>;
export type Place = z.infer<typeof PlaceSchema>;
export type PlaceKind = Place['kind'];
export type District = z.infer<typeof DistrictSchema>;
export type Gazetteer = z.infer<typeof GazetteerSchema>;
export type Target = z.infer<typeof TargetSchema>;
export type DispatchRule = z.infer<typeof RuleSchema>;
export type DispatchCatalog = z.infer<typeof DispatchCatalogSchema>;
export type DispatchFallback = z.infer<typeof FallbackSchema>;
export type FunctionCodesFile = z.infer<typeof FunctionCodesFileSchema>;
