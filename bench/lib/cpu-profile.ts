import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The environment that makes a spawned service able to profile itself (lib/cpu-profiler.ts): it starts sampling on
 * `startCpuProfiles` and writes the profile into `dir` when it exits.
 */
export function cpuProfileEnv(dir: string): Record<string, string> {
  mkdirSync(dir, { recursive: true });
  const preload = fileURLToPath(new URL('./cpu-profiler.ts', import.meta.url));
  return { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${preload}`.trim(), BENCH_CPU_PROFILE_DIR: dir };
}

/** Starts the profilers of processes spawned with `cpuProfileEnv` (start-up and warm-up stay out of the profile). */
export function startCpuProfiles(pids: Array<number | undefined>): void {
  for (const pid of pids) if (pid) process.kill(pid, 'SIGUSR2');
}

export interface ProfileShare {
  where: string;
  seconds: number;
  /** Of the busy (non-idle) time. */
  percent: number;
}

interface CpuProfileFile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string }; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
}

/** The package a script belongs to: a dependency, a package or service of this workspace, or a bench file. */
function packageOf(url: string): string | undefined {
  if (url.endsWith('/cpu-profiler.ts')) return '(profiler)';
  const dependency = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (dependency) return dependency[1]!;
  const workspace = /\/(packages|services)\/([^/]+)\//.exec(url);
  if (workspace) return workspace[1] === 'packages' ? `@hotline/${workspace[2]}` : `services/${workspace[2]}`;
  if (/\/(bench|tests)\//.test(url)) return url.replace(/^.*\/(bench|tests)\//, '$1/');
  return undefined;
}

export interface ProfileSummary {
  busySeconds: number;
  places: ProfileShare[];
}

/**
 * Self time of a profile by package, largest first. Node's own code and native work (JSON, Buffer, sockets, the
 * jieba addon) count for the package that called them, so the shares say which library the time is spent for; the
 * garbage collector stays apart, and idle time and the profiler's own start are left out.
 */
export function summariseProfile(file: string, top = 12): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfileFile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const places = new Map<number, string>();
  const placeOf = (id: number): string => {
    const known = places.get(id);
    if (known) return known;
    const { functionName, url } = nodes.get(id)?.callFrame ?? { functionName: '(unknown)', url: '' };
    const parent = parents.get(id);
    const place = packageOf(url) ?? (functionName.startsWith('(') ? functionName : parent === undefined || nodes.get(parent)?.callFrame.functionName === '(root)' ? 'node (runtime)' : placeOf(parent));
    places.set(id, place);
    return place;
  };
  const micros = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const place = placeOf(id);
    micros.set(place, (micros.get(place) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  micros.delete('(idle)');
  micros.delete('(profiler)'); // starting the profiler itself
  const busy = [...micros.values()].reduce((sum, value) => sum + value, 0);
  const shares = [...micros].sort((a, b) => b[1] - a[1]).slice(0, top).map(([where, value]) => ({ where, seconds: +(value / 1e6).toFixed(2), percent: +((100 * value) / busy).toFixed(1) }));
  return { busySeconds: +(busy / 1e6).toFixed(2), places: shares };
}

/** The profiles a run's processes wrote into `dir`, summarised, by the file's name (script and pid). */
export function summariseProfiles(dir: string): Record<string, ProfileSummary> {
  const files = readdirSync(dir).filter((file) => file.endsWith('.cpuprofile'));
  return Object.fromEntries(files.map((file) => [file.replace(/-\d+\.cpuprofile$/, ''), summariseProfile(`${dir}/${file}`)]));
}

export function printProfile(name: string, summary: ProfileSummary): void {
  console.log(`  ${name}: ${summary.busySeconds} s busy; ${summary.places.map((place) => `${place.where} ${place.percent}%`).join(', ')}`);
}
