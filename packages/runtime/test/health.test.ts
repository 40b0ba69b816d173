import { afterEach, describe, expect, it } from 'vitest';
import { startHealthServer, type HealthServer } from '../src/index.ts';

let server: HealthServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('health server', () => {
  it('answers 200 when every check passes', async () => {
    server = await startHealthServer({ port: 0, checks: { kafka: async () => {}, elasticsearch: async () => {} } });
    const response = await fetch(`http://127.0.0.1:${server.port}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', checks: { kafka: { ok: true }, elasticsearch: { ok: true } } });
  });

  it('answers 503 naming the failing and the hanging check', async () => {
    server = await startHealthServer({
      port: 0,
      checkTimeoutMs: 50,
      checks: {
        kafka: async () => { throw new Error('connection refused'); },
        elasticsearch: () => new Promise(() => {}),
        config: async () => {},
      },
    });
    const response = await fetch(`http://127.0.0.1:${server.port}/health`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: 'unavailable',
      checks: {
        kafka: { ok: false, error: 'connection refused' },
        elasticsearch: { ok: false, error: 'timed out after 50 ms' },
        config: { ok: true },
      },
    });
  });

  it('serves metrics text and 404 elsewhere', async () => {
    server = await startHealthServer({ port: 0, checks: {}, metrics: () => 'hotline_consumed_total 3\n' });
    const metrics = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(await metrics.text()).toBe('hotline_consumed_total 3\n');
    expect((await fetch(`http://127.0.0.1:${server.port}/nope`)).status).toBe(404);
  });
});
