// Search latency through the API, as the console's analyst view asks it: typical queries (Chinese words, filters,
// facets, highlights), each repeated after a warm-up, timed end to end over HTTP (client side) and as Elasticsearch
// reports it (tookMs). Figures are printed, not asserted.
// Needs the running system (bash scripts/start):  bash scripts/bench search-api [--rounds 40] [--url http://127.0.0.1:7100]
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '40' }, url: { type: 'string', default: 'http://127.0.0.1:7100' }, user: { type: 'string', default: 'analyst' }, password: { type: 'string', default: 'demo-12345-hotline' } } });
const rounds = Number(values.rounds);
const base = values.url;

const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: values.user, password: values.password }) }).catch((err: Error) => {
  console.error(`no API at ${base} (${err.message}): start the system first with bash scripts/start`);
  process.exit(2);
});
if (!login.ok) {
  console.error(`login as ${values.user} failed: ${login.status} ${await login.text()}`);
  process.exit(2);
}
const { token } = (await login.json()) as { token: string };

const queries: Record<string, string> = {
  '小区 物业 停车': 'q=小区 物业 停车',
  '噪音 扰民 (words + sort by newest)': 'q=噪音 扰民&sort=newest',
  '拖欠 工资 + category filter': 'q=拖欠 工资&category=劳动和社会保障',
  '学校 + status filter + page 2': 'q=学校&status=routed&status=manual_triage&page=2',
  'facets only (no words)': '',
  'last 7 days, red SLA light': `from=${new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10)}&slaLight=red`,
  '城乡建设 category, by deadline': 'category=城乡建设&sort=deadline',
};

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const all: number[] = [];
const allTook: number[] = [];
let total = 0;
console.log(`search latency through ${base}/api/tickets as ${values.user}, ${rounds} rounds per query after 5 warm-up calls\n`);
console.log('query'.padEnd(44), 'hits'.padStart(7), 'p50 ms'.padStart(8), 'p95 ms'.padStart(8), 'ES p50'.padStart(8), 'ES p95'.padStart(8));
for (const [label, query] of Object.entries(queries)) {
  const url = `${base}/api/tickets?${new URLSearchParams(query).toString()}`;
  const times: number[] = [];
  const took: number[] = [];
  for (let round = 0; round < rounds + 5; round++) {
    const started = performance.now();
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const body = (await response.json()) as { total: number; tookMs: number };
    const elapsed = performance.now() - started;
    if (!response.ok) throw new Error(`${label}: ${response.status} ${JSON.stringify(body)}`);
    if (round < 5) continue;
    times.push(elapsed);
    took.push(body.tookMs);
    total = body.total;
  }
  times.sort((a, b) => a - b);
  took.sort((a, b) => a - b);
  all.push(...times);
  allTook.push(...took);
  console.log(label.padEnd(44), String(total).padStart(7), percentile(times, 50).toFixed(1).padStart(8), percentile(times, 95).toFixed(1).padStart(8), String(percentile(took, 50)).padStart(8), String(percentile(took, 95)).padStart(8));
}
all.sort((a, b) => a - b);
allTook.sort((a, b) => a - b);
const count = await fetch(`${base}/api/tickets?pageSize=1`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json() as Promise<{ total: number }>);
console.log(`\nall queries (${all.length} calls over ${count.total} tickets): p50 ${percentile(all, 50).toFixed(1)} ms, p95 ${percentile(all, 95).toFixed(1)} ms, p99 ${percentile(all, 99).toFixed(1)} ms end to end; Elasticsearch took p50 ${percentile(allTook, 50)} ms, p95 ${percentile(allTook, 95)} ms`);
