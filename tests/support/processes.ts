import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface ServiceProcess {
  readonly name: string;
  readonly port: number;
  readonly process: ChildProcess;
  /** Resolves once /health answers 200 (the service is consuming). */
  ready(timeoutMs?: number): Promise<void>;
  kill(signal: NodeJS.Signals): Promise<void>;
  output(): string;
}

/** Runs a service's main.ts as its own process, as the stack does, with the environment given (the API serves on `port`). */
export type ServiceName = 'ingest' | 'triage' | 'tracker' | 'api';

export async function spawnService(name: ServiceName, env: Record<string, string>): Promise<ServiceProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--disable-warning=TimeoutNegativeWarning', `${root}/services/${name}/src/main.ts`], {
    env: { ...process.env, ...env, HEALTH_PORT: String(port), API_PORT: String(port), LOG_LEVEL: env.LOG_LEVEL ?? 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => { output = (output + chunk).slice(-20_000); });
  child.stderr?.on('data', (chunk) => { output = (output + chunk).slice(-20_000); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name,
    port,
    process: child,
    output: () => output,
    async ready(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} during start-up:\n${output}`);
        const healthy = await fetch(`http://127.0.0.1:${port}/health`).then((response) => response.ok, () => false);
        if (healthy) return;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error(`${name} did not become ready within ${timeoutMs} ms:\n${output}`);
    },
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
