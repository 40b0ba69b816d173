/**
 * Checks the dispatch catalog against who really answered: for each message of `replies.jsonl`, extracts the
 * answering office from the official reply (pattern rules below), maps it to a function code and a level
 * (city bureau / district office / street-township 属地), routes the message with decideRouting (the classifier's
 * committed model for the category) and reports agreement.
 *
 *   node packages/routing/scripts/evaluate-against-replies.ts [--data DIR] [--city DIR] [--catalog FILE] [--fine FILE]
 *        [--sample N --out FILE]     # also write N messages (id, first 60 characters, decision, who answered) to FILE
 *
 * Prints figures and tables only (no message text) to stdout, and a JSON summary as the last line. --out must point
 * outside the repository (messages stay in ../shared).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
// Stopgap: @hotline/classifier is not a dependency of @hotline/routing; imported by path.
import { loadClassifier } from '@hotline/classifier';
import { decideRouting, loadCityConfig, loadFineCatalog, parseCityConfig, type CityConfig, type Department } from '../src/index.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const { values } = parseArgs({
  options: {
    data: { type: 'string', default: path.resolve(repoRoot, '../shared/data/tipdm2020c') },
    city: { type: 'string', default: path.join(repoRoot, 'config/city') },
    catalog: { type: 'string' },
    fine: { type: 'string', default: path.join(repoRoot, 'config/fine-categories.json') },
    sample: { type: 'string', default: '0' },
    out: { type: 'string' },
    seed: { type: 'string', default: '12345' },
  },
  strict: true,
});
if (values.out && path.resolve(values.out).startsWith(repoRoot)) throw new Error('--out must be outside the repository: messages stay in ../shared');

function loadCity(): CityConfig {
  if (!values.catalog) return loadCityConfig(values.city);
  const read = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8')) as unknown;
  return parseCityConfig({
    departments: read(path.join(values.city, 'departments.json')),
    gazetteer: read(path.join(values.city, 'gazetteer.json')),
    catalog: read(values.catalog),
    functionCodes: read(path.join(values.city, 'function-codes.json')),
  });
}

const city = loadCity();
const fineCatalog = loadFineCatalog(values.fine);
const classifier = loadClassifier();
const departmentById = new Map(city.departments.map((department) => [department.id, department]));

// ---------------------------------------------------------------- extraction of the answering office

type Level = 'city' | 'district' | 'street';
interface Answerer { function: string; level?: Level; mention: string; district?: string }

/** Office name stems → function code; the first that matches at the earliest position wins. Order matters. */
const STEMS: Array<[string, string]> = [
  ['住房公积金|公积金', 'housing-construction'],
  ['交警|交通警察|公安交通管理|车管所', 'traffic-police'],
  ['公安|派出所|刑侦|治安', 'public-security'],
  ['住房和城乡建设|住房城乡建设|住建|城乡建设局|建设局|住房保障|房产局|房管局|房屋交易|建委|物管中心', 'housing-construction'],
  ['城管|城市管理|城乡建设行政执法|行政执法局|执法大队|市政|环卫|园林', 'urban-management'],
  ['自然资源|国土|规划|不动产', 'natural-resources-planning'],
  ['生态环境|环保|环境保护', 'ecology-environment'],
  ['交通运输|交通局|运管|道路运输|公交|轨道', 'transport'],
  ['市场监督|市场监管|工商|质监|质量技术监督|食品药品|食药|物价', 'market-regulation'],
  ['医疗保障|医保|医疗保险', 'healthcare-security'],
  ['卫生健康|卫健|卫计|卫生和计划生育|卫生局|计划生育|计生', 'health'],
  ['教育', 'education'],
  ['人力资源|人社|社保|社会保险|劳动保障|劳动监察|劳动和社会保障|就业', 'human-resources-social-security'],
  ['民政|救助管理', 'civil-affairs'],
  ['文化|旅游|文旅|体育|广电|文广', 'culture-tourism-sports'],
  ['水利|水务局', 'water-resources'],
  ['农业|畜牧|农机|林业|农村', 'agriculture-rural'],
  ['应急管理|安监|安全生产监督', 'emergency-management'],
  ['消防', 'fire-rescue'],
  ['财政|税务|国税|地税', 'finance-taxation'],
  ['发展和改革|发改', 'development-reform'],
  ['商务|经济和科技|经信|工信|工业和信息化', 'industry-commerce'],
  ['政务服务|行政审批', 'government-services'],
  ['自来水|供水|水业', 'utility-water'],
  ['供电|电力|国网', 'utility-power'],
  ['燃气|天然气', 'utility-gas-heating'],
];
const OFFICE_SUFFIX = '(?:局|委员会|委|中心|大队|支队|分局|公司|处|所|办公室|部门)';
const DISTRICT_TOKEN = '[A-Z]\\d+(?:县市|[区县市])';
const OFFICE = new RegExp(`(${DISTRICT_TOKEN}|[A-Z]市|市|县|区|我)?([\\u4e00-\\u9fa5]{0,4}?)(${STEMS.map(([stems]) => stems).join('|')})[\\u4e00-\\u9fa5]{0,8}?${OFFICE_SUFFIX}`, 'g');
const GOVERNMENT = new RegExp(`(${DISTRICT_TOKEN}|[A-Z]市)(?:人民政府|政府)`, 'g');
const STREET_OFFICE = /([\u4e00-\u9fa5]{2,4}?(?:街道|镇|乡))(?:办事处|人民政府|政府|党委|党工委)|我(?:镇|街道|乡)|([\u4e00-\u9fa5]{2,4}?(?:街道|镇|乡))(?=(?:迅速|立即|及时|高度重视|已|于|组织|工作人员|调查|核实|回复|答复))/g;
/** Mentions that are not the answering office: higher levels, documents, other organisations. */
const NOT_ANSWERER = /省|国家|国务院|中华人民共和国|中央|部$/;

function levelOf(prefix: string | undefined, mention: string): Level | undefined {
  if (prefix && new RegExp(`^${DISTRICT_TOKEN}$`).test(prefix)) return 'district';
  if (prefix === '县' || prefix === '区') return 'district';
  if (prefix === '市' || (prefix && /^[A-Z]市$/.test(prefix))) return 'city';
  if (/分局|大队/.test(mention)) return 'district';
  if (/支队/.test(mention)) return 'city';
  return undefined;
}

function inBrackets(text: string, at: number): boolean {
  const open = text.lastIndexOf('《', at);
  return open >= 0 && text.indexOf('》', open) >= at;
}

/** The office that answered, from the reply's text; undefined when no pattern finds one. */
function extractAnswerer(reply: string): Answerer | undefined {
  const text = reply.replace(/\s+/g, '');
  const candidates: Array<Answerer & { at: number }> = [];
  for (const match of text.matchAll(OFFICE)) {
    const [mention, prefix, lead = '', stem = ''] = match;
    const at = match.index;
    if (NOT_ANSWERER.test(lead) || NOT_ANSWERER.test(text.slice(Math.max(0, at - 3), at)) || inBrackets(text, at)) continue;
    if (/物业|开发|置业|建材|房地产/.test(mention)) continue;
    const fn = STEMS.find(([stems]) => new RegExp(`^(?:${stems})`).test(stem))?.[1];
    if (!fn) continue;
    const level = levelOf(prefix === '我' ? undefined : prefix, mention);
    const district = prefix && new RegExp(`^${DISTRICT_TOKEN}$`).test(prefix) ? prefix : undefined;
    candidates.push({ function: fn, ...(level ? { level } : {}), mention, ...(district ? { district } : {}), at });
  }
  for (const match of text.matchAll(STREET_OFFICE)) {
    candidates.push({ function: 'street-township', level: 'street', mention: match[0], at: match.index });
  }
  for (const match of text.matchAll(GOVERNMENT)) {
    if (/^[A-Z]市$/.test(match[1] ?? '')) candidates.push({ function: 'district-government', level: 'city', mention: match[0], at: match.index });
    else candidates.push({ function: 'district-government', level: 'district', mention: match[0], district: match[1] ?? '', at: match.index });
  }
  // An office that names itself ("我局" with a named bureau elsewhere, "我镇") or hands over ("已转…", "交由…") is the
  // best evidence; otherwise the first office named.
  const handled = candidates.find((item) => /[经由转交]/.test(text[item.at - 1] ?? '') || item.mention.startsWith('我'));
  const chosen = handled ?? candidates.sort((a, b) => a.at - b.at)[0];
  if (!chosen) return undefined;
  if (!chosen.level) {
    if (/我县|我区|本县|本区/.test(text)) chosen.level = 'district';
    else if (/我市|本市/.test(text)) chosen.level = 'city';
  }
  const { at: _at, ...answerer } = chosen;
  return answerer;
}

// ---------------------------------------------------------------- evaluation

interface Row { id: string; title: string | null; body: string; reply: string | null }
const rows = readFileSync(path.join(values.data, 'replies.jsonl'), 'utf8').split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line) as Row);
const OTHER_CITY = /(?:^|[^A-Z])[B-Z]\d*(?:县市|[区县市])/;

interface Result { row: Row; answerer?: Answerer; department?: Department; manual: boolean; ruleId: string; aCity: boolean; why: string; category: string; fine: string }
const results: Result[] = [];
for (const row of rows) {
  const outcome = decideRouting({ title: row.title, body: row.body }, { classifier, city, fineCatalog });
  const lead = outcome.decision.status === 'routed' ? outcome.decision.department : outcome.decision.suggestions[0];
  const department = lead ? departmentById.get(lead.id) : undefined;
  const answerer = row.reply ? extractAnswerer(row.reply) : undefined;
  const aCity = outcome.location.source !== 'none' && !OTHER_CITY.test(`${row.title ?? ''}${row.body}${row.reply ?? ''}`);
  results.push({
    row,
    ...(answerer ? { answerer } : {}),
    ...(department ? { department } : {}),
    manual: outcome.decision.status === 'manual',
    ruleId: outcome.decision.status === 'routed' ? outcome.decision.rule.id : `manual:${outcome.decision.reason.code}`,
    why: outcome.decision.status === 'routed' ? outcome.decision.rule.description : outcome.decision.reason.message,
    aCity,
    category: `${outcome.classification.category} ${Math.round(outcome.classification.confidence * 100)}%`,
    fine: outcome.fine.path.slice(1).join('/') || '-',
  });
}

const pct = (part: number, whole: number): string => (whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)}%`);

function agreement(subset: Result[]): { n: number; functionAgree: number; levelN: number; levelAgree: number } {
  const withAnswer = subset.filter((result) => result.answerer && result.department);
  const functionAgree = withAnswer.filter((result) => result.answerer?.function === result.department?.functionCode).length;
  const leveled = withAnswer.filter((result) => result.answerer?.level);
  const levelAgree = leveled.filter((result) => result.answerer?.level === result.department?.level).length;
  return { n: withAnswer.length, functionAgree, levelN: leveled.length, levelAgree };
}

const extracted = results.filter((result) => result.answerer);
const aCity = results.filter((result) => result.aCity);
const lines: string[] = [];
lines.push(`catalog: ${values.catalog ?? path.join(values.city, 'dispatch-catalog.json')}`);
lines.push(`messages: ${results.length}; answering office extracted: ${extracted.length} (${pct(extracted.length, results.length)}); with a level: ${extracted.filter((r) => r.answerer?.level).length}`);
lines.push(`A市 messages (location resolved, no other city named): ${aCity.length}; extracted: ${aCity.filter((r) => r.answerer).length}`);
lines.push(`routed to manual triage: ${results.filter((r) => r.manual).length}`);
const summary: Record<string, unknown> = { n: results.length, extracted: extracted.length };
for (const [label, subset] of [['all', results], ['A市', aCity]] as const) {
  const figures = agreement(subset);
  lines.push(`${label}: function agreement ${figures.functionAgree}/${figures.n} = ${pct(figures.functionAgree, figures.n)}; level agreement ${figures.levelAgree}/${figures.levelN} = ${pct(figures.levelAgree, figures.levelN)}`);
  summary[label] = { ...figures, functionRate: figures.functionAgree / Math.max(1, figures.n), levelRate: figures.levelAgree / Math.max(1, figures.levelN) };
}

const count = <T>(items: T[], key: (item: T) => string): Array<[string, number]> => {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]);
};
const compared = extracted.filter((result) => result.department);
lines.push('', 'answering function (extracted) → routed function: most common disagreements');
for (const [pair, n] of count(compared.filter((r) => r.answerer?.function !== r.department?.functionCode), (r) => `${r.answerer?.function} → ${r.department?.functionCode}`).slice(0, 15)) lines.push(`  ${n}\t${pair}`);
lines.push('', 'answering level → routed level');
for (const [pair, n] of count(compared.filter((r) => r.answerer?.level), (r) => `${r.answerer?.level} → ${r.department?.level}`)) lines.push(`  ${n}\t${pair}`);
lines.push('', 'rules: n, function agreement, answered by a street/township office');
for (const [rule, n] of count(compared, (r) => r.ruleId).slice(0, 45)) {
  const ofRule = compared.filter((r) => r.ruleId === rule);
  const agree = ofRule.filter((r) => r.answerer?.function === r.department?.functionCode).length;
  const street = ofRule.filter((r) => r.answerer?.level === 'street').length;
  const top = count(ofRule, (r) => r.answerer?.function ?? '?').slice(0, 3).map(([fn, k]) => `${fn} ${k}`).join(', ');
  lines.push(`  ${rule}\t${n}\tagree ${pct(agree, n)}\tstreet ${pct(street, n)}\tanswered by ${top}`);
}
lines.push('', 'answering functions: n');
for (const [fn, n] of count(extracted, (r) => r.answerer?.function ?? '?')) lines.push(`  ${n}\t${fn}`);
process.stdout.write(`${lines.join('\n')}\n${JSON.stringify(summary)}\n`);

// ---------------------------------------------------------------- sample (outside the repository)

const sampleSize = Number(values.sample);
if (sampleSize > 0 && values.out) {
  let seed = Number(values.seed);
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const labelled = readFileSync(path.join(values.data, 'labeled_raw.jsonl'), 'utf8').split('\n').filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Row & { category: string })
    .filter((row) => /A\d(?:区|县|市)/.test(`${row.title ?? ''}${row.body}`));
  const pick = <T>(items: T[], n: number): T[] => {
    const pool = [...items];
    const out: T[] = [];
    while (out.length < n && pool.length > 0) out.push(...pool.splice(Math.floor(random() * pool.length), 1));
    return out;
  };
  const table: string[] = ['| source | id | first 60 characters | category | fine category | department (rule) | who answered |', '|---|---|---|---|---|---|---|'];
  const cell = (value: string): string => value.replace(/\s+/g, ' ').replace(/\|/g, '/');
  for (const row of pick(labelled, Math.floor(sampleSize / 2))) {
    const outcome = decideRouting({ title: row.title, body: row.body }, { classifier, city, fineCatalog });
    const lead = outcome.decision.status === 'routed' ? outcome.decision.department.name : `人工（${outcome.decision.reason.code}）`;
    const why = outcome.decision.status === 'routed' ? outcome.decision.rule.description : outcome.decision.reason.message;
    table.push(`| labeled | ${row.id} | ${cell([row.title, row.body].filter(Boolean).join(' ').slice(0, 60))} | ${outcome.classification.category} (label ${row.category}) | ${outcome.fine.path.slice(1).join('/') || '-'} | ${cell(lead)}: ${cell(why)} | – |`);
  }
  for (const result of pick(results.filter((r) => r.aCity && r.answerer), sampleSize - Math.floor(sampleSize / 2))) {
    const { row } = result;
    const lead = result.manual ? `人工；建议 ${result.department?.name ?? '-'}` : (result.department?.name ?? '-');
    table.push(`| replies | ${row.id} | ${cell([row.title, row.body].filter(Boolean).join(' ').slice(0, 60))} | ${result.category} | ${result.fine} | ${cell(lead)}: ${cell(result.why)} | ${result.answerer?.mention} → ${result.answerer?.function}/${result.answerer?.level ?? '?'} |`);
  }
  writeFileSync(values.out, `${table.join('\n')}\n`);
  process.stderr.write(`wrote ${sampleSize} messages to ${values.out}\n`);
}
