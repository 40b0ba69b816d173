import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectProducer, createKafka, groupPosition, type Admin, type Producer } from '@hotline/kafka';
import { createLogger, Metrics } from '@hotline/runtime';
import { generateMessages } from '../fixtures/citizen-messages.ts';
import { createRunTopics, eventually, readTopic } from '../support/pipeline.ts';
import { createIngestApp } from '../../services/ingest/src/app.ts';

// Ingest's admission control on the real broker: intake waits in its topic while triage's group is behind, moves on
// as the group commits, and flows regardless once the group stalls. Triage itself is played by the test, which
// moves the group's committed offsets by hand, so each step is deterministic.
const runId = `${inject('runId')}-admit`;
const prefix = `${runId}.`;
const kafka = createKafka({ brokers: inject('kafkaBrokers').split(','), clientId: runId });
const triageGroupId = `${prefix}triage`;
const limit = 300;
const stalledAfterMs = 5_000;
let admin: Admin;
let producer: Producer;

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  producer = await connectProducer(kafka);
});

afterAll(async () => {
  await producer?.disconnect();
  await admin?.disconnect();
});

async function endOffsets(topic: string) {
  return (await admin.fetchTopicOffsets(topic)).map(({ partition, high }) => ({ partition, offset: high }));
}

const total = async (topic: string) => (await endOffsets(topic)).reduce((sum, { offset }) => sum + Number(offset), 0);

describe('groupPosition', () => {
  it("reads a group's backlog on a topic from the broker, from the start while the group has committed nothing", async () => {
    const topics = await createRunTopics(kafka, `${prefix}position.`);
    await producer.send({ topic: topics.ticketEvents, acks: -1, messages: Array.from({ length: 40 }, (_, i) => ({ key: `T${i}`, value: String(i) })) });
    const position = groupPosition(admin, `${prefix}position-group`, topics.ticketEvents);
    expect(await position()).toEqual({ backlog: 40, committed: 0n });
    const ends = await endOffsets(topics.ticketEvents);
    const partitions = ends.filter(({ offset }) => Number(offset) > 0).map(({ partition }) => ({ partition, offset: '1' }));
    await admin.setOffsets({ groupId: `${prefix}position-group`, topic: topics.ticketEvents, partitions });
    expect(await position()).toEqual({ backlog: 40 - partitions.length, committed: BigInt(partitions.length) });
  });
});

describe('ingest admission control', () => {
  it('holds intake while triage is behind, admits as triage commits, flows once triage stalls, and loses or repeats nothing', async () => {
    const topics = await createRunTopics(kafka, prefix);
    const metrics = new Metrics();
    const ingest = createIngestApp(
      { groupId: `${prefix}ingest`, topics, sessionTimeoutMs: 10_000, admission: { triageGroupId, limit, stalledAfterMs } },
      { kafka, producer, logger: createLogger({ service: 'ingest', level: 'error' }), metrics },
    );
    const messages = generateMessages(1_500, { seed: 7, runTag: runId });
    await producer.send({ topic: topics.intake, acks: -1, messages: messages.map((message) => ({ value: JSON.stringify(message) })) });
    const holding = () => Promise.resolve(/hotline_admission_holding\{watched="triage"\} 1/.test(metrics.render()));
    await ingest.start();
    try {
      // Triage has read nothing: an admission fits under the limit, or is the first into an empty backlog (500
      // records at most).
      await eventually(holding, Boolean, { timeoutMs: 30_000, what: 'ingest to hold intake back' });
      const firstHeld = await total(topics.ticketEvents);
      expect(firstHeld).toBeGreaterThan(0);
      expect(firstHeld).toBeLessThanOrEqual(Math.max(limit, 500));

      // Triage "reads" everything so far: room again, and ingest admits more before holding anew.
      await admin.setOffsets({ groupId: triageGroupId, topic: topics.ticketEvents, partitions: await endOffsets(topics.ticketEvents) });
      const secondHeld = await eventually(() => total(topics.ticketEvents), (count) => count > firstHeld, { timeoutMs: 30_000, what: 'ingest to admit more once triage caught up' });
      await eventually(holding, Boolean, { timeoutMs: 30_000, what: 'ingest to hold again' });
      const held = await total(topics.ticketEvents);
      expect(secondHeld).toBeGreaterThan(firstHeld);
      expect(held).toBeLessThan(messages.length);

      // Triage commits nothing more: after stalledAfterMs ingest stops waiting, and every message arrives once.
      const events = await readTopic(kafka, topics.ticketEvents, messages.length, 30_000);
      const heldSeconds = Number(/hotline_admission_held_seconds_total\{watched="triage"\} ([\d.]+)/.exec(metrics.render())?.[1]);
      // The last hold began a produce round trip after triage's last commit; without the stall rule it never ends.
      expect(heldSeconds).toBeGreaterThanOrEqual((stalledAfterMs - 1_000) / 1000);
      const received = events.map((event) => JSON.parse(event.value!.toString()) as { type: string; ticket: { sourceId: string } });
      expect(received.every((event) => event.type === 'TicketReceived')).toBe(true);
      expect(new Set(received.map((event) => event.ticket.sourceId)).size).toBe(messages.length);
      expect(await total(topics.ticketEvents)).toBe(messages.length);
    } finally {
      await ingest.stop();
    }
  });

  it('shares the limit between ingest instances, and a second instance joining while the first holds is in within seconds', async () => {
    const topics = await createRunTopics(kafka, `${prefix}pair.`);
    const groupId = `${prefix}pair-ingest`;
    const pairTriageGroupId = `${prefix}pair-triage`;
    const instance = () => {
      const metrics = new Metrics();
      const app = createIngestApp(
        // Triage never stalls here: only the test moves its group on.
        { groupId, topics, sessionTimeoutMs: 10_000, admission: { triageGroupId: pairTriageGroupId, limit, stalledAfterMs: 600_000 } },
        { kafka, producer, logger: createLogger({ service: 'ingest', level: 'error' }), metrics },
      );
      const gauge = (name: string) => Number(new RegExp(`${name}\\{[^}]*\\} ([\\d.]+)`).exec(metrics.render())?.[1] ?? 0);
      return { app, holding: () => Promise.resolve(gauge('hotline_admission_holding') === 1), instances: () => Promise.resolve(gauge('hotline_admission_instances')), givenUp: () => gauge('hotline_consumer_batches_given_up_total') };
    };
    const messages = generateMessages(1_500, { seed: 11, runTag: `${runId}-pair` });
    await producer.send({ topic: topics.intake, acks: -1, messages: messages.map((message) => ({ value: JSON.stringify(message) })) });
    const first = instance();
    const second = instance();
    await first.app.start();
    try {
      await eventually(first.holding, Boolean, { timeoutMs: 30_000, what: 'the first instance to hold intake back' });

      // kafkajs' start resolves once the member has joined, i.e. once every member rejoined: the held batch is given
      // up at the first heartbeat the coordinator refuses (every 2 s here), not when triage catches up.
      const joining = performance.now();
      await second.app.start();
      expect(performance.now() - joining).toBeLessThan(15_000);
      expect(first.givenUp()).toBeGreaterThanOrEqual(1);

      // Both read the limit as shared by two. How each uses its share is for the gate's unit tests: a reading cannot
      // see the other instance's batch still being sent, so how far the log grows here depends on timing.
      await eventually(async () => Math.min(await first.instances(), await second.instances()), (n) => n === 2, { timeoutMs: 30_000, what: 'both instances to count two admitters' });

      // Triage "reads" on until everything is in the log: each message once, the given-up batch included.
      await eventually(async () => {
        await admin.setOffsets({ groupId: pairTriageGroupId, topic: topics.ticketEvents, partitions: await endOffsets(topics.ticketEvents) });
        return total(topics.ticketEvents);
      }, (count) => count >= messages.length, { timeoutMs: 60_000, what: 'every message admitted' });
      const events = await readTopic(kafka, topics.ticketEvents, messages.length, 30_000);
      const sourceIds = events.map((event) => (JSON.parse(event.value!.toString()) as { ticket: { sourceId: string } }).ticket.sourceId);
      expect(new Set(sourceIds).size).toBe(messages.length);
      expect(await total(topics.ticketEvents)).toBe(messages.length);
    } finally {
      await second.app.stop();
      await first.app.stop();
    }
  });
});
