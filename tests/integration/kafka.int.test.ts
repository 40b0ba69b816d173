import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createConsumerRunner, createKafka, ensureTopics, type Admin, type ConsumedRecord } from '@hotline/kafka';

// A real broker: produce and consume through a topic made for this run, with Chinese text, keys and headers.
const kafka = createKafka({ brokers: inject('kafkaBrokers').split(','), clientId: 'integration-test' });
const runId = inject('runId');
const topic = `${runId}.roundtrip`;
const slicedTopic = `${runId}.sliced`;
let admin: Admin;

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
});

afterAll(async () => {
  await admin.deleteTopics({ topics: [topic, slicedTopic] }).catch(() => undefined);
  await admin.disconnect();
});

describe('Kafka broker', () => {
  it('reports a KRaft cluster with a controller, as the local stack runs it', async () => {
    const cluster = await admin.describeCluster();
    expect(cluster.brokers.length).toBeGreaterThanOrEqual(1);
    expect(cluster.controller).not.toBeNull();
  });

  it('creates a topic with its partition count once, and leaves it alone the second time', async () => {
    expect(await ensureTopics(admin, [{ topic, partitions: 3, config: { 'retention.ms': '-1' } }])).toEqual([topic]);
    expect(await ensureTopics(admin, [{ topic, partitions: 3 }])).toEqual([]);
    const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
    expect(metadata?.partitions).toHaveLength(3);
  });

  it('round-trips keyed messages with Chinese text and headers through a fresh consumer group, in order per key', async () => {
    const sent = [
      { key: 'T-001', value: '小区门口僵尸车占道两个月，请尽快处理', headers: { channel: 'phone' } },
      { key: 'T-002', value: '夜间施工噪音扰民，凌晨两点还在打桩', headers: { channel: 'suggestion_box' } },
      { key: 'T-001', value: '补充：车牌已拍照，见附件', headers: { channel: 'phone' } },
    ];
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: sent });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: `${runId}.roundtrip-group` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received: Array<{ key: string; value: string; channel: string; partition: number }> = [];
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            received.push({
              key: message.key?.toString() ?? '',
              value: message.value?.toString('utf8') ?? '',
              channel: message.headers?.channel?.toString() ?? '',
              partition,
            });
            if (received.length === sent.length) resolve();
          },
        })
        .catch(reject);
    });
    await consumer.disconnect();

    expect(received.map(({ key, value, channel }) => ({ key, value, headers: { channel } })).sort((a, b) => a.value.localeCompare(b.value)))
      .toEqual([...sent].sort((a, b) => a.value.localeCompare(b.value)));
    const ticket1 = received.filter((message) => message.key === 'T-001');
    expect(ticket1.map((message) => message.value)).toEqual([sent[0]?.value, sent[2]?.value]);
    expect(new Set(ticket1.map((message) => message.partition)).size).toBe(1);
  });

  it('hands a fetched batch to the handler in slices of maxRecordsPerCall, committing each slice before the next', async () => {
    await ensureTopics(admin, [{ topic: slicedTopic, partitions: 1 }]);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({ topic: slicedTopic, acks: -1, messages: Array.from({ length: 50 }, (_, i) => ({ key: 'k', value: String(i) })) });
    await producer.disconnect();

    const calls: string[][] = [];
    const commits: Array<{ offset: string; records: number }> = [];
    const sequence: string[] = [];
    const groupId = `${runId}.sliced-group`;
    let allCommitted!: () => void;
    const committed = new Promise<void>((resolve) => { allCommitted = resolve; });
    const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const runner = createConsumerRunner({
      kafka,
      groupId,
      topics: [slicedTopic],
      service: 'integration-test',
      log: quiet,
      maxRecordsPerCall: 7,
      handler: async (records: ConsumedRecord[]) => {
        calls.push(records.map((record) => record.value!.toString()));
        sequence.push('call');
        return records.map(() => ({ status: 'done' as const }));
      },
      onCommitted: ({ offset, records }) => {
        commits.push({ offset, records });
        sequence.push('commit');
        if (offset === '49') allCommitted();
      },
    });
    await runner.start();
    try {
      await committed;
    } finally {
      await runner.stop();
    }
    // Every record once, in order, never more than 7 to a call; each call committed before the next one ran.
    expect(calls.flat()).toEqual(Array.from({ length: 50 }, (_, i) => String(i)));
    expect(Math.max(...calls.map((call) => call.length))).toBe(7);
    expect(commits).toHaveLength(calls.length);
    expect(commits.map(({ records }) => records)).toEqual(calls.map((call) => call.length));
    expect(sequence).toEqual(calls.flatMap(() => ['call', 'commit']));
    const [group] = await admin.fetchOffsets({ groupId, topics: [slicedTopic] });
    expect(group?.partitions[0]?.offset).toBe('50');
  });
});
