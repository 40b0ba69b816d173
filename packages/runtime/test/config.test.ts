import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { baseConfigSchema, configFields, HotlineError, loadConfig } from '../src/index.ts';

describe('loadConfig', () => {
  it('applies defaults when nothing is set', () => {
    expect(loadConfig(baseConfigSchema, {})).toEqual({
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      ELASTICSEARCH_URL: 'http://127.0.0.1:9200',
      LOG_LEVEL: 'info',
    });
  });

  it('parses a comma-separated broker list', () => {
    expect(loadConfig(baseConfigSchema, { KAFKA_BROKERS: 'a:9092, b:9094' }).KAFKA_BROKERS).toEqual(['a:9092', 'b:9094']);
  });

  it('fails fast with a coded, non-retriable error naming every bad variable and its value', () => {
    const schema = baseConfigSchema.extend({ HEALTH_PORT: configFields.port });
    let error: unknown;
    try {
      loadConfig(schema, { KAFKA_BROKERS: 'localhost', ELASTICSEARCH_URL: 'ftp://x', LOG_LEVEL: 'loud' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(HotlineError);
    const { code, retriable, message } = error as HotlineError;
    expect({ code, retriable }).toEqual({ code: 'CONFIG_INVALID', retriable: false });
    expect(message).toContain('KAFKA_BROKERS.0: expected host:port');
    expect(message).toContain('ELASTICSEARCH_URL: expected an http(s) URL');
    expect(message).toContain('(got "ftp://x")');
    expect(message).toMatch(/LOG_LEVEL: .*\(got "loud"\)/);
    expect(message).toMatch(/HEALTH_PORT: .*\(not set\)/);
  });

  it('accepts service-specific schemas built from the shared fields', () => {
    const schema = z.object({ API_PORT: configFields.port.default(8080) });
    expect(loadConfig(schema, { API_PORT: '3000' })).toEqual({ API_PORT: 3000 });
  });
});
