import type { ResolvedLocation } from '@hotline/contracts';
import type { Gazetteer } from './schemas.ts';

/** What a caller or form said about the place, as on the intake message's `location`. */
export interface LocationField {
  address?: string | undefined;
  district?: string | undefined;
  street?: string | undefined;
}

type EntryType = 'district' | 'street' | 'place';

interface Entry {
  /** The surface form looked for in text. */
  form: string;
  type: EntryType;
  district: string;
  /** For a street: itself; for a place: the street it lies in, when known. */
  street?: string;
}

interface Hit { entry: Entry; index: number }

interface GazetteerIndex {
  /** Entries by the first UTF-16 code unit of their form, longest form first (a number key: no one-character string per position scanned). */
  byFirstUnit: Map<number, Entry[]>;
  byForm: Map<string, Entry>;
}

const indexes = new WeakMap<Gazetteer, GazetteerIndex>();

function indexOf(gazetteer: Gazetteer): GazetteerIndex {
  const cached = indexes.get(gazetteer);
  if (cached) return cached;
  const byForm = new Map<string, Entry>();
  const add = (entry: Entry): void => {
    if (!byForm.has(entry.form)) byForm.set(entry.form, entry);
  };
  for (const district of gazetteer.districts) {
    for (const form of [district.name, ...district.aliases]) add({ form, type: 'district', district: district.name });
    for (const street of district.streets) {
      for (const form of [street.name, ...street.aliases]) add({ form, type: 'street', district: district.name, street: street.name });
    }
    for (const place of district.places) {
      for (const form of [place.name, ...place.aliases]) add({ form, type: 'place', district: district.name, ...(place.street ? { street: place.street } : {}) });
    }
  }
  const byFirstUnit = new Map<number, Entry[]>();
  for (const entry of byForm.values()) {
    if (entry.form.length === 0) continue;
    const first = entry.form.charCodeAt(0);
    byFirstUnit.set(first, [...(byFirstUnit.get(first) ?? []), entry]);
  }
  for (const entries of byFirstUnit.values()) entries.sort((a, b) => b.form.length - a.form.length);
  const index = { byFirstUnit, byForm };
  indexes.set(gazetteer, index);
  return index;
}

const ASCII_WORD = /[A-Za-z0-9]/;

/** Gazetteer names in the text, left to right, longest match first, not overlapping. */
function scan(text: string, index: GazetteerIndex): Hit[] {
  const hits: Hit[] = [];
  let at = 0;
  while (at < text.length) {
    const candidates = index.byFirstUnit.get(text.charCodeAt(at));
    // "A1区" must not match inside "A10区" or "GA1区".
    const entry = candidates?.find((candidate) =>
      text.startsWith(candidate.form, at)
      && !(ASCII_WORD.test(candidate.form[0] ?? '') && at > 0 && ASCII_WORD.test(text[at - 1] ?? ''))
      && !(ASCII_WORD.test(candidate.form.at(-1) ?? '') && ASCII_WORD.test(text[at + candidate.form.length] ?? '')));
    if (entry) {
      hits.push({ entry, index: at });
      at += entry.form.length;
    } else {
      at += 1;
    }
  }
  return hits;
}

/**
 * Weight of one distinct name as evidence for its district. A district written out is the strongest; a street or
 * place that belongs to another district does not outvote it alone (messages often name a second place in passing).
 */
const WEIGHT: Record<EntryType, number> = { district: 2, street: 1.5, place: 1 };

/** Picks the district most of the hits point to (ties: the one named first) and a street within it. */
function decide(hits: Hit[]): { district?: string; street?: string } {
  if (hits.length === 0) return {};
  const score = new Map<string, number>();
  const first = new Map<string, number>();
  const counted = new Set<string>();
  for (const hit of hits) {
    const { district } = hit.entry;
    if (!first.has(district)) first.set(district, hit.index);
    // A name repeated counts once; a district named twice still counts once.
    if (counted.has(hit.entry.form)) continue;
    counted.add(hit.entry.form);
    score.set(district, (score.get(district) ?? 0) + WEIGHT[hit.entry.type]);
  }
  const [district] = [...score.keys()].sort((a, b) => (score.get(b) ?? 0) - (score.get(a) ?? 0) || (first.get(a) ?? 0) - (first.get(b) ?? 0));
  if (!district) return {};
  const inDistrict = hits.filter((hit) => hit.entry.district === district);
  const street = inDistrict.find((hit) => hit.entry.type === 'street')?.entry.street ?? inDistrict.find((hit) => hit.entry.street)?.entry.street;
  return { district, ...(street ? { street } : {}) };
}

function distinctForms(hits: Hit[]): string[] {
  return [...new Set(hits.map((hit) => hit.entry.form))];
}

function build(decision: { district?: string; street?: string }, matched: string[], source: ResolvedLocation['source']): ResolvedLocation {
  return {
    ...(decision.district ? { district: decision.district } : {}),
    ...(decision.street ? { street: decision.street } : {}),
    matched,
    source,
  };
}

/** A street written without its suffix ("洋湖" for 洋湖街道). */
function streetHits(value: string, index: GazetteerIndex): Hit[] {
  const direct = scan(value, index).filter((hit) => hit.entry.type !== 'district');
  if (direct.length > 0) return direct;
  for (const suffix of ['街道', '镇', '乡']) {
    const entry = index.byForm.get(`${value}${suffix}`);
    if (entry?.type === 'street') return [{ entry: { ...entry, form: value }, index: 0 }];
  }
  return [];
}

/**
 * Where a message is about. The structured field wins when it names a known district or street (a street implies its
 * district; a street that contradicts the field's district is ignored); when it names a district only, a street of
 * that district found in the text is added. Otherwise the text is scanned for district, street and place names
 * (longest match first) and the district most of them point to is taken. `matched` lists the names that matched.
 */
export function resolveLocation(text: string, field: LocationField | undefined, gazetteer: Gazetteer): ResolvedLocation {
  const index = indexOf(gazetteer);
  const textHits = (): Hit[] => scan(text, index);

  if (field) {
    const districtValue = field.district?.trim() ?? '';
    const streetValue = field.street?.trim() ?? '';
    const addressValue = field.address?.trim() ?? '';
    const fromDistrict = districtValue ? scan(districtValue, index).filter((hit) => hit.entry.type === 'district') : [];
    const fromStreet = streetValue ? streetHits(streetValue, index) : [];
    const fromAddress = addressValue ? scan(addressValue, index) : [];
    const district = fromDistrict[0]?.entry.district;
    const agrees = (hit: Hit): boolean => !district || hit.entry.district === district;
    const streetHit = [...fromStreet, ...fromAddress].find((hit) => agrees(hit) && hit.entry.street);
    const resolvedDistrict = district ?? streetHit?.entry.district ?? fromAddress.find((hit) => hit.entry.type === 'district')?.entry.district;
    if (resolvedDistrict) {
      const used = [...fromDistrict, ...fromStreet, ...fromAddress].filter((hit) => hit.entry.district === resolvedDistrict);
      let street = streetHit?.entry.street;
      if (!street) {
        const fromText = textHits().find((hit) => hit.entry.district === resolvedDistrict && hit.entry.street);
        if (fromText?.entry.street) {
          street = fromText.entry.street;
          used.push(fromText);
        }
      }
      return build({ district: resolvedDistrict, ...(street ? { street } : {}) }, distinctForms(used), 'field');
    }
  }

  const hits = textHits();
  if (hits.length === 0) return { matched: [], source: 'none' };
  return build(decide(hits), distinctForms(hits), 'text');
}

/** The canonical district name for any way of writing it ("A8县市" → "A8县"), or undefined. */
export function canonicalDistrict(value: string, gazetteer: Gazetteer): string | undefined {
  const entry = indexOf(gazetteer).byForm.get(value.trim());
  return entry?.type === 'district' ? entry.district : undefined;
}
