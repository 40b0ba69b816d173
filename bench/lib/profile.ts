import { readFileSync } from 'node:fs';
import type { Admin } from '@hotline/kafka';
import type { createElasticsearch } from '@hotline/store';
import { sleep } from './stats.ts';

/** Linux reports process times in clock ticks; 100 per second on every platform Node runs on here. */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, or undefined when it cannot be read. */
function cpuSecondsOf(pid: number): number | undefined {
  try {
    // The fields after the command name (which may hold spaces) start at state; utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** A process's resident memory in MiB (VmRSS), or undefined when it cannot be read. */
export function residentMiB(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const kib = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib === undefined ? undefined : Math.round(Number(kib) / 1024);
  } catch {
    return undefined;
  }
}

/** CPU seconds the whole machine has spent busy (everything but idle and iowait), across all cores. */
function machineBusySeconds(): number {
  const [, ...times] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = times;
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / TICKS_PER_SECOND;
}

/** The engines' process ids: Elasticsearch says its own; Kafka's is in the stack's pid file when this clone started it. */
export async function enginePids(elasticsearch: ReturnType<typeof createElasticsearch>): Promise<Record<string, number | undefined>> {
  const [node] = Object.values((await elasticsearch.nodes.info({ metric: 'process' })).nodes);
  let kafka: number | undefined;
  try {
    kafka = Number(readFileSync(new URL('../../.state/kafka/kafka.pid', import.meta.url), 'utf8').trim()) || undefined;
  } catch {
    kafka = undefined;
  }
  return { kafka, elasticsearch: node?.process?.id };
}

export interface CpuProfile {
  /** CPU seconds per process over the measurement; `others` is what the rest of the machine used (other runs). */
  cpuSeconds: Record<string, number>;
  /** The machine's cores × seconds, for scale. */
  availableCpuSeconds: number;
}

/** Starts counting CPU time for the named processes and the machine; `stop` returns what each used since. */
export function cpuMeter(pids: Record<string, number | undefined>, cores: number) {
  const start = { at: performance.now(), machine: machineBusySeconds(), each: Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, pid && cpuSecondsOf(pid)])) };
  return {
    /** `exited`: CPU seconds of processes that reported their own before exiting (gone from /proc by now). */
    stop(exited: Record<string, number> = {}): CpuProfile {
      const cpuSeconds: Record<string, number> = { ...exited };
      for (const [name, pid] of Object.entries(pids)) {
        const before = start.each[name];
        const after = pid ? cpuSecondsOf(pid) : undefined;
        if (before !== undefined && after !== undefined) cpuSeconds[name] = +(after - before).toFixed(2);
      }
      const mine = Object.values(cpuSeconds).reduce((sum, seconds) => sum + seconds, 0);
      cpuSeconds.others = +Math.max(0, machineBusySeconds() - start.machine - mine).toFixed(2);
      return { cpuSeconds, availableCpuSeconds: +(((performance.now() - start.at) / 1000) * cores).toFixed(2) };
    },
  };
}

/**
 * Follows consumer groups' committed offsets while a burst drains and says when each group committed its last
 * record: the hop that finishes last, long after the one before it, is the bottleneck.
 */
export function drainWatch(admin: Admin, groups: Record<string, { groupId: string; topic: string }>) {
  const samples: Array<{ at: number; sums: Record<string, number> }> = [];
  const start = performance.now();
  let stopped = false;
  const committed = async () => {
    const sums: Record<string, number> = {};
    for (const [hop, { groupId, topic }] of Object.entries(groups)) {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
      sums[hop] = (offsets?.partitions ?? []).reduce((sum, partition) => sum + Math.max(0, Number(partition.offset)), 0);
    }
    return sums;
  };
  const polling = (async () => {
    while (!stopped) {
      samples.push({ at: (performance.now() - start) / 1000, sums: await committed() });
      await sleep(250);
    }
  })();
  return {
    /** Seconds from the start to each group's last commit. */
    async stop(): Promise<Record<string, number>> {
      stopped = true;
      await polling;
      const last = await committed();
      return Object.fromEntries(Object.keys(groups).map((hop) => [hop, +(samples.find((sample) => sample.sums[hop] === last[hop])?.at ?? (performance.now() - start) / 1000).toFixed(2)]));
    },
  };
}
