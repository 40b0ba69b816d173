// Builds the civic-domain jieba user dictionary, packages/text/dict/civic.dict.utf8, from
//   (a) the hand-written terms in dict/sources/civic-terms.txt,
//   (b) the names of the official taxonomy (taxonomy.jsonl, levels 2 and 3) that are compact terms and that
//       people actually write,
//   (c) terms mined from the labelled messages: adjacent word pairs with strong association in the raw text
//       (labeled_raw.jsonl, replies.jsonl) and frequent words of labeled_segmented.jsonl that jieba lacks,
// minus the reviewed rejects in dict/sources/rejected.txt, minus words that jieba's default dictionary already
// has, minus words that, once added, steal characters from their neighbours in the corpus (see `stealRate`).
// Only terms are written, never message text. dict/civic.dict.sources.tsv records where each word came from.
//
//   node packages/text/scripts/build-dictionary.ts [data-dir]     (default /work/shared/data/tipdm2020c)
//
// Deterministic: the same data and sources give the same files. Uses nodejieba directly (with the default
// dictionary, then with the candidate dictionary), never the package's segment().
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodejieba from 'nodejieba';

const DICT_DIR = new URL('../dict/', import.meta.url);
const DATA_DIR = process.argv[2] ?? '/work/shared/data/tipdm2020c';

// Mining thresholds; counts are over the de-duplicated citizen messages.
const MIN_PAIR_COUNT = 8;
const MIN_PAIR_DOCS = 5;
const MIN_PAIR_PMI = 10; // log2(observed / expected) adjacency of the two words
const MIN_PAIR_DEPENDENCY = 0.4; // share of one word's occurrences spent in the pair
const MIN_WORD_DOCS = 12; // documents of labeled_segmented.jsonl with the word
const MIN_WORD_ENTROPY = 1.5; // bits of variety in the characters on each side of a mined word
const MIN_NAME_DOCS = 2; // messages or replies in which a taxonomy name occurs verbatim
/** A found word that breaks a neighbouring word of jieba's this often (share and count) is dropped. */
const MAX_STEAL_RATE = 0.2;
const MIN_STEALS = 2;
/** A user word gets at least this frequency; jieba's median dictionary word has 3. */
const MIN_FREQ = 20;

/** One-character heads that form real compounds (渣土车, 充电桩, 公租房, 烧烤摊, 首末站). */
const SINGLE_CHAR_HEADS = new Set([...'车桩房摊站场费证券屏险厂池']);
/** Heads of place, organisation and person names (…路, …小区, …书记), which are not terms. */
const NAME_HEADS = [
  '路', '街', '道', '大道', '街道', '镇', '乡', '村', '小区', '花园', '华庭', '家园', '新村', '广场', '大厦',
  '公寓', '城', '苑', '府', '湾', '湖', '山', '桥', '岛', '中学', '小学', '大学', '学校', '医院', '公司',
  '有限公司', '集团', '书记', '厅长', '局长', '市长', '主任', '县长', '区长', '省', '市', '县', '区', '新区',
];
/** Taxonomy names ending in these are headings (小区管理, 社区建设), not words people use as a unit. */
const GENERIC_HEADS = ['管理', '工作', '问题', '政策', '事务', '建设', '改革', '待遇', '监管', '规划', '发放', '服务'];
/** Characters that mark a mined one-word candidate as a piece of grammar (这是, 交了, 我于, 过高). */
const FUNCTION_CHARS = new Set([
  ...'的了着过得地是在有个这那我你他她它们不没也就都还又才很太更已未将会能要想为于与及和或被把给对向从到由至',
  ...'之其每各该某此等并再却然即只特请以因按原现本应全靠成完后前中说问找见做开干来住进',
  ...'多少几一二三四五六七八九十百千万两元号日月年点时天人市县省区镇乡村河桥塘铺州',
]);

type Source = 'hand' | 'taxonomy' | 'mined-pair' | 'mined-word';
interface Candidate {
  word: string;
  tag: string;
  source: Source;
  evidence: string;
}
interface Entry extends Candidate {
  freq: number;
}

function readLines(path: string | URL): string[] {
  return readFileSync(path, 'utf8').split('\n').map((line) => line.trim());
}

function readJsonl<T>(name: string): T[] {
  return readLines(join(DATA_DIR, name)).filter((line) => line.length > 0).map((line) => JSON.parse(line) as T);
}

/** A source list without comments and blank lines. */
function readList(name: string): string[] {
  return readLines(new URL(name, DICT_DIR)).map((line) => line.replace(/#.*/, '').trim()).filter((line) => line.length > 0);
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function entropy(counts: Map<string, number>): number {
  const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
  return [...counts.values()].reduce((h, n) => h - (n / total) * Math.log2(n / total), 0);
}

const isHan = (token: string): boolean => /^\p{Script=Han}+$/u.test(token);
const byWord = (a: { word: string }, b: { word: string }): number => a.word.localeCompare(b.word, 'zh');

// --- corpora ---
// nodejieba's typings leave out the default dictionary paths that its index.js exports.
const { DEFAULT_DICT } = nodejieba as typeof nodejieba & { DEFAULT_DICT: string };
const defaultFreq = new Map<string, number>();
for (const line of readLines(DEFAULT_DICT)) {
  const [word, freq] = line.split(' ');
  if (word && freq) defaultFreq.set(word, Number(freq));
}
const freqTotal = [...defaultFreq.values()].reduce((sum, freq) => sum + freq, 0);

type Message = { title: string | null; body: string; reply?: string | null };
const messageRows = [...readJsonl<Message>('labeled_raw.jsonl'), ...readJsonl<Message>('replies.jsonl')];
const messages = [...new Set(messageRows.map((row) => `${row.title ?? ''}\n${row.body}`))];
const replies = [...new Set(messageRows.flatMap((row) => (row.reply ? [row.reply] : [])))];
const stopwords = new Set(readList('stopwords.txt'));

// --- (a) hand-written terms ---
const candidates: Candidate[] = readList('sources/civic-terms.txt').map((line) => {
  const [word = '', tag = 'n'] = line.split(/\s+/);
  return { word, tag, source: 'hand', evidence: '' };
});

// --- (b) taxonomy names: 3–5 Han characters, not a list (和/及/与), not a heading, seen in real text ---
const taxonomy = readJsonl<{ level2: string; level3: string }>('taxonomy.jsonl');
for (const name of [...new Set(taxonomy.flatMap((row) => [row.level2, row.level3]))].sort()) {
  const compact = isHan(name) && name.length >= 3 && name.length <= 5 && !/[和及与]/.test(name) && !name.startsWith('其他');
  if (!compact || GENERIC_HEADS.some((head) => name.endsWith(head))) continue;
  const seenIn = [...messages, ...replies].filter((text) => text.includes(name)).length;
  if (seenIn >= MIN_NAME_DOCS) candidates.push({ word: name, tag: 'n', source: 'taxonomy', evidence: `docs=${seenIn}` });
}

// --- (c1) adjacent pairs of jieba words that behave as one word in the messages ---
const defaultCuts = messages.map((text) => nodejieba.cut(text, true));
const unigramCount = new Map<string, number>();
const pairCount = new Map<string, number>();
const pairDocs = new Map<string, number>();
let tokenTotal = 0;
for (const tokens of defaultCuts) {
  const pairsHere = new Set<string>();
  tokens.forEach((token, i) => {
    tokenTotal++;
    increment(unigramCount, token);
    const next = tokens[i + 1];
    if (!next || !isHan(token) || !isHan(next)) return;
    increment(pairCount, `${token} ${next}`);
    pairsHere.add(`${token} ${next}`);
  });
  pairsHere.forEach((pair) => increment(pairDocs, pair));
}

function isTermLikePair(first: string, second: string): boolean {
  const length = first.length + second.length;
  if (length < 3 || length > 6 || stopwords.has(first) || stopwords.has(second)) return false;
  if (first.length < 2 || (second.length < 2 && !SINGLE_CHAR_HEADS.has(second))) return false;
  if (!defaultFreq.has(first) || !defaultFreq.has(second)) return false; // parts jieba guessed are mostly names
  return !NAME_HEADS.some((head) => second.endsWith(head) && second.length <= head.length + 1);
}

const minedPairs: Candidate[] = [];
for (const [pair, count] of pairCount) {
  const [first = '', second = ''] = pair.split(' ');
  const docs = pairDocs.get(pair) ?? 0;
  if (count < MIN_PAIR_COUNT || docs < MIN_PAIR_DOCS || !isTermLikePair(first, second)) continue;
  const firstCount = unigramCount.get(first) ?? count;
  const secondCount = unigramCount.get(second) ?? count;
  const pmi = Math.log2((count * tokenTotal) / (firstCount * secondCount));
  const dependency = Math.max(count / firstCount, count / secondCount);
  if (pmi >= MIN_PAIR_PMI && dependency >= MIN_PAIR_DEPENDENCY) {
    const evidence = `${first}+${second} n=${count} docs=${docs} pmi=${pmi.toFixed(1)} dep=${dependency.toFixed(2)}`;
    minedPairs.push({ word: first + second, tag: 'n', source: 'mined-pair', evidence });
  }
}
candidates.push(...minedPairs.sort(byWord));

// --- (c2) words of labeled_segmented.jsonl that jieba's dictionary lacks and that stand free in the messages ---
const wordDocs = new Map<string, number>();
for (const row of readJsonl<{ tokens: string }>('labeled_segmented.jsonl')) {
  new Set(row.tokens.split(/\s+/)).forEach((token) => increment(wordDocs, token));
}

/** How varied the characters right before and right after `word` are (the lower side): low for fragments. */
function branchingEntropy(word: string): number {
  const before = new Map<string, number>();
  const after = new Map<string, number>();
  for (const text of messages) {
    for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length)) {
      increment(before, text[at - 1] ?? '^');
      increment(after, text[at + word.length] ?? '$');
    }
  }
  return Math.min(entropy(before), entropy(after));
}

const minedWords: Candidate[] = [];
for (const [word, docs] of wordDocs) {
  if (docs < MIN_WORD_DOCS || !isHan(word) || word.length < 2 || word.length > 4 || defaultFreq.has(word)) continue;
  if ([...word].some((char) => FUNCTION_CHARS.has(char))) continue;
  const branching = branchingEntropy(word);
  if (branching >= MIN_WORD_ENTROPY) {
    minedWords.push({ word, tag: 'n', source: 'mined-word', evidence: `docs=${docs} entropy=${branching.toFixed(2)}` });
  }
}
candidates.push(...minedWords.sort(byWord));

// --- assemble: first source wins; rejects and words jieba already has are left out ---
/**
 * The frequency at which `word` beats the way jieba's dictionary cuts it (the product of its parts'
 * probabilities, as jieba's suggest_freq computes it), with a floor so the word also holds in context.
 */
function frequencyFor(word: string): number {
  const parts = nodejieba.cut(word, false);
  const splitProbability = parts.reduce((p, part) => p * ((defaultFreq.get(part) ?? 1) / freqTotal), 1);
  return Math.max(MIN_FREQ, Math.ceil(splitProbability * freqTotal) + 1);
}

const rejected = new Set(readList('sources/rejected.txt'));
const skipped = { rejected: 0, inJieba: 0, stealing: [] as string[] };
const entries = new Map<string, Entry>();
for (const candidate of candidates) {
  if (!candidate.word || entries.has(candidate.word)) continue;
  if (rejected.has(candidate.word)) skipped.rejected++;
  else if (defaultFreq.has(candidate.word)) skipped.inJieba++;
  else entries.set(candidate.word, { ...candidate, freq: frequencyFor(candidate.word) });
}

// --- check in context: cut the messages with the candidate dictionary and compare with the default cut ---
function dictionaryText(list: Iterable<Entry>): string {
  return [...list].sort(byWord).map((e) => `${e.word} ${e.freq} ${e.tag}\n`).join('');
}

/**
 * Per message, the dictionary word of the default cut that covers each character offset (HMM guesses are left
 * out: breaking a wrong guess such as 市人|社局 is the point of a user word).
 */
const defaultWordAt = defaultCuts.map((tokens) => {
  const wordAt: Array<{ start: number; end: number } | undefined> = [];
  let offset = 0;
  for (const token of tokens) {
    const span = { start: offset, end: offset + token.length };
    if (token.length > 1 && defaultFreq.has(token)) for (let at = span.start; at < span.end; at++) wordAt[at] = span;
    offset = span.end;
  }
  return wordAt;
});

const scratch = mkdtempSync(join(tmpdir(), 'civic-dict-'));
const candidatePath = join(scratch, 'candidate.dict.utf8');
writeFileSync(candidatePath, dictionaryText(entries.values()));
nodejieba.load({ userDict: candidatePath });
const seen = new Map<string, number>();
const stealing = new Map<string, number>();
const examples = new Map<string, string>();
messages.forEach((text, i) => {
  const wordAt = defaultWordAt[i] ?? [];
  let offset = 0;
  for (const token of nodejieba.cut(text, true)) {
    const start = offset;
    const end = (offset += token.length);
    if (!entries.has(token)) continue;
    increment(seen, token);
    // Starting or ending inside one of jieba's dictionary words takes characters from a neighbour (物业管理|费).
    const broken = [wordAt[start], wordAt[end - 1]].find((span) => span && (span.start < start || span.end > end));
    if (broken) {
      increment(stealing, token);
      examples.set(token, text.slice(Math.min(start, broken.start), Math.max(end, broken.end)));
    }
  }
});
rmSync(scratch, { recursive: true });

const handWarnings: string[] = [];
for (const [word, count] of seen) {
  const steals = stealing.get(word) ?? 0;
  if (steals < MIN_STEALS || steals / count <= MAX_STEAL_RATE) continue;
  const report = `${word} ${steals}/${count} (${examples.get(word) ?? ''})`;
  // Hand-written terms are kept (the list is curated, and such a split is usually as good as jieba's); mined
  // and taxonomy terms are dropped.
  if (entries.get(word)?.source === 'hand') {
    handWarnings.push(report);
  } else {
    entries.delete(word);
    skipped.stealing.push(report);
  }
}

// --- write ---
const sorted = [...entries.values()].sort(byWord);
writeFileSync(new URL('civic.dict.utf8', DICT_DIR), dictionaryText(sorted));
writeFileSync(
  new URL('civic.dict.sources.tsv', DICT_DIR),
  ['word\tfreq\tsource\tevidence', ...sorted.map((e) => `${e.word}\t${e.freq}\t${e.source}\t${e.evidence}`)].join('\n') + '\n',
);
const bySource = new Map<string, number>();
sorted.forEach((entry) => increment(bySource, entry.source));
console.log(`civic.dict.utf8: ${sorted.length} words`, Object.fromEntries(bySource));
console.log(`left out: ${skipped.rejected} rejected, ${skipped.inJieba} already in jieba's dictionary, ${skipped.stealing.length} breaking neighbours:`);
console.log(skipped.stealing.sort().join(', '));
if (handWarnings.length > 0) console.log(`hand-written terms kept although they break neighbours: ${handWarnings.sort().join(', ')}`);
