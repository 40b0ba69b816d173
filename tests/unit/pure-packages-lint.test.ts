import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The rule that keeps pure packages free of adapters is enforced by lint, not by a sentence: prove it fires.
const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function restrictedRuleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => message.ruleId ?? '').filter((id) => id.startsWith('no-restricted'));
}

describe('pure package boundary', () => {
  const adapterImport = "import { Kafka } from 'kafkajs';\nexport const kafka = Kafka;\n";

  it.each(['text', 'contracts', 'classifier', 'routing', 'sla', 'lifecycle'])('rejects an adapter import in packages/%s', async (name) => {
    expect(await restrictedRuleIds(`packages/${name}/src/example.ts`, adapterImport)).toEqual(['no-restricted-imports']);
  });

  it('rejects logger, HTTP and workspace adapter imports, and reading the environment', async () => {
    const code = [
      "import pino from 'pino';",
      "import { createServer } from 'node:http';",
      "import { createElasticsearch } from '@hotline/store';",
      'export const all = [pino, createServer, createElasticsearch, process.env.KAFKA_BROKERS];',
    ].join('\n');
    expect(await restrictedRuleIds('packages/routing/src/example.ts', code)).toEqual([
      'no-restricted-imports', 'no-restricted-imports', 'no-restricted-imports', 'no-restricted-syntax',
    ]);
  });

  it('lets adapter packages and services import their engines', async () => {
    expect(await restrictedRuleIds('packages/kafka/src/example.ts', adapterImport)).toEqual([]);
    expect(await restrictedRuleIds('services/ingest/src/example.ts', adapterImport)).toEqual([]);
  });
});
