import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import type { createElasticsearch } from '@hotline/store';
import { hostSpeedReference } from './host-speed.ts';

type Client = ReturnType<typeof createElasticsearch>;

export const RESULTS_DIR = new URL('../results/', import.meta.url);
/** Where smoke runs write theirs (ignored by git): a check that a bench runs must not replace measured figures. */
const SMOKE_RESULTS_DIR = new URL('../out/smoke/', import.meta.url);

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  /** The version the stack runs (infra/pom.xml): the broker does not report its own. */
  kafka: string;
  elasticsearch: string;
  elasticsearchJvm: string;
  elasticsearchHeapMiB: number;
  /** `hostSpeedReference()` when the bench started: µs per text, lower is faster (absent from older results). */
  hostSpeedMicroseconds?: number;
}

/** What the figures were measured on; Elasticsearch reports its own version and heap (ES_HEAP when the stack started). */
export async function describeMachine(elasticsearch: Client): Promise<Machine> {
  const pom = readFileSync(new URL('../../infra/pom.xml', import.meta.url), 'utf8');
  const [node] = Object.values((await elasticsearch.nodes.stats({ metric: 'jvm' })).nodes);
  const [info] = Object.values((await elasticsearch.nodes.info({ metric: 'jvm' })).nodes);
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    kafka: /<kafka\.version>(.+?)<\/kafka\.version>/.exec(pom)?.[1] ?? 'unknown',
    elasticsearch: info?.version ?? 'unknown',
    elasticsearchJvm: info?.jvm?.version ?? 'unknown',
    elasticsearchHeapMiB: Math.round((node?.jvm?.mem?.heap_max_in_bytes ?? NaN) / 2 ** 20),
    hostSpeedMicroseconds: hostSpeedReference(),
  };
}

export interface BenchResult<F> {
  bench: string;
  date: string;
  /** Smoke sizes: a quick check that the bench runs, not figures to compare. */
  smoke: boolean;
  machine: Machine;
  options: Record<string, unknown>;
  figures: F;
}

/**
 * Writes bench/results/<name>.json, which `bash scripts/bench results` turns into bench/RESULTS.md; a smoke run's
 * goes to bench/out/smoke/ instead.
 */
export function writeResult<F>(result: BenchResult<F>): string {
  const dir = result.smoke ? SMOKE_RESULTS_DIR : RESULTS_DIR;
  mkdirSync(dir, { recursive: true });
  const file = new URL(`${result.bench}.json`, dir);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file.pathname;
}

/** A bench's last figures on file (a smoke run's with `smoke`). */
export function readResult<F>(bench: string, { smoke = false } = {}): BenchResult<F> | undefined {
  try {
    return JSON.parse(readFileSync(new URL(`${bench}.json`, smoke ? SMOKE_RESULTS_DIR : RESULTS_DIR), 'utf8')) as BenchResult<F>;
  } catch {
    return undefined;
  }
}

/** Terminal columns a string takes: Chinese characters and full-width punctuation take two. */
const displayWidth = (text: string) => [...text].reduce((width, char) => width + (/[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u.test(char) ? 2 : 1), 0);

/** A fixed-width table for the console: first column left-aligned, the figures right-aligned. */
export function printTable(header: string[], rows: Array<Array<string | number>>): void {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, column) => Math.max(...cells.map((row) => displayWidth(row[column] ?? ''))));
  for (const [index, row] of cells.entries()) {
    const padded = row.map((cell, column) => {
      const fill = ' '.repeat(widths[column]! - displayWidth(cell));
      return column === 0 ? cell + fill : fill + cell;
    });
    console.log(padded.join('  '));
    if (index === 0) console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  }
}
