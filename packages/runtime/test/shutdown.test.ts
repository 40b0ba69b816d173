import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, GracefulShutdown } from '../src/index.ts';

function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString()));
      callback();
    },
  });
  return { logger: createLogger({ service: 'test', level: 'debug', destination }), lines };
}

describe('GracefulShutdown', () => {
  it('closes in reverse order of creation, once, even when asked twice', async () => {
    const { logger } = capturingLogger();
    const order: string[] = [];
    const shutdown = new GracefulShutdown(logger);
    shutdown.add('kafka client', () => void order.push('kafka client'));
    shutdown.add('consumer', async () => { order.push('consumer'); });
    shutdown.add('health server', () => void order.push('health server'));
    await Promise.all([shutdown.shutdown('SIGTERM'), shutdown.shutdown('SIGINT')]);
    expect(order).toEqual(['health server', 'consumer', 'kafka client']);
  });

  it('keeps closing the rest when one component fails, logs the error with its component, and reports failure', async () => {
    const { logger, lines } = capturingLogger();
    const closed: string[] = [];
    const shutdown = new GracefulShutdown(logger);
    shutdown.add('first', () => void closed.push('first'));
    shutdown.add('broken', () => { throw new Error('socket already closed'); });
    await expect(shutdown.shutdown('test')).rejects.toThrow('one or more components failed to close');
    expect(closed).toEqual(['first']);
    const failure = lines.find((line) => line.msg === 'failed to close');
    expect(failure).toMatchObject({ level: 'error', component: 'broken', service: 'test', err: { message: 'socket already closed' } });
  });
});
