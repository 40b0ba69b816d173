// Builds config/holidays.json from the shared, read-only holiday fact file.
//
//   node packages/sla/scripts/build-holidays.ts            write config/holidays.json
//   node packages/sla/scripts/build-holidays.ts --check    exit 1 if config/holidays.json differs from a fresh build
//   node packages/sla/scripts/build-holidays.ts [--check] <source.json> <out.json>
//
// When a new year's State Council notice is out: add it to the shared file (or edit a copy and pass its path),
// add its citation to NOTICE_CITATIONS in packages/sla/src/holidays.ts, and run this again.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SharedHolidayScheduleSchema, fromSharedSchedule } from '../src/holidays.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const args = process.argv.slice(2);
const check = args.includes('--check');
const [sourceArg, outArg] = args.filter((arg) => arg !== '--check');
const source = resolve(sourceArg ?? resolve(repoRoot, '../shared/data/cn-holidays/holidays.json'));
const out = resolve(outArg ?? resolve(repoRoot, 'config/holidays.json'));

const shared = SharedHolidayScheduleSchema.parse(JSON.parse(readFileSync(source, 'utf8')));
const config = fromSharedSchedule(shared, {
  derivedFrom: `${relative(repoRoot, source)} (relative to the repository root)`,
  builtBy: 'packages/sla/scripts/build-holidays.ts',
});
const text = `${JSON.stringify(config, null, 2)}\n`;

if (check) {
  let current = '';
  try {
    current = readFileSync(out, 'utf8');
  } catch {
    // a missing file is simply out of date
  }
  if (current !== text) {
    console.error(`${relative(repoRoot, out)} is out of date with ${relative(repoRoot, source)}: run node packages/sla/scripts/build-holidays.ts`);
    process.exit(1);
  }
  console.log(`${relative(repoRoot, out)} is up to date`);
} else {
  writeFileSync(out, text);
  console.log(`wrote ${relative(repoRoot, out)}: years ${Object.keys(config.years).join(', ')}`);
}
