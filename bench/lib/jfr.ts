// Elasticsearch's side of --cpu-profile: a Java Flight Recorder recording of the node over a burst (started and
// stopped with the JDK's own jcmd), summarised as the share of its execution samples per kind of work.
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, existsSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import type { ProfileSummary } from './cpu-profile.ts';

const run = promisify(execFile);

/** The JDK tools (jcmd, jfr) beside the java binary the process runs, if that JDK has them. */
function jdkTool(pid: number, tool: 'jcmd' | 'jfr'): string | undefined {
  try {
    const path = join(dirname(readlinkSync(`/proc/${pid}/exe`)), tool);
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

export interface Recording {
  /** Stops the recording and moves its file to `file` (says so when it cannot). */
  stop(): Promise<void>;
}

/**
 * Starts recording the JVM `pid` with the JDK's `profile` settings (execution samples every 10 ms per thread), or
 * says why it cannot (no jcmd beside its java, not allowed to attach) and returns undefined: the rest of the
 * profile goes on without it. The JVM writes the file itself, so it goes to the temporary directory (the node may
 * run as another user) and is copied to `file` after.
 */
export async function startRecording(pid: number | undefined, file: string): Promise<Recording | undefined> {
  const jcmd = pid ? jdkTool(pid, 'jcmd') : undefined;
  if (!pid || !jcmd) {
    console.warn('  (no Elasticsearch profile: jcmd not found beside its java)');
    return undefined;
  }
  const name = `hotline-bench-${process.pid}-${Date.now()}`;
  const scratch = join(tmpdir(), `${name}.jfr`);
  try {
    await run(jcmd, [String(pid), 'JFR.start', `name=${name}`, 'settings=profile', `filename=${scratch}`]);
  } catch (err) {
    console.warn(`  (no Elasticsearch profile: ${(err as Error).message.split('\n')[0]})`);
    return undefined;
  }
  return {
    async stop() {
      try {
        await run(jcmd, [String(pid), 'JFR.stop', `name=${name}`]);
        copyFileSync(scratch, file);
        rmSync(scratch, { force: true });
      } catch (err) {
        console.warn(`  (the Elasticsearch profile was not saved: ${(err as Error).message.split('\n')[0]})`);
      }
    },
  };
}

/**
 * What a sample was doing, from its thread (Elasticsearch names threads after their pool) and its frames (leaf
 * first, the 64 innermost). The first matching kind wins.
 */
const KINDS: Array<[kind: string, test: (thread: string, frames: string) => boolean]> = [
  ['merging segments', (thread, frames) => thread.includes('Merge Thread') || /IndexWriter\.merge\b/.test(frames)],
  ['writing segments (refresh, flush)', (thread, frames) => thread.includes('[refresh]') || thread.includes('[flush]') || /DocumentsWriterPerThread\.flush|DocumentsWriter\.doFlush|IndexWriter\.getReader/.test(frames)],
  ['mapping documents (JSON source → fields)', (_, frames) => /\.DocumentParser\./.test(frames)],
  ['indexing fields into Lucene (analysis, postings, doc values, stored source)', (_, frames) => /\.IndexingChain|\.TermsHashPerField|\.StoredFieldsConsumer/.test(frames)],
  ['looking up document versions by id', (_, frames) => /VersionsAndSeqNoResolver|PerThreadIDVersionAndSeqNoLookup|LiveVersionMap/.test(frames)],
  ['translog', (_, frames) => /\.translog\./.test(frames)],
  ['get by id', (thread, frames) => thread.includes('[get]') || /ShardGetService/.test(frames)],
  ['search (the bench\'s counts)', (thread, frames) => thread.includes('[search]') || /SearchService|QueryPhase/.test(frames)],
  ['bulk requests (parsing, routing, replies)', (thread, frames) => thread.includes('[write]') || /BulkRequestParser|TransportShardBulkAction/.test(frames)],
  ['HTTP and transport', (thread, frames) => thread.includes('transport_worker') || /io\.netty\./.test(frames)],
];

/**
 * The share of the recording's execution samples by kind of work. JFR samples Java code only: the collector and the
 * compiler are not in it, so `seconds` spreads the node's measured CPU seconds (`cpuSeconds`) over the shares.
 * `pid`: the node's, whose JDK reads the file.
 */
export async function summariseRecording(file: string, cpuSeconds: number, pid: number | undefined): Promise<ProfileSummary | undefined> {
  const jfr = pid ? jdkTool(pid, 'jfr') : undefined;
  if (!jfr || !existsSync(file)) return undefined;
  const child = spawn(jfr, ['print', '--events', 'jdk.ExecutionSample', '--stack-depth', '64', file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const counts = new Map<string, number>();
  let total = 0;
  let thread = '';
  let frames: string[] = [];
  for await (const line of createInterface({ input: child.stdout })) {
    if (line.startsWith('jdk.ExecutionSample')) {
      thread = '';
      frames = [];
    } else if (line.startsWith('  sampledThread = ')) {
      thread = line;
    } else if (line.startsWith('    ') && line.includes('(')) {
      frames.push(line.trim());
    } else if (line === '}') {
      const joined = frames.join('\n');
      const kind = KINDS.find(([, test]) => test(thread, joined))?.[0] ?? 'other';
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
      total++;
    }
  }
  if (total === 0) return undefined;
  const places = [...counts].sort((a, b) => b[1] - a[1]).map(([where, count]) => ({ where, seconds: +((cpuSeconds * count) / total).toFixed(2), percent: +((100 * count) / total).toFixed(1) }));
  return { busySeconds: cpuSeconds, places };
}
