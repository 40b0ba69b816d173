import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sleep } from './stats.ts';

export interface BenchChild {
  readonly name: string;
  readonly pid: number | undefined;
  /** Resolves once the app says it is consuming. */
  ready(timeoutMs?: number): Promise<void>;
  /** SIGTERM, then waits for the exit (the app finishes its batch and closes its clients). */
  stop(): Promise<void>;
  output(): string;
}

/**
 * Runs a bench-only app (bench/apps) as its own process, as the stack runs a service. It says it is ready over the
 * IPC channel (`announceReady`), so it needs no port of its own.
 */
export function forkApp(script: URL, args: string[], env: Record<string, string>): BenchChild {
  const name = [fileURLToPath(script).replace(/.*\//, ''), ...args].join(' ');
  const child = fork(fileURLToPath(script), args, {
    env: { ...process.env, ...env, LOG_LEVEL: env.LOG_LEVEL ?? 'warn' },
    execArgv: ['--disable-warning=TimeoutNegativeWarning'],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  const keep = (chunk: Buffer) => { output = (output + chunk.toString()).slice(-20_000); };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    child.on('message', (message) => { if (message === 'ready') resolve(); });
    void exited.then((code) => reject(new Error(`${name} exited with ${code} before it was ready:\n${output}`)));
  });
  ready.catch(() => undefined); // observed by ready(); an exit after readiness is not an error here
  return {
    name,
    pid: child.pid,
    output: () => output,
    async ready(timeoutMs = 60_000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${name} not ready within ${timeoutMs} ms:\n${output}`)), timeoutMs); });
      try {
        await Promise.race([ready, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** In the app: tells the parent once `isReady` holds, and shuts down if the parent goes away. */
export async function announceReady(isReady: () => boolean): Promise<void> {
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  while (!isReady()) await sleep(50);
  process.send?.('ready');
}
