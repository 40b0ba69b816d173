import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type HealthCheck = () => Promise<void>;

export interface HealthServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * A tiny HTTP endpoint for orchestrators and the stack script: `GET /health` answers 200 with the state of
 * each named check when all pass, 503 naming the failing ones otherwise (ready only when the engines answer).
 * `GET /metrics` serves the text the caller renders (Prometheus exposition format).
 */
export async function startHealthServer(options: {
  port: number;
  host?: string;
  checks: Record<string, HealthCheck>;
  metrics?: () => string | Promise<string>;
  checkTimeoutMs?: number;
}): Promise<HealthServer> {
  const timeoutMs = options.checkTimeoutMs ?? 2_000;
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method === 'GET' && path === '/health') {
      void runChecks(options.checks, timeoutMs).then((report) => {
        const healthy = Object.values(report).every((entry) => entry.ok);
        response.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ status: healthy ? 'ok' : 'unavailable', checks: report }));
      });
      return;
    }
    if (request.method === 'GET' && path === '/metrics' && options.metrics) {
      void Promise.resolve(options.metrics()).then((text) => {
        response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
        response.end(text);
      });
      return;
    }
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: 'not found' }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

async function runChecks(checks: Record<string, HealthCheck>, timeoutMs: number) {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        await withTimeout(check(), timeoutMs);
        return [name, { ok: true }] as const;
      } catch (err) {
        return [name, { ok: false, error: err instanceof Error ? err.message : String(err) }] as const;
      }
    }),
  );
  return Object.fromEntries(entries) as Record<string, { ok: boolean; error?: string }>;
}

/**
 * Settles as `work` does, or rejects with "timed out after N ms" if it has not settled by then. The work itself
 * goes on (the race has handled a late failure of it): for answering on time, not for cancelling.
 */
export async function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs); })]);
  } finally {
    clearTimeout(timer);
  }
}
