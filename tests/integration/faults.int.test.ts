import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { ticketIdFor, type IntakeMessageInput, type TicketDocument } from '@hotline/contracts';
import { connectProducer, createKafka, type Producer } from '@hotline/kafka';
import { createElasticsearch, indexNames } from '@hotline/store';
import { generateMessages, seededRandom } from '../fixtures/citizen-messages.ts';
import { createRunTopics, eventually, triagedTickets } from '../support/pipeline.ts';
import { spawnService, type ServiceProcess } from '../support/processes.ts';

// Faults against the services as real processes (their main.ts), on the real engines. Bounded: each test has
// its own deadline, and the random points are printed with their seed.
const seed = Number(process.env.TEST_SEED ?? Date.now() % 1_000_000);
const kafkaBrokers = inject('kafkaBrokers');
const elasticsearchUrl = inject('elasticsearchUrl');
const kafka = createKafka({ brokers: kafkaBrokers.split(','), clientId: 'fault-tests' });
const elasticsearch = createElasticsearch({ url: elasticsearchUrl, requestTimeoutMs: 5_000 });
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
let running: ServiceProcess[] = [];

afterEach(async () => {
  await Promise.all(running.map((service) => service.kill('SIGTERM')));
  running = [];
});

async function startServices(runId: string) {
  const prefix = `${runId}.`;
  const topics = await createRunTopics(kafka, prefix);
  const env = {
    KAFKA_BROKERS: kafkaBrokers,
    ELASTICSEARCH_URL: elasticsearchUrl,
    TOPIC_PREFIX: prefix,
    INDEX_PREFIX: `${runId}-`,
    INGEST_GROUP_ID: `${prefix}ingest`,
    TRIAGE_GROUP_ID: `${prefix}triage`,
    TRACKER_GROUP_ID: `${prefix}tracker`,
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    // The fixtures are dated in the past, so every SLA clock is overdue: a sweep would add notices to every ticket.
    // The sweep has its own test (lifecycle.int.test.ts); here only the pipeline's events are counted.
    SLA_SWEEP_INTERVAL_MS: '3600000',
  };
  const services = await Promise.all((['ingest', 'triage', 'tracker'] as const).map((name) => spawnService(name, env)));
  running.push(...services);
  await Promise.all(services.map((service) => service.ready()));
  return { topics, env, services, alias: indexNames(`${runId}-`).ticketsAlias };
}

/**
 * Sends messages at a steady pace in the background; resolves when all are acknowledged. A send that fails (the
 * broker is down) is tried again, as a real client would: a resent chunk may duplicate messages, which the
 * pipeline must absorb (same source id, same ticket).
 */
async function produceSteadily(producer: Producer, topic: string, messages: IntakeMessageInput[], perSecond: number) {
  const started = Date.now();
  for (let sent = 0; sent < messages.length; sent += 50) {
    const chunk = messages.slice(sent, sent + 50).map((message) => ({ value: JSON.stringify(message) }));
    for (let attempt = 1; ; attempt++) {
      try {
        await producer.send({ topic, acks: -1, messages: chunk });
        break;
      } catch (err) {
        if (attempt >= 60) throw err;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
    const due = started + ((sent + 50) / perSecond) * 1000;
    if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
  }
}

/** On a failed wait, shows what each service process said and whether it is still alive: CI keeps only the output. */
async function explained<T>(waiting: Promise<T>): Promise<T> {
  try {
    return await waiting;
  } catch (err) {
    for (const service of running) {
      const state = service.process.exitCode ?? service.process.signalCode ?? 'running';
      console.log(`--- ${service.name} (pid ${service.process.pid}, ${state}) last output:\n${service.output().slice(-6_000)}`);
    }
    throw err;
  }
}

/** The tickets, or a short description of them for the timeout message. */
function summary(tickets: TicketDocument[]) {
  return { count: tickets.length, triaged: tickets.filter((doc) => doc.classification).length };
}

/**
 * Stops one of the stack's engines once the first tickets are in, keeps it down for `downMs` while messages keep
 * arriving, starts it again, and checks that every message became exactly one triaged ticket.
 */
async function throughAnOutage(options: { name: string; engine: 'kafka' | 'elasticsearch'; downMs: number; count: number; perSecond: number; seed: number }) {
  const runId = `${inject('runId')}-${options.name}`;
  const { topics, alias } = await startServices(runId);
  const messages = generateMessages(options.count, { seed: options.seed, runTag: runId });
  const producer = await connectProducer(kafka);
  const producing = produceSteadily(producer, topics.intake, messages, options.perSecond);

  await explained(eventually(() => triagedTickets(elasticsearch, alias).then(summary), ({ count }) => count >= 100, { timeoutMs: 60_000, what: 'the first tickets' }));
  const stoppedAt = Date.now();
  execFileSync('bash', [`${repoRoot}/scripts/stack`, 'down', options.engine], { stdio: 'inherit' });
  if (options.engine === 'elasticsearch') {
    const healthy = await elasticsearch.cluster.health().then(() => true, () => false);
    expect(healthy, 'the fault test stops the stack\'s own Elasticsearch; it cannot stop an external one').toBe(false);
  }
  await new Promise((resolve) => setTimeout(resolve, options.downMs)); // the outage itself
  execFileSync('bash', [`${repoRoot}/scripts/stack`, 'up', '--engines-only'], { stdio: 'inherit' });
  console.log(`${options.engine} was down for ${((Date.now() - stoppedAt) / 1000).toFixed(1)} s`);
  await producing;
  await producer.disconnect();

  const backAt = Date.now();
  await explained(eventually(() => triagedTickets(elasticsearch, alias).then(summary), ({ count }) => count >= messages.length, { timeoutMs: 120_000, what: `${messages.length} triaged tickets after the ${options.engine} outage` }));
  console.log(`caught up ${((Date.now() - backAt) / 1000).toFixed(1)} s after ${options.engine} was back`);
  for (const service of running) expect(service.process.exitCode, `${service.name} exited`).toBeNull();
  expectExactlyOnce(await triagedTickets(elasticsearch, alias), messages);
}

function expectExactlyOnce(tickets: TicketDocument[], messages: IntakeMessageInput[]) {
  expect(tickets).toHaveLength(messages.length);
  expect(new Set(tickets.map((doc) => doc.ticketId))).toEqual(new Set(messages.map((message) => ticketIdFor(message.channel, message.sourceId))));
  const bySource = new Map(messages.map((message) => [ticketIdFor(message.channel, message.sourceId), message]));
  for (const doc of tickets) {
    expect(doc.version, doc.ticketId).toBe(3);
    expect(new Set(doc.appliedEventIds).size).toBe(3);
    expect(doc.sourceId).toBe(bySource.get(doc.ticketId)?.sourceId);
    expect(doc.classification?.category).toBeTruthy();
  }
}

describe('faults', () => {
  it('loses and duplicates nothing when each service is SIGKILLed mid-run and restarted', async () => {
    const runId = `${inject('runId')}-kill`;
    const { topics, env, services, alias } = await startServices(runId);
    const messages = generateMessages(5_000, { seed, runTag: runId });
    const random = seededRandom(seed);
    const killAt = services.map(() => 500 + Math.floor(random() * 5_000));
    console.log(`kill test seed ${seed}: SIGKILL ingest/triage/tracker at ${killAt.join('/')} ms`);

    const producer = await connectProducer(kafka);
    const started = Date.now();
    const producing = produceSteadily(producer, topics.intake, messages, 800);
    await Promise.all(services.map(async (service, index) => {
      await new Promise((resolve) => setTimeout(resolve, killAt[index]));
      await service.kill('SIGKILL');
      const restarted = await spawnService(service.name as 'ingest' | 'triage' | 'tracker', env);
      running.push(restarted);
      await restarted.ready();
    }));
    await producing;
    await producer.disconnect();

    await explained(eventually(() => triagedTickets(elasticsearch, alias).then(summary), ({ count }) => count >= messages.length, { timeoutMs: 150_000, what: '5,000 triaged tickets' }));
    const tickets = await triagedTickets(elasticsearch, alias);
    console.log(`kill test: ${tickets.length} tickets in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expectExactlyOnce(tickets, messages);
  }, 180_000);

  it('rides out a Kafka broker restart mid-run with nothing lost or duplicated', async () => {
    // 15 s: longer than kafkajs' own retries (about 9 s), after which it reports even a refused connection as not
    // retriable; the services must wait for the broker, not exit (the tracker did when a restart took 11 s).
    await throughAnOutage({ name: 'kafkadown', engine: 'kafka', downMs: 15_000, count: 1_500, perSecond: 150, seed: seed + 2 });
  }, 240_000);

  it('pauses the tracker while Elasticsearch is stopped for 60 s, then catches up with nothing lost', async () => {
    // 3,000 at 40/s: traffic keeps arriving during the whole outage (60 s, as the issue sets it).
    await throughAnOutage({ name: 'esdown', engine: 'elasticsearch', downMs: 60_000, count: 3_000, perSecond: 40, seed: seed + 1 });
  }, 240_000);
});
