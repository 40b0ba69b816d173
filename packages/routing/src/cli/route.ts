/**
 * Routes a batch of messages the way the triage service does (decideRouting), one JSON line out per line in.
 *
 *   bash scripts/route --input FILE.jsonl [--city DIR] [--fine FILE] [--min-confidence N] [--model PATH]
 *
 * Each input line is a JSON object with `id`, `title` (string or null) and `body`; other fields are ignored.
 * `--input -` reads stdin. Output fields: id, category, confidence, fineCategory, department {id, name} (the lead
 * department, or the first suggestion when manual), coDepartments, function (the department's function code),
 * level (city/district/street), priority, manual, manualReason, suggestions, rule, reasons {rule, matchedPhrases,
 * urgency, location}. A summary goes to stderr. Reads files and argv only.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
// Stopgap: @hotline/classifier is not (yet) a dependency of @hotline/routing, so it is imported by path.
import { loadClassifier } from '@hotline/classifier';
import { loadCityConfig } from '../config.ts';
import { decideRouting, effectiveMinConfidence, type RoutingClassifier } from '../decide.ts';
import { loadFineCatalog } from '../fine.ts';
import { routingRecord } from './record.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const usage = 'usage: bash scripts/route --input FILE.jsonl [--city DIR] [--fine FILE] [--min-confidence N] [--model PATH]\n';

function fail(message: string): never {
  process.stderr.write(`route: ${message}\n${usage}`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      input: { type: 'string' },
      city: { type: 'string', default: path.join(repoRoot, 'config/city') },
      fine: { type: 'string', default: path.join(repoRoot, 'config/fine-categories.json') },
      'min-confidence': { type: 'string' },
      model: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  }));
} catch (error) {
  fail((error as Error).message);
}
if (values.help) {
  process.stdout.write(usage);
  process.exit(0);
}
if (!values.input) fail('--input is required');
const minConfidenceArg = values['min-confidence'] === undefined ? undefined : Number(values['min-confidence']);
if (minConfidenceArg !== undefined && !(minConfidenceArg >= 0 && minConfidenceArg <= 1)) fail('--min-confidence must be between 0 and 1');

const city = loadCityConfig(values.city);
const fineCatalog = loadFineCatalog(values.fine);
const classifier: RoutingClassifier = values.model ? loadClassifier(values.model) : loadClassifier();
const options = { classifier, city, fineCatalog, ...(minConfidenceArg !== undefined ? { minConfidence: minConfidenceArg } : {}) };
const departments = new Map(city.departments.map((department) => [department.id, department]));

const raw = values.input === '-' ? readFileSync(0, 'utf8') : readFileSync(values.input, 'utf8');
let count = 0;
let manual = 0;
const out: string[] = [];
for (const [index, line] of raw.split('\n').entries()) {
  if (!line.trim()) continue;
  let row: Record<string, unknown>;
  try {
    row = JSON.parse(line) as Record<string, unknown>;
  } catch {
    fail(`line ${index + 1}: not JSON`);
  }
  if (typeof row.body !== 'string') fail(`line ${index + 1}: body must be a string`);
  const title = typeof row.title === 'string' ? row.title : null;
  const outcome = decideRouting({ title, body: row.body }, options);
  const record = routingRecord(row.id ?? null, outcome, departments);
  count += 1;
  if (record.manual) manual += 1;
  out.push(JSON.stringify(record));
  if (out.length >= 200) process.stdout.write(`${out.splice(0).join('\n')}\n`);
}
if (out.length > 0) process.stdout.write(`${out.join('\n')}\n`);
process.stderr.write(`route: ${count} messages, ${manual} to manual triage (minConfidence ${effectiveMinConfidence(options)})\n`);
