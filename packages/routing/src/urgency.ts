import type { Priority, Urgency } from '@hotline/contracts';
import { segment } from '@hotline/text';
import { PhraseIndex } from './phrase-index.ts';

/**
 * Urgency (紧急程度) from keywords, on the contracts' scale: urgent when life, safety or property is at risk now;
 * high when an essential service (water, power, gas, heating, sewage, lifts) is out or a vulnerable person is
 * affected; normal otherwise. A keyword does not count when the few characters before it, within its clause, negate
 * it or make it hypothetical, past or planned ("没有起火", "万一发生火灾", "去年发生过火灾", "明天停水"), when it
 * is followed by words that make it a potential risk rather than an event ("火灾隐患"); an urgent keyword also not
 * when jieba does not read it as a word ("随着火车" holds no "着火").
 *
 * An emergency is what a message is about, not something a letter recounts on its way to another matter: an urgent
 * keyword makes a message urgent (and sends it to the emergency services, `x-…` dispatch rules) only in a short
 * message or near the start of a long one (the title and the opening), and not when it is told as something that
 * happens again and again ("电梯多次困人"). Anywhere else it makes the message high. On the TipDM messages (letters
 * to a city's leaders, 4,508) nearly every urgent keyword found deep in a long letter told of a past fire, a lift
 * that had trapped people before, or a building's risk of collapse, and the departments that answered them were
 * the ordinary ones (packages/routing/scripts/evaluate-against-replies.ts: 2 of 30 emergency routings agreed).
 */

interface KeywordRule {
  id: string;
  priority: Exclude<Priority, 'normal'>;
  /** Shown to operators (reasons), in Chinese. */
  description: string;
  keywords: string[];
  /** Words right after a keyword that turn it into a potential risk; the defaults apply when absent. */
  notFollowedBy?: string[];
  /** Characters right before a keyword that make it another word ("贫困人口" is not "困人"). */
  notPrecededBy?: string[];
  /** Keywords that are stems, whose last character may begin jieba's next word ("井盖塌" in "井盖|塌陷"). */
  stems?: string[];
  /** Whether hypothetical or past-time words ("万一", "可能", "去年") before a keyword discount it, as negations do; default true. */
  hypotheticalDiscounts?: boolean;
  /** All of these groups must match (each group: any of its words); used instead of `keywords` for combinations. */
  allOf?: string[][];
}

const POTENTIAL = ['隐患', '安全隐患', '风险', '演练', '预案', '报警器', '防范', '宣传', '知识', '逃生', '培训', '检查', '排查'];

const RULES: KeywordRule[] = [
  { id: 'fire', priority: 'urgent', description: '火情（起火、着火、火灾）', keywords: ['火灾', '起火', '着火', '失火', '大火', '火情', '燃起来'] },
  {
    id: 'gas-leak', priority: 'urgent', description: '燃气泄漏',
    keywords: ['燃气泄漏', '煤气泄漏', '天然气泄漏', '液化气泄漏', '燃气泄露', '煤气泄露', '天然气泄露', '闻到煤气', '闻到燃气', '闻到天然气', '煤气味', '燃气味', '天然气味', '漏气', '燃气管道破裂', '燃气管破裂'],
  },
  {
    id: 'electric-shock', priority: 'urgent', description: '触电或漏电危险',
    keywords: ['触电', '漏电', '电线掉落', '电线断落', '电线垂落', '高压线断', '高压线掉', '电线着火'], stems: ['高压线断', '高压线掉'],
  },
  { id: 'collapse', priority: 'urgent', description: '坍塌、塌方', keywords: ['坍塌', '塌方', '倒塌', '垮塌', '塌陷', '滑坡', '泥石流'] },
  {
    id: 'dangerous-building', priority: 'urgent', description: '危房有倒塌风险',
    keywords: [], allOf: [['危房', '危楼', 'D级'], ['倒塌', '垮塌', '坍塌', '开裂', '裂缝', '摇摇欲坠']],
    // For a dangerous building, "有倒塌风险" / "随时可能倒塌" is exactly the emergency; "危房改造" is a housing
    // programme (subsidies, renovation), not a building about to fall.
    notFollowedBy: ['改造'], hypotheticalDiscounts: false,
  },
  {
    id: 'trapped', priority: 'urgent', description: '人员被困（含电梯困人）', keywords: ['电梯困人', '被困', '困在', '困人', '关在电梯'],
    notPrecededBy: ['贫'], notFollowedBy: [...POTENTIAL, '扰', '惑', '难'],
  },
  {
    id: 'injury', priority: 'urgent', description: '有人受伤、昏迷或有生命危险',
    keywords: ['有人受伤', '受重伤', '多人受伤', '昏迷', '晕倒', '不省人事', '有生命危险', '生命垂危', '危及生命', '血流不止'],
  },
  { id: 'drowning', priority: 'urgent', description: '溺水', keywords: ['溺水', '落水', '掉进河', '掉进水'], notPrecededBy: ['防'], stems: ['掉进河', '掉进水'] },
  { id: 'explosion', priority: 'urgent', description: '爆炸', keywords: ['爆炸'] },
  {
    id: 'violence', priority: 'urgent', description: '暴力或轻生，人身安全受威胁', keywords: ['持刀', '砍人', '行凶', '斗殴', '跳楼', '轻生', '自杀'],
    notFollowedBy: [...POTENTIAL, '机'],
  },
  {
    id: 'flooding', priority: 'urgent', description: '内涝、房屋或道路被淹',
    keywords: ['内涝', '被淹', '水淹', '淹没', '淹水', '倒灌', '洪水', '漫进屋', '进水了'],
    notPrecededBy: ['防'], stems: ['漫进屋'],
  },
  { id: 'manhole', priority: 'urgent', description: '井盖缺失，行人车辆有坠落危险', keywords: ['井盖缺失', '井盖丢失', '井盖被盗', '井盖不见', '没有井盖', '井盖被偷', '井盖塌'], stems: ['井盖塌'] },

  { id: 'water-out', priority: 'high', description: '停水', keywords: ['停水', '断水', '没水', '没有水', '无水可用', '不来水', '没有自来水'] },
  { id: 'power-out', priority: 'high', description: '停电', keywords: ['停电', '断电', '没电', '没有电', '不来电'] },
  { id: 'gas-out', priority: 'high', description: '停气', keywords: ['停气', '断气供应', '没有燃气', '没有天然气', '没有煤气', '没气用'] },
  { id: 'heating-out', priority: 'high', description: '供暖不足或停暖', keywords: ['暖气不热', '没有暖气', '暖气不暖', '供暖不足', '停暖', '暖气停了'] },
  {
    id: 'sewage', priority: 'high', description: '下水道堵塞或污水外溢',
    keywords: ['下水道堵', '下水管堵', '排水管堵', '污水外溢', '污水漫', '污水横流', '污水倒灌', '粪水外溢', '化粪池满', '化粪池外溢', '污水冒出'],
  },
  { id: 'lift-out', priority: 'high', description: '电梯停运或故障', keywords: ['电梯故障', '电梯停运', '电梯坏了', '电梯坏掉', '电梯不能用', '电梯停用'] },
];

/** People whose being affected makes a problem more pressing. */
const VULNERABLE = ['老人', '老年人', '高龄', '儿童', '小孩', '孩子', '婴儿', '幼儿', '孕妇', '残疾', '残障', '瘫痪', '重病', '病人'];
/** Problems that, with a vulnerable person in the same sentence, make a ticket high. */
const DISTRESS = [
  '危险', '安全隐患', '摔倒', '摔伤', '生病', '发烧', '无人照顾', '无人照料', '没人管', '挨冻', '受冻', '中暑', '走失', '欺负', '虐待',
  '殴打', '流浪', '挨饿', '没饭吃', '无家可归', '露宿', '出行困难', '上下楼困难', '无法就医', '看不起病',
];

/** Every word the rules and the vulnerable-person check look for. */
const URGENCY_WORDS = new PhraseIndex([...RULES.flatMap((rule) => [...rule.keywords, ...(rule.allOf ?? []).flat()]), ...VULNERABLE, ...DISTRESS]);

/** Words that negate what follows them within the window. */
const NEGATORS = ['没有', '没', '未', '无', '不是', '不会', '不曾', '并非', '并未'];
/** Words that make what follows them a possibility, or a thing of the past, rather than an event now. */
const HYPOTHETICALS = [
  '防止', '预防', '避免', '以免', '以防', '谨防', '如果', '万一', '一旦', '假如', '若', '担心', '怕', '是否', '有没有', '会不会', '容易', '可能', '随时',
  '如遇', '去年', '前年', '曾经', '曾', '当年', '以前', '多年前', '上次', '发生过', '出现过', '明天', '将于', '将要', '将会', '即将', '计划', '预计',
];
/** Compounds that contain a negator but do not negate ("未经通知停水", "无故停电"). */
const NOT_NEGATING = ['未经', '无故', '无缘无故', '无端', '无数'];
/** How far back (in characters, within the clause) a negation reaches; time and mood words reach further. */
const NEGATION_WINDOW = 4;
const HYPOTHETICAL_WINDOW = 8;
const CLAUSE_BREAK = /[，。！？；,.!?;\n、：:]/;

/** Up to `size` characters before `at`, cut at the last clause break. */
function windowBefore(text: string, at: number, size: number): string {
  const before = text.slice(Math.max(0, at - size), at);
  let cut = 0;
  for (let index = 0; index < before.length; index += 1) if (CLAUSE_BREAK.test(before[index] ?? '')) cut = index + 1;
  let window = before.slice(cut);
  for (const compound of NOT_NEGATING) window = window.replaceAll(compound, '');
  return window;
}

function isDiscounted(text: string, at: number, hypotheticalDiscounts: boolean): boolean {
  const near = windowBefore(text, at, NEGATION_WINDOW);
  if (NEGATORS.some((word) => near.includes(word))) return true;
  if (!hypotheticalDiscounts) return false;
  const far = windowBefore(text, at, HYPOTHETICAL_WINDOW);
  return HYPOTHETICALS.some((word) => far.includes(word));
}

/** Words that make what follows them something that keeps happening rather than an emergency now ("电梯多次困人"). */
const RECURRING = ['多次', '几次', '屡次', '数次', '经常', '时常', '常常', '频繁', '反复', '历年', '历经'];
/** A year written before a keyword in its clause ("2017年百年难遇的洪水", "二零一七年七一洪水"): a dated account. */
const DATED = /(?:\d{2}|[〇零一二三四五六七八九]{4})年/;
const DATED_WINDOW = 16;

/** Words that place what follows them now, whatever date is written beside them ("今天（2026年…）起火"). */
const NOW = ['今天', '今日', '刚才', '刚刚', '现在', '正在', '此刻'];

/** Whether the keyword at `at` is told as something that keeps happening or as a dated account, not as news now. */
function isRecountedAt(text: string, at: number): boolean {
  const far = windowBefore(text, at, HYPOTHETICAL_WINDOW);
  if (RECURRING.some((word) => far.includes(word))) return true;
  if (!DATED.test(windowBefore(text, at, DATED_WINDOW))) return false;
  const clause = windowBefore(text, at, 2 * DATED_WINDOW);
  return !NOW.some((word) => clause.includes(word));
}

/**
 * An urgent keyword counts as the message's emergency in a message of at most SHORT_MESSAGE characters (a hotline
 * work order's summary, most app reports) or within the first EMERGENCY_LEAD characters of a longer one (its
 * title and opening sentences).
 */
const SHORT_MESSAGE = 200;
const EMERGENCY_LEAD = 120;

/** jieba's words laid over `text`: for each character the word it belongs to (−1 for left-out whitespace). */
interface WordMap {
  wordAt: Int32Array;
  starts: number[];
  ends: number[];
}

/**
 * Lays jieba's words of `text` (in order, as `segment` gives them: whitespace left out) over it; undefined when the
 * words do not follow the text, so that no keyword is lost to a mismatch.
 */
function mapWords(text: string, words: readonly string[]): WordMap | undefined {
  const wordAt = new Int32Array(text.length).fill(-1);
  const starts: number[] = [];
  const ends: number[] = [];
  let from = 0;
  for (const word of words) {
    const at = text.indexOf(word, from);
    if (at < 0 || text.slice(from, at).trim() !== '') return undefined;
    wordAt.fill(starts.length, at, at + word.length);
    starts.push(at);
    ends.push(at + word.length);
    from = at + word.length;
  }
  return { wordAt, starts, ends };
}

/**
 * Whether jieba reads the characters at `at` as the keyword: they lie within one word ("发生爆炸" holds "爆炸"), or
 * begin where a word begins and end where one ends ("电梯|困人"), or, for a stem, begin where a word begins; not when
 * a word runs across either end ("随着|火车" holds no "着火", "太大|火炬" no "大火").
 */
function readsAsWord(map: WordMap, at: number, length: number, stem: boolean): boolean {
  const first = map.wordAt[at] as number;
  const last = map.wordAt[at + length - 1] as number;
  if (first === last) return true;
  return (first < 0 || map.starts[first] === at) && (stem || last < 0 || map.ends[last] === at + length);
}

interface Hit {
  word: string;
  at: number;
}

/**
 * The earliest occurrence of any of `words` that is neither discounted nor followed by a potential-risk word nor
 * preceded by a character that makes it another word, and that `accept` takes.
 */
function findAffirmed(
  text: string,
  words: readonly string[],
  notFollowedBy: readonly string[],
  hypotheticalDiscounts = true,
  notPrecededBy: readonly string[] = [],
  accept: (at: number, word: string) => boolean = () => true,
): Hit | undefined {
  let first: Hit | undefined;
  for (const word of words) {
    for (let at = text.indexOf(word); at >= 0 && (first === undefined || at < first.at); at = text.indexOf(word, at + 1)) {
      const after = text.slice(at + word.length, at + word.length + 4);
      const before = text.slice(Math.max(0, at - 2), at);
      if (
        !isDiscounted(text, at, hypotheticalDiscounts)
        && !notFollowedBy.some((tail) => after.startsWith(tail))
        && !notPrecededBy.some((head) => before.endsWith(head))
        && accept(at, word)
      ) {
        first = { word, at };
        break;
      }
    }
  }
  return first;
}

const RANK: Record<Priority, number> = { urgent: 2, high: 1, normal: 0 };

/** The urgency with the ids of the signals found (`gas-leak`, `fire` …, `vulnerable`), for routing rules. */
export interface UrgencyAssessment extends Urgency {
  signals: string[];
}

/** The ids of the urgency signals, for dispatch rules that key on them. */
export const URGENCY_SIGNALS: readonly string[] = [...RULES.map((rule) => rule.id), 'vulnerable'];

/**
 * The urgency of a message from its text (title and body) and, when known, its kind (complaint, request …), with
 * the ids of the signals found. A `request` (求助) from or for a vulnerable person is high even without a named
 * problem; praise is always normal. `words` are jieba's words of `text` in order, when the caller has them (triage
 * does); without them the text is segmented when it holds a keyword.
 */
export function assessUrgency(text: string, kind?: string, words?: readonly string[]): UrgencyAssessment {
  // Most messages contain none of a rule's words: only the words found in the text are looked at (in list order).
  const present = URGENCY_WORDS.foundIn(text);
  const inText = (list: readonly string[]) => list.filter((word) => present.has(word));
  // jieba's words over the text, laid out at the first urgent keyword found (most messages have none).
  let wordMap: WordMap | undefined | null = null;
  /** A signal's id is left out when it names no emergency now, so that no emergency rule routes on it. */
  const found: Array<{ id?: string; priority: Exclude<Priority, 'normal'>; reason: string }> = [];
  for (const rule of RULES) {
    const tails = rule.notFollowedBy ?? POTENTIAL;
    const hypothetical = rule.hypotheticalDiscounts ?? true;
    const find = (accept?: (at: number, word: string) => boolean): Hit[] | undefined => {
      const hits = (rule.allOf ?? [rule.keywords]).map((group) => findAffirmed(text, inText(group), tails, hypothetical, rule.notPrecededBy, accept));
      return hits.every((hit) => hit !== undefined) ? (hits as Hit[]) : undefined;
    };
    const quote = (hits: Hit[]) => `“${hits.map((hit) => hit.word).join('”“')}”`;
    /** Whether jieba reads an urgent rule's keyword as a word there (high rules' keywords are taken as written). */
    const isWord = (at: number, word: string): boolean => {
      if (wordMap === null) wordMap = mapWords(text, words ?? segment(text));
      return wordMap === undefined || readsAsWord(wordMap, at, word.length, rule.stems?.includes(word) ?? false);
    };
    const isEmergency = (at: number, word: string): boolean =>
      isWord(at, word) && (text.length <= SHORT_MESSAGE || at < EMERGENCY_LEAD) && !isRecountedAt(text, at);
    if (rule.priority === 'high') {
      const hits = find();
      if (hits) found.push({ id: rule.id, priority: 'high', reason: `${rule.description}：${quote(hits)}` });
      continue;
    }
    const now = find(isEmergency);
    if (now) {
      found.push({ id: rule.id, priority: 'urgent', reason: `${rule.description}：${quote(now)}` });
      continue;
    }
    const told = find(isWord);
    if (!told) continue;
    const last = told.reduce((a, b) => (b.at > a.at ? b : a));
    const because = text.length > SHORT_MESSAGE && last.at >= EMERGENCY_LEAD ? '见于长文后段' : '系反复发生或记述的往事';
    found.push({ priority: 'high', reason: `${rule.description}（${because}，按较急处理）：${quote(told)}` });
  }

  const vulnerable = inText(VULNERABLE);
  const distress = inText(DISTRESS);
  // A sentence holds only words of the whole text.
  const sentences = vulnerable.length > 0 && distress.length > 0 ? text.split(/[。！？!?\n]/) : [];
  for (const sentence of sentences) {
    const person = findAffirmed(sentence, vulnerable, []);
    const problem = person ? findAffirmed(sentence, distress, []) : undefined;
    if (person && problem) {
      found.push({ id: 'vulnerable', priority: 'high', reason: `弱势群体受影响：“${person.word}”“${problem.word}”` });
      break;
    }
  }
  if (kind === 'request' && !found.some((item) => item.id === 'vulnerable')) {
    const person = findAffirmed(text, vulnerable, []);
    if (person) found.push({ id: 'vulnerable', priority: 'high', reason: `弱势群体求助：“${person.word}”` });
  }

  if (kind === 'praise') {
    return { priority: 'normal', reasons: found.length > 0 ? ['表扬类留言，不按紧急程度处理'] : [], signals: [] };
  }
  found.sort((a, b) => RANK[b.priority] - RANK[a.priority]);
  const priority: Priority = found[0]?.priority ?? 'normal';
  return { priority, reasons: found.map((item) => item.reason), signals: found.flatMap((item) => (item.id ? [item.id] : [])) };
}

/**
 * The urgency of a message from its text (title and body) and, when known, its kind (complaint, request …). A
 * `request` (求助) from or for a vulnerable person is high even without a named problem; praise is always normal.
 */
export function detectUrgency(text: string, kind?: string): Urgency {
  const { priority, reasons } = assessUrgency(text, kind);
  return { priority, reasons };
}
