/**
 * Mines A市's gazetteer (districts/counties, their streets and towns, and notable places) from the TipDM 2020 C
 * messages and answers, and writes config/city/gazetteer.json. Only place names and counts are written, never text.
 *
 *   node packages/routing/scripts/build-gazetteer.ts [--data <tipdm2020c dir>] [--out <gazetteer.json>]
 *
 * Method (see config/city/README.md):
 *  1. Every row (message title + body, plus the official reply where there is one) is one document; identical
 *     documents count once. Encrypted hold-out files are never opened.
 *  2. District tokens are `A<n>区|县|市`; each number's most frequent suffix is its canonical name, other suffixes
 *     seen often enough are aliases (e.g. A8县 is also written A8县市).
 *  3. Street/town candidates are the 1–5 Han characters between a district token and 街道/镇/乡 ("A7县安沙镇").
 *     Candidates with function words, office words or generic endings (古镇, 小镇, 城乡 …) are dropped. Where the
 *     anonymisation swallowed part of a name ("A5区亭街道"), the district token stays part of the name.
 *  4. A document points a candidate to a district when it writes the name right after that district, or names
 *     no other district. A candidate is kept for a district when at least MIN_SHARE of the documents that point it
 *     anywhere point it there, and it has at least MIN_STREET_EVIDENCE such documents or was written right after
 *     the district at least MIN_STREET_EVIDENCE times. Its `support` is that number of documents. 镇/街道/乡 forms of one stem in one district are merged
 *     (the commoner form is the name, the others aliases).
 *  5. Places (roads, communities, compounds, villages, squares, parks, lakes) are found the same way, after a
 *     district token or after a kept street (which then also gives the place its street), with stricter filters.
 *  6. A street's stem of three or more characters ("月亮岛" for 月亮岛街道) becomes an alias too, unless it is
 *     already another name; two-character stems ("黄花", "北山") are ordinary words too often.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { argument, repoRoot } from './script-args.ts';

/**
 * Evidence a street/town needs in its district: this many documents, or this many times written right after the
 * district (the adjacency pattern is precise; the count guards against typos and one-off phrases).
 */
const MIN_STREET_EVIDENCE = 2;
/** Places are noisier (roads cross districts, names repeat across cities), so they need more. */
const MIN_PLACE_EVIDENCE = 3;
const MIN_SHARE = 0.75;
/** An alternative spelling of a district becomes an alias when it is at least this share of the canonical one. */
const MIN_DISTRICT_ALIAS_SHARE = 0.1;

/**
 * Misspellings that pass the thresholds, folded into the name they misspell (when that name is kept in the same
 * district): 黄星 is a homophone of 黄兴 (黄星大道 is a road in 黄兴镇).
 */
const MISSPELLINGS: Record<string, string> = { 黄星镇: '黄兴镇' };


const dataDir = argument('--data', path.resolve(repoRoot, '../shared/data/tipdm2020c'));
const outFile = argument('--out', path.resolve(repoRoot, 'config/city/gazetteer.json'));

// ---------------------------------------------------------------- documents

function readJsonl(file: string): Array<Record<string, unknown>> {
  if (file.endsWith('.enc')) throw new Error(`refusing to read encrypted file ${file}`);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

const SOURCES = ['labeled_raw.jsonl', 'replies.jsonl'];
const documents: string[] = [];
{
  const seen = new Set<string>();
  for (const name of SOURCES) {
    const file = path.join(dataDir, name);
    if (!existsSync(file)) throw new Error(`missing ${file}: pass --data <tipdm2020c dir>`);
    for (const row of readJsonl(file)) {
      const doc = [row.title, row.body, row.reply].map(text).join('\n').replace(/[ \t\r\u3000\u00a0]+/g, '');
      if (seen.has(doc)) continue;
      seen.add(doc);
      documents.push(doc);
    }
  }
}

// ---------------------------------------------------------------- districts

const DISTRICT_TOKEN = /(?<![A-Za-z0-9])A([1-9])(县市|区|县|市)/g;

const suffixCounts = new Map<string, Map<string, number>>();
for (const doc of documents) {
  for (const match of doc.matchAll(DISTRICT_TOKEN)) {
    const [, number = '', suffix = ''] = match;
    const counts = suffixCounts.get(number) ?? new Map<string, number>();
    counts.set(suffix, (counts.get(suffix) ?? 0) + 1);
    suffixCounts.set(number, counts);
  }
}

interface DistrictInfo { name: string; kind: '区' | '县' | '市'; aliases: string[]; mentions: number }
const districts = new Map<string, DistrictInfo>();
/** Any spelling of a district → its canonical name. */
const districtByForm = new Map<string, string>();
for (const [number, counts] of [...suffixCounts].sort(([a], [b]) => Number(a) - Number(b))) {
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  const [top] = ranked;
  if (!top) continue;
  const name = `A${number}${top[0]}`;
  const kindChar = top[0].slice(-1);
  const kind = kindChar === '区' || kindChar === '县' || kindChar === '市' ? kindChar : '区';
  const aliases = ranked.slice(1).filter(([, count]) => count >= top[1] * MIN_DISTRICT_ALIAS_SHARE).map(([suffix]) => `A${number}${suffix}`);
  const mentions = ranked.reduce((sum, [, count]) => sum + count, 0);
  districts.set(name, { name, kind, aliases, mentions });
  for (const form of [name, ...aliases]) districtByForm.set(form, name);
}

interface Mention { district: string; start: number; end: number }
function districtMentions(doc: string): Mention[] {
  const mentions: Mention[] = [];
  for (const match of doc.matchAll(DISTRICT_TOKEN)) {
    const district = districtByForm.get(match[0]);
    if (district) mentions.push({ district, start: match.index, end: match.index + match[0].length });
  }
  return mentions;
}
const docMentions = documents.map(districtMentions);

// ---------------------------------------------------------------- filters

/** Characters that do not occur inside the place names we want but do occur in the prose around them. */
const STOP_CHARS = /[的和与及在各个已到从为是了有将对把被这那该其每某几些我你他她们最拟设段向往于由等或并即就都也还如若因所局队委办府院校司厂处站部栋号期年元米]/;
const STOP_WORDS = ['高速', '线路', '公共', '城乡', '乡镇', '城镇', '城区', '农村', '乡村', '城市', '规划', '建设', '修建', '新建', '抓紧', '附近', '周边', '对面', '门口', '一条', '道路', '马路', '公路', '铁路', '小区', '社区', '街道', '美丽', '全面', '住房', '交通', '政府'];

function clean(stem: string): string | undefined {
  if (STOP_CHARS.test(stem)) return undefined;
  if (STOP_WORDS.some((word) => stem.includes(word))) return undefined;
  if (/^[县区市省镇乡村路街道]/.test(stem)) return undefined;
  return stem;
}

// ---------------------------------------------------------------- streets and towns

const STREET_AFTER_DISTRICT = /([\u4e00-\u9fa5]{0,5}?)(街道|镇|乡)/y;

interface Candidate { name: string; stem: string; kind: '街道' | '镇' | '乡'; adjacent: Map<string, number>; containsDistrict: boolean }
const streetCandidates = new Map<string, Candidate>();

for (const [index, doc] of documents.entries()) {
  for (const mention of docMentions[index] ?? []) {
    STREET_AFTER_DISTRICT.lastIndex = mention.end;
    const match = STREET_AFTER_DISTRICT.exec(doc);
    if (!match) continue;
    const stem = match[1] ?? '';
    const kind = match[2] as Candidate['kind'];
    let name: string;
    let containsDistrict = false;
    // The anonymisation replaced part of some names with the district token ("A5区亭街道", "A1区北路街道",
    // "A3区街道"): then the token is part of the name.
    if (kind === '街道' && (stem.length <= 1 || /^[东南西北中]路$/.test(stem))) {
      if (stem.length === 1 && STOP_CHARS.test(stem)) continue;
      name = `${doc.slice(mention.start, mention.end)}${stem}街道`;
      containsDistrict = true;
    } else {
      if (stem.length < 2 || /[古小新]$/.test(stem) || !clean(stem)) continue;
      name = `${stem}${kind}`;
    }
    const candidate = streetCandidates.get(name) ?? { name, stem, kind, adjacent: new Map(), containsDistrict };
    candidate.adjacent.set(mention.district, (candidate.adjacent.get(mention.district) ?? 0) + 1);
    streetCandidates.set(name, candidate);
  }
}

/** Documents per district for a name: written right after the district, or the only district the document names. */
function attribute(name: string, adjacentTo: (doc: string, at: number, mentions: Mention[]) => string | undefined): Map<string, number> {
  const support = new Map<string, number>();
  for (const [index, doc] of documents.entries()) {
    let at = doc.indexOf(name);
    if (at < 0) continue;
    const mentions = docMentions[index] ?? [];
    let district: string | undefined;
    while (at >= 0 && !district) {
      district = adjacentTo(doc, at, mentions);
      at = doc.indexOf(name, at + 1);
    }
    if (!district) {
      const named = new Set(mentions.map((mention) => mention.district));
      if (named.size === 1) district = [...named][0];
    }
    if (district) support.set(district, (support.get(district) ?? 0) + 1);
  }
  return support;
}

function adjacentToDistrict(_doc: string, at: number, mentions: Mention[]): string | undefined {
  return mentions.find((mention) => mention.end === at || mention.start === at)?.district;
}

/** `adjacent` counts how often the name was written right after each district; empty when that is trivially so. */
function decide(support: Map<string, number>, adjacent: Map<string, number>, minEvidence: number): { district: string; docs: number } | undefined {
  const total = [...support.values()].reduce((sum, count) => sum + count, 0);
  const [best] = [...support].sort((a, b) => b[1] - a[1]);
  if (!best || best[1] / total < MIN_SHARE) return undefined;
  const adjacentHere = adjacent.get(best[0]) ?? 0;
  if (adjacent.size > 0 && adjacentHere === 0) return undefined;
  if (Math.max(best[1], adjacentHere) < minEvidence) return undefined;
  return { district: best[0], docs: best[1] };
}

interface Street { name: string; kind: Candidate['kind']; aliases: string[]; support: number; stem: string }
const streetsByDistrict = new Map<string, Street[]>();
{
  const kept: Array<{ candidate: Candidate; district: string; docs: number }> = [];
  for (const candidate of streetCandidates.values()) {
    // A name that contains its district ("A5区亭街道") is always written right after it: only documents count.
    const adjacent = candidate.containsDistrict ? new Map<string, number>() : candidate.adjacent;
    const verdict = decide(attribute(candidate.name, adjacentToDistrict), adjacent, MIN_STREET_EVIDENCE);
    if (verdict) kept.push({ candidate, ...verdict });
  }
  // Merge 镇/街道/乡 forms of one stem within one district.
  const groups = new Map<string, typeof kept>();
  for (const entry of kept) {
    const key = `${entry.district}|${entry.candidate.stem}`;
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  for (const group of groups.values()) {
    group.sort((a, b) => b.docs - a.docs || a.candidate.name.localeCompare(b.candidate.name));
    const [head, ...rest] = group;
    if (!head) continue;
    const street: Street = {
      name: head.candidate.name,
      kind: head.candidate.kind,
      aliases: rest.map((entry) => entry.candidate.name),
      support: group.reduce((sum, entry) => sum + entry.docs, 0),
      stem: head.candidate.stem,
    };
    streetsByDistrict.set(head.district, [...(streetsByDistrict.get(head.district) ?? []), street]);
  }
}

for (const [misspelt, correct] of Object.entries(MISSPELLINGS)) {
  for (const streets of streetsByDistrict.values()) {
    const wrong = streets.find((street) => street.name === misspelt);
    const right = streets.find((street) => street.name === correct);
    if (!wrong || !right) continue;
    right.aliases.push(wrong.name, ...wrong.aliases);
    right.support += wrong.support;
    streets.splice(streets.indexOf(wrong), 1);
  }
}

const streetByForm = new Map<string, { district: string; street: string }>();
for (const [district, streets] of streetsByDistrict) {
  for (const street of streets) for (const form of [street.name, ...street.aliases]) streetByForm.set(form, { district, street: street.name });
}

// ---------------------------------------------------------------- places

type PlaceKind = 'road' | 'community' | 'compound' | 'village' | 'landmark';
const PLACE_AFTER_ANCHOR = /([\u4e00-\u9fa5]{2,7}?)(大道|大街|新村|社区|小区|广场|公园|路|街(?!道)|村|湖)/y;
const PLACE_KIND: Record<string, PlaceKind> = {
  大道: 'road', 大街: 'road', 路: 'road', 街: 'road', 社区: 'community', 小区: 'compound', 新村: 'compound', 村: 'village',
  广场: 'landmark', 公园: 'landmark', 湖: 'landmark',
};
/** Names that occur in every city ("人民路", "中心广场") say nothing about a district. */
const GENERIC_PLACE_STEMS = /^(人民|解放|中山|建设|文化|体育|中心|商业|和平|幸福|胜利|光明|东方|新华|工业|环城|二环|三环|一环|滨江|沿江|湘江|南|北|东|西|中)$/;

interface PlaceCandidate { name: string; kind: PlaceKind; adjacent: Map<string, number>; streets: Map<string, number> }
const placeCandidates = new Map<string, PlaceCandidate>();
{
  const streetForms = [...streetByForm.keys()].sort((a, b) => b.length - a.length);
  for (const [index, doc] of documents.entries()) {
    const anchors: Array<{ end: number; district: string; street?: string }> = (docMentions[index] ?? []).map((mention) => ({ end: mention.end, district: mention.district }));
    for (const form of streetForms) {
      let at = doc.indexOf(form);
      while (at >= 0) {
        const street = streetByForm.get(form);
        if (street) anchors.push({ end: at + form.length, district: street.district, street: street.street });
        at = doc.indexOf(form, at + form.length);
      }
    }
    for (const anchor of anchors) {
      PLACE_AFTER_ANCHOR.lastIndex = anchor.end;
      const match = PLACE_AFTER_ANCHOR.exec(doc);
      if (!match) continue;
      const rawStem = match[1] ?? '';
      const suffix = match[2] ?? '';
      // A candidate that starts with a street is picked up again from that street's own anchor.
      if (streetForms.some((form) => rawStem.startsWith(form))) continue;
      // "A3区大道与旺龙路", "A4区大道星月路": the place is the last name in a run of them.
      const stem = clean(rawStem.split(/大道|大街|路|[与和及、]/).at(-1) ?? '');
      if (!stem || stem.length < 2 || GENERIC_PLACE_STEMS.test(stem) || /[街道镇乡区县]$/.test(stem)) continue;
      const name = `${stem}${suffix}`;
      const kind = PLACE_KIND[suffix];
      if (!kind || streetByForm.has(name)) continue;
      const candidate = placeCandidates.get(name) ?? { name, kind, adjacent: new Map(), streets: new Map() };
      candidate.adjacent.set(anchor.district, (candidate.adjacent.get(anchor.district) ?? 0) + 1);
      if (anchor.street) candidate.streets.set(anchor.street, (candidate.streets.get(anchor.street) ?? 0) + 1);
      placeCandidates.set(name, candidate);
    }
  }
}

interface Place { name: string; kind: PlaceKind; street?: string; support: number }
const placesByDistrict = new Map<string, Place[]>();
for (const candidate of placeCandidates.values()) {
  const adjacentToAnchor = (doc: string, at: number, mentions: Mention[]): string | undefined => {
    const direct = adjacentToDistrict(doc, at, mentions);
    if (direct) return direct;
    for (const [form, street] of streetByForm) if (at >= form.length && doc.startsWith(form, at - form.length)) return street.district;
    return undefined;
  };
  const verdict = decide(attribute(candidate.name, adjacentToAnchor), candidate.adjacent, MIN_PLACE_EVIDENCE);
  if (!verdict) continue;
  const [topStreet] = [...candidate.streets].sort((a, b) => b[1] - a[1]);
  const street = topStreet && streetByForm.get(topStreet[0])?.district === verdict.district ? topStreet[0] : undefined;
  const place: Place = { name: candidate.name, kind: candidate.kind, ...(street ? { street } : {}), support: verdict.docs };
  placesByDistrict.set(verdict.district, [...(placesByDistrict.get(verdict.district) ?? []), place]);
}

// A place name that contains a kept street name, or another place's name inside it, stays: longest match wins
// at lookup time. A place that is also a district alias or street would shadow it, so it is dropped above.

{
  const taken = new Set<string>([...districtByForm.keys(), ...streetByForm.keys()]);
  for (const places of placesByDistrict.values()) for (const place of places) taken.add(place.name);
  const stems = new Map<string, number>();
  for (const streets of streetsByDistrict.values()) for (const street of streets) stems.set(street.stem, (stems.get(street.stem) ?? 0) + 1);
  for (const streets of streetsByDistrict.values()) {
    for (const street of streets) {
      if (street.name.startsWith('A') || street.stem.length < 3 || taken.has(street.stem) || stems.get(street.stem) !== 1) continue;
      street.aliases.push(street.stem);
      taken.add(street.stem);
    }
  }
}

// ---------------------------------------------------------------- output

const bySupport = <T extends { support: number; name: string }>(a: T, b: T): number => b.support - a.support || a.name.localeCompare(b.name, 'zh');

const gazetteer = {
  city: { name: 'A市', aliases: [] as string[] },
  generated: {
    by: 'packages/routing/scripts/build-gazetteer.ts',
    from: SOURCES.map((name) => `tipdm2020c/${name}`),
    date: new Date().toISOString().slice(0, 10),
    documents: documents.length,
    thresholds: { minStreetEvidence: MIN_STREET_EVIDENCE, minPlaceEvidence: MIN_PLACE_EVIDENCE, minShare: MIN_SHARE },
  },
  districts: [...districts.values()].map((district) => ({
    name: district.name,
    kind: district.kind,
    aliases: district.aliases,
    support: district.mentions,
    streets: (streetsByDistrict.get(district.name) ?? [])
      .sort(bySupport)
      .map(({ name, kind, aliases, support }) => ({ name, kind, aliases, support })),
    places: (placesByDistrict.get(district.name) ?? []).sort(bySupport),
  })),
};

writeFileSync(outFile, `${JSON.stringify(gazetteer, null, 2)}\n`);
const streetCount = gazetteer.districts.reduce((sum, district) => sum + district.streets.length, 0);
const placeCount = gazetteer.districts.reduce((sum, district) => sum + district.places.length, 0);
console.log(`${outFile}: ${documents.length} documents, ${gazetteer.districts.length} districts, ${streetCount} streets/towns (of ${streetCandidates.size} candidates), ${placeCount} places (of ${placeCandidates.size} candidates)`);
