import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { PhraseIndex } from './phrase-index.ts';

/**
 * Fine categories (二级/三级分类): within the classifier's top-level class, the level-2 and level-3 node of the
 * official category tree, chosen by phrases (config/fine-categories.json). Every choice carries the phrases that
 * matched; when none matches, only the level-1 class is known.
 */

const name = z.string().trim().min(1);

export const FineNodeSchema = z.strictObject({
  level1: name,
  level2: name,
  /** Absent for the level-2 node itself. */
  level3: name.optional(),
  /** The node's name, its parts and hand-written synonyms. */
  phrases: z.array(name),
  /** Words mined from the labelled messages of the level-1 class (terms only). */
  mined: z.array(name).default([]),
});

export const FineCatalogSchema = z.object({
  about: z.string().optional(),
  generated: z.record(z.string(), z.unknown()).optional(),
  nodes: z.array(FineNodeSchema).min(1),
});

export type FineNode = z.infer<typeof FineNodeSchema>;
export type FineCatalog = z.infer<typeof FineCatalogSchema>;

export interface FineCategory {
  level1: string;
  level2?: string;
  level3?: string;
  /** [level1, level2?, level3?] */
  path: string[];
  /** The phrases that decided level 2 and level 3, in the order they were found. */
  matchedPhrases: string[];
  /** The chosen level-2 node's score (its own phrases plus its best level-3 child); 0 when nothing matched. */
  score: number;
}

/** Thrown with every problem found in a fine-category catalog. */
export class FineCatalogError extends Error {
  readonly issues: string[];
  constructor(issues: string[]) {
    super(`invalid fine-category catalog:\n  - ${issues.join('\n  - ')}`);
    this.name = 'FineCatalogError';
    this.issues = issues;
  }
}

/** Validates a parsed catalog: the schema, unique nodes, and a level-2 node for every level-3 node. */
export function parseFineCatalog(raw: unknown, file = 'fine-categories.json'): FineCatalog {
  const result = FineCatalogSchema.safeParse(raw);
  if (!result.success) throw new FineCatalogError(result.error.issues.map((issue) => `${file}: ${issue.path.join('.')}: ${issue.message}`));
  const issues: string[] = [];
  const keys = new Set<string>();
  for (const node of result.data.nodes) {
    const key = nodeKey(node);
    if (keys.has(key)) issues.push(`${file}: duplicate node ${key}`);
    keys.add(key);
  }
  for (const node of result.data.nodes) {
    if (node.level3 !== undefined && !keys.has(`${node.level1}/${node.level2}`)) issues.push(`${file}: ${nodeKey(node)} has no level-2 node ${node.level1}/${node.level2}`);
  }
  if (issues.length > 0) throw new FineCatalogError(issues);
  return result.data;
}

export function loadFineCatalog(file: string): FineCatalog {
  return parseFineCatalog(JSON.parse(readFileSync(file, 'utf8')) as unknown, file);
}

function nodeKey(node: { level1: string; level2: string; level3?: string | undefined }): string {
  return node.level3 === undefined ? `${node.level1}/${node.level2}` : `${node.level1}/${node.level2}/${node.level3}`;
}

/** `level2` or `level2/level3`: how dispatch rules name a fine category. */
export function fineKey(fine: Pick<FineCategory, 'level2' | 'level3'>): string | undefined {
  if (fine.level2 === undefined) return undefined;
  return fine.level3 === undefined ? fine.level2 : `${fine.level2}/${fine.level3}`;
}

interface Scored { score: number; hits: string[] }

/** A phrase's weight: longer phrases are more specific (2 characters 1, 3 characters 1.5, 4 or more 2). */
function weight(phrase: string): number {
  return Math.min(phrase.length, 4) / 2;
}

function occurrences(text: string, word: string): number {
  let count = 0;
  for (let at = text.indexOf(word); at >= 0 && count < 3; at = text.indexOf(word, at + word.length)) count += 1;
  return count;
}

/** A node with its phrases: hand-written then mined, each once. */
interface PhraseNode { node: FineNode; phrases: string[] }

function scoreNode(text: string, node: PhraseNode, found: ReadonlySet<string>): Scored {
  const matched = node.phrases.filter((phrase) => found.has(phrase));
  // A phrase inside a longer phrase of the same node that also matched counts once, as the longer one.
  const hits = matched.filter((phrase) => !matched.some((other) => other !== phrase && other.includes(phrase)));
  const score = hits.reduce((sum, phrase) => sum + occurrences(text, phrase) * weight(phrase), 0);
  return { score, hits };
}

interface Level2Entry { node?: PhraseNode; children: PhraseNode[] }

interface Level1Index {
  level2s: Map<string, Level2Entry>;
  /** Every phrase of the class's nodes: one pass over a text finds them all. */
  phrases: PhraseIndex;
}

const indexes = new WeakMap<FineCatalog, Map<string, Level1Index>>();

function indexOf(catalog: FineCatalog): Map<string, Level1Index> {
  const cached = indexes.get(catalog);
  if (cached) return cached;
  const level2sByLevel1 = new Map<string, Map<string, Level2Entry>>();
  const phrasesByLevel1 = new Map<string, string[]>();
  for (const node of catalog.nodes) {
    const level2s = level2sByLevel1.get(node.level1) ?? new Map<string, Level2Entry>();
    level2sByLevel1.set(node.level1, level2s);
    const entry = level2s.get(node.level2) ?? { children: [] };
    level2s.set(node.level2, entry);
    const phraseNode = { node, phrases: [...new Set([...node.phrases, ...node.mined])] };
    if (node.level3 === undefined) entry.node = phraseNode;
    else entry.children.push(phraseNode);
    const phrases = phrasesByLevel1.get(node.level1) ?? [];
    phrasesByLevel1.set(node.level1, phrases);
    phrases.push(...phraseNode.phrases);
  }
  const byLevel1 = new Map<string, Level1Index>();
  for (const [level1, level2s] of level2sByLevel1) byLevel1.set(level1, { level2s, phrases: new PhraseIndex(phrasesByLevel1.get(level1) ?? []) });
  indexes.set(catalog, byLevel1);
  return byLevel1;
}

/**
 * The level-2/level-3 category of a message within its level-1 class. Each level-2 node scores its own phrases plus
 * its best level-3 child's; the best level-2 node wins (ties: the first in the catalog), and within it the best
 * level-3 child, if any matched. Phrase weights grow with length; each phrase counts at most 3 occurrences; a
 * phrase that is part of a longer matched phrase of the same node counts once, as the longer one.
 */
export function classifyFine(text: string, level1: string, catalog: FineCatalog): FineCategory {
  const index = indexOf(catalog).get(level1);
  const found = index ? index.phrases.foundIn(text) : new Set<string>();
  let best: { level2: string; score: number; own: Scored; child?: { node: FineNode; scored: Scored } } | undefined;
  for (const [level2, entry] of found.size > 0 ? (index?.level2s ?? []) : []) {
    const own = entry.node ? scoreNode(text, entry.node, found) : { score: 0, hits: [] };
    let child: { node: FineNode; scored: Scored } | undefined;
    for (const phraseNode of entry.children) {
      const scored = scoreNode(text, phraseNode, found);
      if (scored.score > 0 && (!child || scored.score > child.scored.score)) child = { node: phraseNode.node, scored };
    }
    const score = own.score + (child?.scored.score ?? 0);
    if (score > 0 && (!best || score > best.score)) best = { level2, score, own, ...(child ? { child } : {}) };
  }
  if (!best) return { level1, path: [level1], matchedPhrases: [], score: 0 };
  const level3 = best.child?.node.level3;
  const matchedPhrases = [...new Set([...(best.child?.scored.hits ?? []), ...best.own.hits])];
  return {
    level1,
    level2: best.level2,
    ...(level3 !== undefined ? { level3 } : {}),
    path: [level1, best.level2, ...(level3 !== undefined ? [level3] : [])],
    matchedPhrases,
    score: Math.round(best.score * 100) / 100,
  };
}
