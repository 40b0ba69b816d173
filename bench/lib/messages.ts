import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CHANNELS, type IntakeMessageInput } from '@hotline/contracts';
import { generateMessages } from '../../tests/fixtures/citizen-messages.ts';

/** Real citizen messages (../shared beside the clone); without them the benches use the project's generator. */
export const SHARED_MESSAGES = fileURLToPath(new URL('../../../shared/data/tipdm2020c/labeled_raw.jsonl', import.meta.url));

export interface MessageSet {
  source: string;
  messages: IntakeMessageInput[];
}

/**
 * `count` intake messages, distinct per `runTag`: the shared data set's rows as `scripts/replay` sends them (over
 * every channel, received now), cycling through the rows when more are asked for than the file has; else the
 * generator's messages.
 */
export function benchMessages(count: number, runTag: string, seed = 1): MessageSet {
  if (!existsSync(SHARED_MESSAGES)) return { source: 'tests/fixtures/citizen-messages.ts (generated)', messages: generateMessages(count, { seed, runTag }) };
  const rows = readFileSync(SHARED_MESSAGES, 'utf8').split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line) as { id?: string; title?: string | null; body: string });
  const receivedAt = new Date().toISOString();
  const messages = Array.from({ length: count }, (_, index): IntakeMessageInput => {
    const row = rows[(index + seed) % rows.length]!;
    return {
      schemaVersion: 1,
      sourceId: `${runTag}-${row.id ?? index}-${index}`,
      channel: CHANNELS[index % CHANNELS.length]!,
      receivedAt,
      ...(row.title ? { title: row.title } : {}),
      body: row.body,
    };
  });
  return { source: `${SHARED_MESSAGES.replace(/.*\/shared\//, '../shared/')} (${rows.length} rows, cycled)`, messages };
}
