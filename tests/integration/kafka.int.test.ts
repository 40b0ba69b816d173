import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createConsumerRunner, createKafka, ensureTopics, type Admin, type ConsumedRecord } from '@hotline/kafka';

// A real broker: produce and consume through a topic made for this run, with Chinese text, keys and headers.
const kafka = createKafka({ brokers: inject('kafkaBrokers').split(','), clientId: 'integration-test' });
const runId = inject('runId');
const topic = `${runId}.roundtrip`;
const slicedTopic = `${runId}.sliced`;
const holdTopic = `${runId}.held`;
let admin: Admin;
/** The consumer runner's log, silenced: these tests check what it does, not what it says. */
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
});

afterAll(async () => {
  await admin.deleteTopics({ topics: [topic, slicedTopic, holdTopic] }).catch(() => undefined);
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

  it('keeps a held record until a later record with its key comes, commits only up to it meanwhile, and hands it back on its own once its wait is over', async () => {
    await ensureTopics(admin, [{ topic: holdTopic, partitions: 1 }]);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const holdMs = 3_000;
    const groupId = `${runId}.held-group`;
    // Records 'a1' and 'b1' ask to be held; 'a2' (key a) releases 'a1'; nothing comes after 'b1' (key b).
    const calls: Array<Array<{ value: string; mayHold: boolean }>> = [];
    const firstSeen = new Map<string, number>();
    const commits: string[] = [];
    const waiters: Array<{ until: () => boolean; resolve: () => void }> = [];
    const settle = () => { for (const waiter of waiters) if (waiter.until()) waiter.resolve(); };
    const when = (until: () => boolean) => new Promise<void>((resolve) => { waiters.push({ until, resolve }); settle(); });
    const runner = createConsumerRunner({
      kafka,
      groupId,
      topics: [holdTopic],
      service: 'integration-test',
      log: quiet,
      holdMs,
      handler: async (records, context) => {
        calls.push(records.map((record) => ({ value: record.value!.toString(), mayHold: context!.mayHold(record) })));
        for (const record of records) if (!firstSeen.has(record.value!.toString())) firstSeen.set(record.value!.toString(), performance.now());
        setTimeout(settle, 100); // by then the runner has done what it does after a call (no commit is awaited here)
        // As the tracker does with a received ticket: held while no later record of its key is in the same call.
        const alone = (record: ConsumedRecord) => records.filter((other) => other.key!.equals(record.key!)).length === 1;
        return records.map((record) => (['a1', 'b1'].includes(record.value!.toString()) && alone(record) && context!.mayHold(record) ? { status: 'held' as const } : { status: 'done' as const }));
      },
      onCommitted: ({ offset }) => { commits.push(offset); settle(); },
    });
    const handled = () => calls.flat();
    await runner.start();
    try {
      await producer.send({ topic: holdTopic, acks: -1, messages: [{ key: 'a', value: 'a1' }, { key: 'b', value: 'b1' }, { key: 'c', value: 'c1' }] });
      await when(() => handled().some(({ value }) => value === 'c1'));
      // 'a1' (offset 0) is held: nothing can be committed yet.
      expect(commits).toEqual([]);
      expect((await admin.fetchOffsets({ groupId, topics: [holdTopic] }))[0]?.partitions[0]?.offset).toBe('-1');

      await producer.send({ topic: holdTopic, acks: -1, messages: [{ key: 'a', value: 'a2' }] });
      await when(() => commits.length > 0);
      // 'a1' came back with 'a2', before it, in one call; the commit stops at 'b1' (offset 1), still held.
      const release = calls.find((call) => call.some(({ value }) => value === 'a2'))!;
      expect(release.map(({ value }) => value)).toEqual(['a1', 'a2']);
      expect(commits).toEqual(['0']);
      expect((await admin.fetchOffsets({ groupId, topics: [holdTopic] }))[0]?.partitions[0]?.offset).toBe('1');

      // With nothing after it, 'b1' comes back on its own once it has waited holdMs, and may not be held again.
      await when(() => commits.includes('3'));
      const last = calls.at(-1)!;
      expect(last).toEqual([{ value: 'b1', mayHold: false }]);
      expect(performance.now() - firstSeen.get('b1')!).toBeGreaterThanOrEqual(holdMs);
      expect((await admin.fetchOffsets({ groupId, topics: [holdTopic] }))[0]?.partitions[0]?.offset).toBe('4');
    } finally {
      await runner.stop();
      await producer.disconnect();
    }
    // a1 and b1 were each handed over twice (held, then done), the others once.
    expect(calls.map((call) => call.map(({ value }) => value))).toEqual([['a1', 'b1', 'c1'], ['a1', 'a2'], ['b1']]);
  });

  it('leaves held records uncommitted when it stops, so that the next consumer of the group reads them again', async () => {
    const topicName = `${holdTopic}-restart`;
    await ensureTopics(admin, [{ topic: topicName, partitions: 1 }]);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({ topic: topicName, acks: -1, messages: [{ key: 'a', value: 'a1' }, { key: 'c', value: 'c1' }] });
    await producer.disconnect();
    const groupId = `${runId}.held-restart-group`;
    const start = async (hold: boolean) => {
      const seen: string[] = [];
      let settled!: () => void;
      const settledPromise = new Promise<void>((resolve) => { settled = resolve; });
      const runner = createConsumerRunner({
        kafka,
        groupId,
        topics: [topicName],
        service: 'integration-test',
        log: quiet,
        holdMs: 60_000,
        handler: async (records, context) => {
          seen.push(...records.map((record) => record.value!.toString()));
          if (hold && seen.includes('c1')) settled();
          return records.map((record) => (hold && record.value!.toString() === 'a1' && context!.mayHold(record) ? { status: 'held' as const } : { status: 'done' as const }));
        },
        // Without holding, the run is over once everything is committed.
        onCommitted: ({ offset }) => { if (offset === '1') settled(); },
      });
      await runner.start();
      await settledPromise;
      return { runner, seen };
    };
    try {
      const first = await start(true);
      await first.runner.stop();
      expect((await admin.fetchOffsets({ groupId, topics: [topicName] }))[0]?.partitions[0]?.offset).toBe('-1');
      const second = await start(false);
      await second.runner.stop();
      expect(second.seen).toEqual(['a1', 'c1']);
      expect((await admin.fetchOffsets({ groupId, topics: [topicName] }))[0]?.partitions[0]?.offset).toBe('2');
    } finally {
      await admin.deleteTopics({ topics: [topicName] }).catch(() => undefined);
    }
  });
});
