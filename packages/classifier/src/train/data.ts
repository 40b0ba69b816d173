/** Reading the labelled TipDM 2020 C data (see the data folder's README.md); the encrypted files are never read. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const RAW_FILE = 'labeled_raw.jsonl';
export const SEGMENTED_FILE = 'labeled_segmented.jsonl';

const RawRowSchema = z.object({
  id: z.string(),
  title: z.string().nullable(),
  body: z.string(),
  category: z.string(),
});

const SegmentedRowSchema = z.object({
  id: z.string(),
  tokens: z.string(),
  category: z.string(),
  raw_ids: z.array(z.string()),
});

/** One labelled message, in the shape the feature extractor takes. */
export interface LabeledMessage {
  readonly id: string;
  readonly kind: 'raw' | 'segmented';
  readonly title: string | null;
  readonly body: string;
  readonly category: string;
  /** For segmented rows: the raw rows it was made from (may be empty). For raw rows: its own id. */
  readonly rawIds: readonly string[];
}

export interface LabeledData {
  readonly raw: LabeledMessage[];
  readonly segmented: LabeledMessage[];
}

function readJsonl<T>(path: string, schema: z.ZodType<T>): T[] {
  const rows: T[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim().length === 0) return;
      const parsed = schema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${path}:${i + 1}: ${parsed.error.message}`);
      rows.push(parsed.data);
    });
  return rows;
}

/**
 * Rejoins pre-cut tokens into text: without separators (Chinese is written without spaces), except a space
 * between two tokens that meet with ASCII letters or digits, so "https baidu com" does not become one word.
 */
export function rejoinTokens(tokens: string): string {
  let out = '';
  for (const token of tokens.split(/\s+/)) {
    if (token.length === 0) continue;
    if (out.length > 0 && /[A-Za-z0-9]$/.test(out) && /^[A-Za-z0-9]/.test(token)) out += ' ';
    out += token;
  }
  return out;
}

/**
 * Loads the raw and the segmented labelled rows. A segmented row's tokens are rejoined without spaces into its
 * body, so it goes through the same feature extraction as raw text.
 */
export function loadLabeledData(dataDir: string): LabeledData {
  for (const file of [RAW_FILE, SEGMENTED_FILE]) {
    if (!existsSync(join(dataDir, file))) throw new Error(`${join(dataDir, file)} not found`);
  }
  const raw = readJsonl(join(dataDir, RAW_FILE), RawRowSchema).map(
    (row): LabeledMessage => ({
      id: row.id,
      kind: 'raw',
      title: row.title !== null && row.title.trim().length > 0 ? row.title : null,
      body: row.body,
      category: row.category,
      rawIds: [row.id],
    }),
  );
  const segmented = readJsonl(join(dataDir, SEGMENTED_FILE), SegmentedRowSchema).map(
    (row): LabeledMessage => ({
      id: row.id,
      kind: 'segmented',
      title: null,
      body: rejoinTokens(row.tokens),
      category: row.category,
      rawIds: row.raw_ids,
    }),
  );
  return { raw, segmented };
}
