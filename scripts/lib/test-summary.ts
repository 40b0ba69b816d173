// Prints what the test run executed, per project and file, and a closing 'N passed, N failed, N skipped' line.
// Exits non-zero when anything failed, when nothing ran, or, in CI, when any test was skipped or left as todo:
// a skipped integration test proves nothing.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

interface Assertion { status: 'passed' | 'failed' | 'skipped' | 'pending' | 'todo' | 'disabled' }
interface FileResult { name: string; assertionResults: Assertion[] }

const [reportPath = '.state/test-results.json'] = process.argv.slice(2);
const report = JSON.parse(readFileSync(reportPath, 'utf8')) as { testResults: FileResult[] };

const totals = { passed: 0, failed: 0, skipped: 0 };
const rows: string[] = [];
for (const file of report.testResults) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const { status } of file.assertionResults) {
    const bucket = status === 'passed' ? 'passed' : status === 'failed' ? 'failed' : 'skipped';
    counts[bucket] += 1;
    totals[bucket] += 1;
  }
  const kind = file.name.endsWith('.int.test.ts') ? 'integration' : 'unit';
  rows.push(`  ${kind.padEnd(12)} ${relative(process.cwd(), file.name).padEnd(56)} ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
}
console.log(rows.sort().join('\n'));
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);

if (totals.failed > 0) process.exit(1);
if (totals.passed === 0) {
  console.error('no test ran');
  process.exit(1);
}
if (process.env.CI && totals.skipped > 0) {
  console.error(`${totals.skipped} tests were skipped or left as todo; in CI every test must run`);
  process.exit(1);
}
