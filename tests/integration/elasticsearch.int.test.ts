import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createElasticsearch, waitForClusterHealth } from '@hotline/store';
import { segment, toIndexTokens } from '@hotline/text';

// A real node: Chinese text indexed as jieba tokens with the built-in whitespace analyzer, searched with
// queries segmented by the same tokenizer, in an index made for this run.
const client = createElasticsearch({ url: inject('elasticsearchUrl') });
const index = `${inject('runId')}-tickets`;

const tickets = [
  { id: 'T-1', body: '小区门口僵尸车长期占道，影响消防通道' },
  { id: 'T-2', body: '夜间工地施工噪音扰民，严重影响休息' },
  { id: 'T-3', body: '物业不作为，小区停车位被外来车辆占用' },
];

beforeAll(async () => {
  await client.indices.create({
    index,
    settings: { number_of_shards: 1, number_of_replicas: 0 },
    mappings: {
      properties: {
        body: { type: 'text', analyzer: 'standard' },
        bodyTokens: { type: 'text', analyzer: 'whitespace' },
      },
    },
  });
  await client.bulk({
    refresh: 'wait_for',
    operations: tickets.flatMap((ticket) => [{ index: { _index: index, _id: ticket.id } }, { body: ticket.body, bodyTokens: toIndexTokens(ticket.body) }]),
  });
});

afterAll(async () => {
  await client.indices.delete({ index, ignore_unavailable: true });
  await client.close();
});

async function searchTokens(query: string): Promise<string[]> {
  const result = await client.search<{ body: string }>({
    index,
    query: { match: { bodyTokens: { query: segment(query).join(' '), operator: 'and' } } },
  });
  return result.hits.hits.map((hit) => hit._id ?? '').sort();
}

describe('Elasticsearch node', () => {
  it('is a real single node at yellow or green health, answering with the product header the client checks', async () => {
    expect(['yellow', 'green']).toContain(await waitForClusterHealth(client, { timeoutSeconds: 10 }));
    const nodes = await client.nodes.info({ node_id: '_local' });
    const node = Object.values(nodes.nodes)[0];
    expect(node?.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(node?.modules?.map((module) => module.name)).toContain('transport-netty4');
  });

  it('keeps jieba words whole with the whitespace analyzer, where the standard analyzer splits characters', async () => {
    const tokens = toIndexTokens('噪音扰民');
    const whitespace = await client.indices.analyze({ index, field: 'bodyTokens', text: tokens });
    expect(whitespace.tokens?.map((token) => token.token)).toEqual(tokens.split(' '));
    const standard = await client.indices.analyze({ index, field: 'body', text: '噪音扰民' });
    expect(standard.tokens?.map((token) => token.token)).toEqual(['噪', '音', '扰', '民']);
  });

  it('finds tickets by segmented Chinese words and not by characters that merely occur', async () => {
    expect(await searchTokens('噪音扰民')).toEqual(['T-2']);
    expect(await searchTokens('小区')).toEqual(['T-1', 'T-3']);
    expect(await searchTokens('小区 物业')).toEqual(['T-3']);
    // 民 occurs only inside 扰民: as a whole word it matches nothing.
    expect(await searchTokens('民')).toEqual([]);
  });
});
