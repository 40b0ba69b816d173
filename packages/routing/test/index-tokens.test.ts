import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadClassifier } from '@hotline/classifier';
import { maskPii, normalizeText, segment } from '@hotline/text';
import { generateMessages } from '../../../tests/fixtures/citizen-messages.ts';
import { decideRouting, decideRoutingAll, loadCityConfig, loadFineCatalog } from '../src/index.ts';
import { CITY_DIR } from './fixtures.ts';

const city = loadCityConfig(CITY_DIR);
const fineCatalog = loadFineCatalog(path.resolve(CITY_DIR, '../fine-categories.json'));
const classifier = loadClassifier();
let classifiedFromTokens = 0;
const options = {
  // The real classifier, counting the calls that came with tokens (so the second decision really used them).
  classifier: { gatingThreshold: classifier.gatingThreshold, classify: (input: Parameters<typeof classifier.classify>[0], k?: number) => {
    if (input.tokens?.body) classifiedFromTokens++;
    return classifier.classify(input, k);
  } },
  city,
  fineCatalog,
};
const SHARED_MESSAGES = fileURLToPath(new URL('../../../../shared/data/tipdm2020c/labeled_raw.jsonl', import.meta.url));

/** Title and body as TicketReceived carries them (normalized, masked by ingest) and their tokens as triage cuts them once. */
function asIngested(message: { title?: string | null; body: string }) {
  const title = message.title ? maskPii(normalizeText(message.title)).text : null;
  const body = maskPii(normalizeText(message.body)).text;
  return { title, body, words: { body: segment(body), ...(title ? { title: segment(title) } : {}) } };
}

/** Every message decided twice, normalizing and segmenting itself, and from the tokens given as triage does: the answers must be the same. */
function differences(messages: Array<{ title?: string | null; body: string }>): string[] {
  const different: string[] = [];
  classifiedFromTokens = 0;
  for (const message of messages) {
    const { title, body, words } = asIngested(message);
    const segmenting = decideRouting({ title, body }, options);
    const fromTokens = decideRouting({ title, body, words, normalized: true }, options);
    if (JSON.stringify(fromTokens) !== JSON.stringify(segmenting)) different.push(body.slice(0, 40));
  }
  expect(classifiedFromTokens).toBe(messages.length);
  return different;
}

describe('decideRouting on intake-normalized text and the tokens triage cut once', () => {
  it('decides exactly as segmenting again would (the project\'s own messages and the demo samples)', () => {
    const demo = readFileSync(path.resolve(CITY_DIR, '../demo/sample-messages.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { title?: string; body: string });
    const messages = [...demo, ...generateMessages(300, { seed: 7, runTag: 'tokens' }), { title: 'ＡＢＣ　全角 Latin ＆ 数字１２３', body: '繁體字的訊息：電話１３８１２３４５６７８，路燈不亮。 Two  spaces\there.' }];
    expect(differences(messages)).toEqual([]);
  });

  it('decides exactly as segmenting again would on every row of the shared data set, where it is present', () => {
    // The only conditional part: a clone without ../shared still checks the project's own messages above.
    if (!existsSync(SHARED_MESSAGES)) return;
    const rows = readFileSync(SHARED_MESSAGES, 'utf8').split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line) as { title?: string | null; body: string });
    expect(rows.length).toBeGreaterThan(1000);
    expect(differences(rows)).toEqual([]);
  });
});

describe('decideRoutingAll', () => {
  it('decides a list a step at a time exactly as decideRouting decides each message alone', () => {
    const messages = generateMessages(200, { seed: 11, runTag: 'all' }).map((message) => ({ ...asIngested(message), normalized: true, kind: message.kind, location: message.location }));
    const alone = messages.map((message) => JSON.stringify(decideRouting(message, options)));
    const together = decideRoutingAll(messages, options).map((outcome) => JSON.stringify(outcome));
    expect(together).toEqual(alone);
    expect(new Set(alone).size).toBe(messages.length); // 200 different decisions, not one repeated
    expect(decideRoutingAll([], options)).toEqual([]);
  });
});
