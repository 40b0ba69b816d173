import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import nodejieba from 'nodejieba';
import { encodeCuts, isWord } from './cuts.ts';

/** The civic-domain jieba user dictionary (`word freq tag` lines), built by scripts/build-dictionary.ts. */
export const CIVIC_DICT_PATH = fileURLToPath(new URL('../dict/civic.dict.utf8', import.meta.url));

let dictionaryLoaded = false;

/**
 * jieba reads its dictionaries once, when loaded: the user dictionary has to be given before the first cut.
 * Only `userDict` is passed, so nodejieba keeps its defaults for the main dictionary, the HMM model, IDF and stop
 * words; our file replaces the package's demo user dictionary. cppjieba aborts the whole process on a missing
 * file, hence the check first.
 */
function loadDictionary(): void {
  if (dictionaryLoaded) return;
  if (!existsSync(CIVIC_DICT_PATH)) {
    throw new Error(`civic user dictionary missing at ${CIVIC_DICT_PATH}: run node packages/text/scripts/build-dictionary.ts`);
  }
  nodejieba.load({ userDict: CIVIC_DICT_PATH });
  dictionaryLoaded = true;
}

/**
 * Splits Chinese text into words with jieba and the civic dictionary (HMM on, so unseen words still come out
 * whole). Whitespace-only tokens are dropped; Latin words and numbers come through as jieba returns them.
 */
export function segment(text: string): string[] {
  loadDictionary();
  return nodejieba.cut(text, true).filter(isWord);
}

/** `segment`, and where jieba cut the text (`encodeCuts`), for an event to carry to the hops after this one. */
export function segmentWithCuts(text: string): { tokens: string[]; cuts: string } {
  loadDictionary();
  const raw = nodejieba.cut(text, true);
  return { tokens: raw.filter(isWord), cuts: encodeCuts(raw) };
}

/**
 * The form Chinese text is indexed in: jieba tokens joined by single spaces, for a field analyzed with
 * Elasticsearch's built-in `whitespace` analyzer. Queries are segmented the same way, so both sides agree.
 */
export function toIndexTokens(text: string): string {
  return segment(text).join(' ');
}
