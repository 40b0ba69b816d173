/**
 * A leakage-free split: validation is a stratified, seeded sample of raw messages; nothing in training may be the
 * same message (by raw id link, by identical text, or by near-identical text).
 */
import { isCjkCode } from '../features.ts';
import { seededRandom, shuffleInPlace } from '../rng.ts';
import type { LabeledData, LabeledMessage } from './data.ts';

export interface SplitOptions {
  /** Share of raw message groups held out for validation. */
  readonly validationFraction: number;
  readonly seed: number;
  /** Training rows sharing at least this share of their (or the validation row's) CJK 5-grams are dropped. */
  readonly nearDuplicateContainment: number;
  /** …and at least this many 5-grams. */
  readonly nearDuplicateMinShared: number;
  /** Keep segmented rows made from a raw row that is itself in training (the same message twice). */
  readonly keepLinkedSegmented: boolean;
}

export const DEFAULT_SPLIT_OPTIONS: SplitOptions = {
  validationFraction: 0.2,
  seed: 20200512,
  nearDuplicateContainment: 0.5,
  nearDuplicateMinShared: 10,
  keepLinkedSegmented: false,
};

export interface SplitStats {
  rawRows: number;
  segmentedRows: number;
  conflictingIds: string[];
  rawDroppedConflicting: number;
  rawDuplicateRows: number;
  validationRows: number;
  segmentedDroppedLinkedToValidation: number;
  segmentedDroppedLinkedToTraining: number;
  droppedNearDuplicateOfValidation: number;
  droppedDuplicateInTraining: number;
  droppedConflictingInTraining: number;
  trainingRaw: number;
  trainingSegmented: number;
}

export interface Split {
  readonly train: LabeledMessage[];
  readonly validation: LabeledMessage[];
  readonly stats: SplitStats;
}

/** The CJK characters of a message, title first: the identity used to find repeated texts. */
export function cjkKey(message: { title: string | null; body: string }): string {
  const text = (message.title ?? '') + message.body;
  let out = '';
  for (let i = 0; i < text.length; i++) if (isCjkCode(text.charCodeAt(i))) out += text[i];
  return out;
}

function shingles(key: string, n: number): Set<string> {
  const set = new Set<string>();
  for (let i = 0; i + n <= key.length; i++) set.add(key.slice(i, i + n));
  return set;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

export function splitData(data: LabeledData, options: SplitOptions = DEFAULT_SPLIT_OPTIONS): Split {
  const random = seededRandom(options.seed);

  // Ids that carry two different labels are unusable on both sides.
  const labelsById = new Map<string, Set<string>>();
  for (const row of data.raw) {
    const set = labelsById.get(row.id) ?? new Set<string>();
    set.add(row.category);
    labelsById.set(row.id, set);
  }
  const conflictingIds = [...labelsById].filter(([, set]) => set.size > 1).map(([id]) => id).sort();
  const conflicting = new Set(conflictingIds);
  const usableRaw = data.raw.filter((row) => !conflicting.has(row.id));

  // Identical texts form one group that goes to one side; a group with two labels is dropped.
  const groups = [...groupBy(usableRaw, cjkKey).values()].filter((group) => new Set(group.map((r) => r.category)).size === 1);
  const rawInGroups = groups.reduce((a, g) => a + g.length, 0);

  // Stratified by category, seeded.
  const byCategory = groupBy(groups, (group) => (group[0] as LabeledMessage).category);
  const validationGroups: LabeledMessage[][] = [];
  const trainingGroups: LabeledMessage[][] = [];
  for (const category of [...byCategory.keys()].sort()) {
    const list = shuffleInPlace([...(byCategory.get(category) as LabeledMessage[][])], random);
    const held = Math.round(list.length * options.validationFraction);
    validationGroups.push(...list.slice(0, held));
    trainingGroups.push(...list.slice(held));
  }
  const validation = validationGroups.map((group) => group[0] as LabeledMessage);
  const validationIds = new Set(validationGroups.flat().map((row) => row.id));
  const trainingRawIds = new Set(trainingGroups.flat().map((row) => row.id));
  const excludedIds = new Set([...conflicting, ...usableRaw.filter((r) => !validationIds.has(r.id) && !trainingRawIds.has(r.id)).map((r) => r.id)]);

  // Segmented rows made from a validation (or unusable) raw row go; so, optionally, do those duplicating a training row.
  let linkedToValidation = 0;
  let linkedToTraining = 0;
  const segmented = data.segmented.filter((row) => {
    if (row.rawIds.some((id) => validationIds.has(id) || excludedIds.has(id))) {
      linkedToValidation++;
      return false;
    }
    if (!options.keepLinkedSegmented && row.rawIds.length > 0 && row.rawIds.every((id) => trainingRawIds.has(id))) {
      linkedToTraining++;
      return false;
    }
    return true;
  });

  // Near-duplicates of validation texts (repeated complaints, unlinked copies) go too.
  const n = 5;
  const index = new Map<string, number[]>();
  const validationSizes = validation.map((row, v) => {
    const grams = shingles(cjkKey(row), n);
    for (const gram of grams) {
      const list = index.get(gram);
      if (list) list.push(v);
      else index.set(gram, [v]);
    }
    return grams.size;
  });
  const isNearDuplicate = (row: LabeledMessage): boolean => {
    const grams = shingles(cjkKey(row), n);
    const shared = new Map<number, number>();
    for (const gram of grams) for (const v of index.get(gram) ?? []) shared.set(v, (shared.get(v) ?? 0) + 1);
    for (const [v, count] of shared) {
      if (count < options.nearDuplicateMinShared) continue;
      const smaller = Math.min(grams.size, validationSizes[v] as number);
      if (count / smaller >= options.nearDuplicateContainment) return true;
    }
    return false;
  };
  const candidates = [...trainingGroups.map((group) => group[0] as LabeledMessage), ...segmented];
  const notNear = candidates.filter((row) => !isNearDuplicate(row));
  const droppedNear = candidates.length - notNear.length;

  // Identical texts inside training: keep one; drop texts that carry two labels.
  const train: LabeledMessage[] = [];
  let duplicates = 0;
  let conflictingInTraining = 0;
  for (const group of groupBy(notNear, cjkKey).values()) {
    if (new Set(group.map((r) => r.category)).size > 1) {
      conflictingInTraining += group.length;
      continue;
    }
    train.push(group[0] as LabeledMessage);
    duplicates += group.length - 1;
  }

  return {
    train,
    validation,
    stats: {
      rawRows: data.raw.length,
      segmentedRows: data.segmented.length,
      conflictingIds,
      rawDroppedConflicting: data.raw.length - usableRaw.length + (usableRaw.length - rawInGroups),
      rawDuplicateRows: rawInGroups - groups.length,
      validationRows: validation.length,
      segmentedDroppedLinkedToValidation: linkedToValidation,
      segmentedDroppedLinkedToTraining: linkedToTraining,
      droppedNearDuplicateOfValidation: droppedNear,
      droppedDuplicateInTraining: duplicates,
      droppedConflictingInTraining: conflictingInTraining,
      trainingRaw: train.filter((r) => r.kind === 'raw').length,
      trainingSegmented: train.filter((r) => r.kind === 'segmented').length,
    },
  };
}
