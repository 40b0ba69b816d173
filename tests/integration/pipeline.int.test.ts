import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEAD_LETTER_HEADERS, MAX_BODY_CHARS, MAX_INTAKE_BYTES, ticketIdFor, type TicketDocument } from '@hotline/contracts';
import { generateMessages, seededRandom } from '../fixtures/citizen-messages.ts';
import { rebuildTicketIndex } from '../../services/tracker/src/rebuild.ts';
import { eventually, readTopic, startPipeline, type InProcessPipeline } from '../support/pipeline.ts';

// The acceptance run: 1,000 messages over all channels, 50 malformed in different ways and 100 exact
// redeliveries, through ingest → triage → tracker on the real broker and node.
const seed = Number(process.env.TEST_SEED ?? Date.now() % 1_000_000);
const runId = `${inject('runId')}-pipe`;
let pipeline: InProcessPipeline;

const valid = generateMessages(850, { seed, runTag: runId });
const encode = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');
const malformed: Array<{ code: string; value: Buffer }> = [
  ...Array.from({ length: 10 }, (_, i) => ({ code: 'NOT_JSON', value: Buffer.from(`{"schemaVersion":1,"sourceId":"broken-${i}", body: 未加引号`, 'utf8') })),
  ...Array.from({ length: 10 }, (_, i) => ({ code: 'NOT_UTF8', value: Buffer.concat([Buffer.from(`{"schemaVersion":1,"sourceId":"latin1-${i}","body":"`), Buffer.from([0xc3, 0x28, 0xa0, 0xa1]), Buffer.from('"}')]) })),
  ...Array.from({ length: 5 }, (_, i) => ({ code: 'OVERSIZE', value: encode({ ...valid[i], sourceId: `${runId}-huge-${i}`, body: '很长的内容'.repeat(20_000) }) })),
  // 200 KiB bodies: under the 256 KiB message limit, so they are read, but far over the 20,000-character body limit.
  ...Array.from({ length: 5 }, (_, i) => ({ code: 'SCHEMA_VIOLATION', value: encode({ ...valid[i], sourceId: `${runId}-long-${i}`, body: '长'.repeat(200 * 1024 / 3) }) })),
  ...Array.from({ length: 10 }, (_, i) => ({ code: 'UNKNOWN_SCHEMA_VERSION', value: encode({ ...valid[i], schemaVersion: 2, sourceId: `${runId}-v2-${i}` }) })),
  ...[
    { ...valid[0], sourceId: `${runId}-nobody`, body: '   ' },
    { ...valid[0], sourceId: `${runId}-badchannel`, channel: 'fax' },
    { ...valid[0], sourceId: `${runId}-baddate`, receivedAt: '2026-03-02 09:00' },
    { ...valid[0], sourceId: `${runId}-nooffset`, receivedAt: '2026-03-02T09:00:00' },
    { ...valid[0], sourceId: 42 },
    { ...valid[0], sourceId: `${runId}-badkind`, kind: 'rant' },
    { ...valid[0], sourceId: `${runId}-badlat`, location: { lat: 123 } },
    { ...valid[0], sourceId: `${runId}-badattachment`, attachments: [{ url: 'not a url', mediaType: 'image/png' }] },
    { schemaVersion: 1, channel: 'web', receivedAt: '2026-03-02T09:00:00+08:00', body: '没有来源编号' },
    [1, 2, 3],
  ].map((value) => ({ code: value === undefined || Array.isArray(value) ? 'NOT_JSON' : 'SCHEMA_VIOLATION', value: encode(value) })),
];

beforeAll(async () => {
  console.log(`pipeline test seed: ${seed} (repeat with TEST_SEED=${seed})`);
  pipeline = await startPipeline({ kafkaBrokers: inject('kafkaBrokers'), elasticsearchUrl: inject('elasticsearchUrl'), runId });
}, 120_000);

afterAll(async () => {
  await pipeline?.stop();
});

async function allTickets(): Promise<TicketDocument[]> {
  const { elasticsearch, indices } = pipeline;
  await elasticsearch.indices.refresh({ index: indices.ticketsAlias });
  const result = await elasticsearch.search<TicketDocument>({ index: indices.ticketsAlias, size: 2_000, query: { match_all: {} } });
  return result.hits.hits.map((hit) => hit._source!);
}

describe('pipeline: intake → ingest → triage → tracker', () => {
  it('turns 1,000 messages (50 malformed, 200 KiB bodies among them; one message redelivered 100 times) into exactly 850 triaged tickets and 50 dead letters', async () => {
    const random = seededRandom(seed);
    // The same message 100 more times, scattered among the others: one ticket, its events applied once.
    const repeated = valid[Math.floor(random() * valid.length)]!;
    const redeliveries = Array.from({ length: 100 }, () => repeated);
    const outgoing = [
      ...valid.map((message) => ({ value: encode(message) })),
      ...redeliveries.map((message) => ({ value: encode(message) })),
      ...malformed.map(({ value }) => ({ value })),
    ].sort(() => random() - 0.5);
    expect(outgoing).toHaveLength(1_000);
    // Intake messages may come without a key. The 300 KB ones go alone: a record batch is capped at 1 MB.
    const large = outgoing.filter(({ value }) => value.length > 200_000);
    const small = outgoing.filter(({ value }) => value.length <= 200_000);
    for (const message of large) await pipeline.producer.send({ topic: pipeline.topics.intake, acks: -1, messages: [message] });
    for (let i = 0; i < small.length; i += 100) {
      await pipeline.producer.send({ topic: pipeline.topics.intake, acks: -1, messages: small.slice(i, i + 100) });
    }

    const tickets = await eventually(allTickets, (docs) => docs.length >= 850 && docs.every((doc) => doc.status === 'routed' || doc.status === 'manual_triage'), {
      timeoutMs: 150_000,
      what: '850 triaged tickets',
    });
    expect(tickets).toHaveLength(850);
    expect(new Set(tickets.map((doc) => doc.ticketId)).size).toBe(850);
    expect(new Set(tickets.map((doc) => doc.ticketId))).toEqual(new Set(valid.map((message) => ticketIdFor(message.channel, message.sourceId))));
    for (const doc of tickets) {
      expect(doc.classification?.category, doc.ticketId).toBeTruthy();
      expect(doc.classification?.confidence).toBeGreaterThan(0);
      expect(doc.priority).toMatch(/^(urgent|high|normal)$/);
      expect(doc.sla?.signForBy).toBeTruthy();
      expect(Date.parse(doc.sla!.resolveBy)).toBeGreaterThan(Date.parse(doc.receivedAt));
      if (doc.status === 'routed') expect(doc.department?.id).toBeTruthy();
      else expect(doc.manualTriage?.code).toBeTruthy();
      // Received, triaged, routed (or manual): redeliveries applied nothing more.
      expect(doc.version).toBe(3);
      expect(doc.appliedEventIds).toHaveLength(3);
      // Personal data is masked in the indexed text and kept only in the restricted part.
      expect(doc.body).not.toMatch(/1[3-9]\d{9}/);
      expect(doc.restricted.originalBody).toMatch(/1[3-9]\d{9}/);
    }
    // The audit trail keeps what each event did, but no copy of the caller's identity or the unmasked text.
    await pipeline.elasticsearch.indices.refresh({ index: pipeline.indices.eventsAlias });
    const received = await pipeline.elasticsearch.search<{ payload: Record<string, unknown> }>({
      index: pipeline.indices.eventsAlias,
      size: 1_000,
      query: { term: { type: 'TicketReceived' } },
    });
    expect(received.hits.hits).toHaveLength(850);
    for (const hit of received.hits.hits) {
      expect(hit._source?.payload).toHaveProperty('ticket');
      expect(hit._source?.payload).not.toHaveProperty('restricted');
    }
    const sample = valid[0]!;
    const first = tickets.find((doc) => doc.ticketId === ticketIdFor(sample.channel, sample.sourceId))!;
    expect({ channel: first.channel, sourceId: first.sourceId }).toEqual({ channel: sample.channel, sourceId: sample.sourceId });

    const deadLetters = await readTopic(pipeline.kafka, pipeline.topics.intakeDeadLetter, 50);
    expect(deadLetters).toHaveLength(50);
    const codes = deadLetters.map((record) => record.headers[DEAD_LETTER_HEADERS.errorCode]).sort();
    expect(codes).toEqual(malformed.map(({ code }) => code).sort());
    const longBodies = deadLetters.filter((record) => record.value !== null && record.value.length > 200 * 1024 && record.value.length < MAX_INTAKE_BYTES);
    expect(longBodies).toHaveLength(5);
    for (const record of longBodies) expect(record.headers[DEAD_LETTER_HEADERS.reason]).toContain(`body is longer than ${MAX_BODY_CHARS} characters`);
    for (const record of deadLetters) {
      expect(record.headers[DEAD_LETTER_HEADERS.reason]?.length).toBeGreaterThan(5);
      expect(record.headers[DEAD_LETTER_HEADERS.sourceTopic]).toBe(pipeline.topics.intake);
      expect(Number(record.headers[DEAD_LETTER_HEADERS.sourceOffset])).toBeGreaterThanOrEqual(0);
      // The original bytes, untouched.
      expect(malformed.some(({ value }) => record.value?.equals(value))).toBe(true);
    }
  }, 240_000);
});

describe('an independent Kafka client', () => {
  it('produces a documented intake message with kcat, without a key, and it becomes a ticket', async () => {
    const message = {
      schemaVersion: 1,
      sourceId: `${runId}-kcat-1`,
      channel: 'sms',
      receivedAt: '2026-03-03T10:15:00+08:00',
      body: 'A2区望城街道建设路的路灯晚上全部不亮，行人走路很不安全，请尽快维修。',
    };
    // kcat reads one message per line from stdin; -K is not given, so the message has no key.
    execFileSync('kcat', ['-P', '-b', inject('kafkaBrokers'), '-t', pipeline.topics.intake], { input: `${JSON.stringify(message)}\n` });
    const ticketId = ticketIdFor('sms', message.sourceId);
    const doc = await eventually(
      async () => (await allTickets()).find((ticket) => ticket.ticketId === ticketId),
      (found) => found?.status === 'routed' || found?.status === 'manual_triage',
      { timeoutMs: 60_000, what: 'the kcat ticket' },
    );
    expect(doc).toMatchObject({ channel: 'sms', sourceId: message.sourceId, body: message.body, version: 3 });
  }, 90_000);
});

describe('rebuilding the ticket index from the event log', () => {
  it('projects the whole topic into empty indices and gets the same documents', async () => {
    const original = await allTickets();
    const rebuilt = await pipeline.rebuild(`${runId}-rebuilt-`);
    const read = async () => {
      await pipeline.elasticsearch.indices.refresh({ index: rebuilt.ticketsAlias });
      const result = await pipeline.elasticsearch.search<TicketDocument>({ index: rebuilt.ticketsAlias, size: 2_000, query: { terms: { status: ['routed', 'manual_triage'] } } });
      return result.hits.hits.map((hit) => hit._source!);
    };
    const copies = await eventually(read, (docs) => docs.length >= original.length, { timeoutMs: 60_000, what: `${original.length} rebuilt tickets` });
    const byId = (docs: TicketDocument[]) => new Map(docs.map((doc) => [doc.ticketId, doc]));
    expect(byId(copies)).toEqual(byId(original));
  }, 90_000);
});

// What `bash scripts/rebuild` does, on the live indices of this run: last, because it replaces the live index.
describe('rebuilding the live ticket index into a new generation (scripts/rebuild)', () => {
  it('refuses while the tracker runs; with it stopped, folds the log into the same documents, swaps the alias, and the tracker resumes on the new index', async () => {
    const { kafka, elasticsearch, projection, topics, indices } = pipeline;
    const options = { topics, indices, trackerGroupId: `${runId}.tracker`, workingSet: 10 };
    await expect(rebuildTicketIndex({ kafka, elasticsearch, projection }, options)).rejects.toMatchObject({ code: 'TRACKER_RUNNING' });

    await pipeline.apps.tracker.stop();
    const original = await allTickets();
    const [before] = Object.keys(await elasticsearch.indices.getAlias({ name: indices.ticketsAlias }));
    // A working set smaller than the tickets: some are written out early and read back when touched again.
    const result = await rebuildTicketIndex({ kafka, elasticsearch, projection }, options);
    expect(result.previous).toEqual([before]);
    expect(Object.keys(await elasticsearch.indices.getAlias({ name: indices.ticketsAlias }))).toEqual([result.index]);
    expect(await elasticsearch.indices.exists({ index: before! })).toBe(false);
    expect(result.tickets).toBe(original.length);
    expect(result.readBack).toBeGreaterThan(0);
    const byId = (docs: TicketDocument[]) => new Map(docs.map((doc) => [doc.ticketId, doc]));
    expect(byId(await allTickets())).toEqual(byId(original));

    // The command itself, its fold split over two processes.
    const output = execFileSync(process.execPath, ['--disable-warning=TimeoutNegativeWarning', fileURLToPath(new URL('../../scripts/tools/rebuild.ts', import.meta.url)), '--workers', '2', '--json'], {
      env: { ...process.env, KAFKA_BROKERS: inject('kafkaBrokers'), ELASTICSEARCH_URL: inject('elasticsearchUrl'), TOPIC_PREFIX: `${runId}.`, INDEX_PREFIX: `${runId}-`, TRACKER_GROUP_ID: `${runId}.tracker` },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const command = JSON.parse(output.trim().split('\n').at(-1)!) as { index: string; previous: string[]; tickets: number; workers: number };
    expect(command).toMatchObject({ previous: [result.index], tickets: original.length, workers: 2 });
    expect(byId(await allTickets())).toEqual(byId(original));

    await pipeline.restartTracker();
    const [late] = generateMessages(1, { seed: seed + 2, runTag: `${runId}-after-rebuild` });
    await pipeline.producer.send({ topic: topics.intake, acks: -1, messages: [{ value: JSON.stringify(late) }] });
    const lateId = ticketIdFor(late!.channel, late!.sourceId);
    const doc = await eventually(async () => (await allTickets()).find((ticket) => ticket.ticketId === lateId), (found) => found?.version === 3, { timeoutMs: 60_000, what: 'a ticket after the rebuild' });
    expect(doc).toMatchObject({ sourceId: late!.sourceId });
  }, 120_000);
});
