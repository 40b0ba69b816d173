// Bench-only apps for the pipeline benchmark's two ceilings, each run as its own process like a service
// (node bench/apps/skeleton.ts receive|decide|project|plain, configured by the environment as the services are):
//   skeleton: the pipeline's three hops and documents without its logic — receive (intake → a TicketReceived-shaped
//     event, held back by ingest's admission control while decide is behind), decide (→ TicketTriaged- and
//     TicketRouted-shaped events and the department feed), project (tracker-style read-modify-write bulk into the
//     real ticket mapping, plus the audit index) — on the project's own consumer
//     runner, producer, service main and ticket repository. JSON parsing only: no validation, normalisation, masking, segmentation,
//     classification, routing or SLA arithmetic: fixed values stand in for what the logic would decide.
//   plain: one kafkajs consumer copying each intake message, as it is, into a throwaway index, one document per
//     message and one bulk request per fetched batch: the engines' own ceiling.
import {
  eventIdFor,
  prefixedTopics,
  ticketIdFor,
  type IntakeMessageInput,
  type TicketDocument,
  type TicketEvent,
  type TicketReceived,
  type TicketRouted,
  type TicketSla,
  type TicketTriaged,
  type TopicNames,
} from '@hotline/contracts';
import { createConsumerRunner, DEFAULT_ADMISSION, gateOnGroup, runConsumerService, runnerDeps, serviceConfigSchema, type BacklogGate, type BatchHandler, type GroupGate, type ConsumedRecord, type ServiceApp, type ServiceDeps } from '@hotline/kafka';
import { auditRecord, bulkRequest, createElasticsearch, createTicketRepository, indexNames, installIndices, type EventRecord, type IndexNames, type TicketWrite } from '@hotline/store';
import { RECORDS_PER_ADMISSION } from '../../services/ingest/src/app.ts';
import { DEFAULT_DECISION_WAIT_MS, DEFAULT_REMEMBER_WRITTEN } from '../../services/tracker/src/app.ts';
import { announceReady } from '../lib/child.ts';

type Client = ReturnType<typeof createElasticsearch>;

const APPS = ['receive', 'decide', 'project', 'plain'] as const;
type AppName = (typeof APPS)[number];

const producedBy = 'bench-skeleton';
const classification = {
  category: '城乡建设',
  confidence: 0.9,
  alternatives: [{ category: '城乡建设', probability: 0.9 }, { category: '环境保护', probability: 0.06 }, { category: '交通运输', probability: 0.02 }],
  modelVersion: 'skeleton',
};
const location = { district: 'A3区', street: '梅溪湖街道', matched: ['A3区'], source: 'text' as const };
const department = { id: 'a3-urban-management', name: 'A3区城市管理和综合执法局' };
const rule = { id: 'skeleton', description: '基准测试骨架：固定派单' };
const clock = (due: string, duration: string) => ({ due, basis: 'working' as const, duration, warnAt: due });
const sla: TicketSla = {
  startAt: '2026-03-02T09:00:00+08:00',
  signForBy: '2026-03-02T11:00:00+08:00',
  firstContactBy: '2026-03-03T09:00:00+08:00',
  resolveBy: '2026-03-09T09:00:00+08:00',
  signForWarnAt: '2026-03-02T10:30:00+08:00',
  firstContactWarnAt: '2026-03-02T21:00:00+08:00',
  resolveWarnAt: '2026-03-06T09:00:00+08:00',
  clocks: { signFor: clock('2026-03-02T11:00:00+08:00', 'PT2H'), firstContact: clock('2026-03-03T09:00:00+08:00', 'P1D'), resolve: clock('2026-03-09T09:00:00+08:00', 'P5D') },
  warnings: [],
};

/** Roughly as many whitespace tokens as jieba gives (two characters each), without a dictionary. */
const standInTokens = (text: string) => text.match(/.{1,2}/gsu)?.join(' ') ?? '';
const done = (records: ConsumedRecord[]) => records.map(() => ({ status: 'done' as const }));
const eventMessage = (event: TicketEvent) => ({ key: event.ticketId, value: JSON.stringify(event), headers: { 'event-type': event.type } });

function receiveHandler(deps: ServiceDeps, topics: TopicNames, gate: () => BacklogGate | undefined): BatchHandler {
  return async (records) => {
    const occurredAt = new Date().toISOString();
    const messages = records.map((record) => {
      const message = JSON.parse(record.value!.toString('utf8')) as IntakeMessageInput;
      const ticketId = ticketIdFor(message.channel, message.sourceId);
      const event: TicketReceived = {
        type: 'TicketReceived',
        eventId: eventIdFor(ticketId, 'TicketReceived'),
        ticketId,
        occurredAt,
        producedBy,
        ticket: { channel: message.channel, sourceId: message.sourceId, receivedAt: message.receivedAt, ...(message.title ? { title: message.title } : {}), body: message.body, extra: {} },
        restricted: { ...(message.title ? { originalTitle: message.title } : {}), originalBody: message.body, maskedKinds: [] },
        intake: { topic: record.topic, partition: record.partition, offset: record.offset },
      };
      return eventMessage(event);
    });
    const send = () => deps.producer.send({ topic: topics.ticketEvents, acks: -1, messages });
    const admission = gate();
    await (admission ? admission.admit(messages.length, { send }) : send());
    return done(records);
  };
}

function decideHandler(deps: ServiceDeps, topics: TopicNames): BatchHandler {
  return async (records) => {
    const occurredAt = new Date().toISOString();
    const events: TicketEvent[] = [];
    const feed = [];
    for (const record of records) {
      const received = JSON.parse(record.value!.toString('utf8')) as TicketEvent;
      if (received.type !== 'TicketReceived') continue; // it reads its own output too, as triage does
      const { ticketId, ticket } = received;
      const base = { ticketId, occurredAt, producedBy };
      const triaged: TicketTriaged = { ...base, type: 'TicketTriaged', eventId: eventIdFor(ticketId, 'TicketTriaged', received.eventId), classification, location, urgency: { priority: 'normal', reasons: [] } };
      const routed: TicketRouted = { ...base, type: 'TicketRouted', eventId: eventIdFor(ticketId, 'TicketRouted', received.eventId), department, coDepartments: [], priority: 'normal', rule };
      events.push(triaged, routed);
      const routedMessage = { schemaVersion: 1, ticketId, department, coDepartments: [], priority: 'normal', category: classification.category, channel: ticket.channel, sourceId: ticket.sourceId, receivedAt: ticket.receivedAt, routedAt: occurredAt, ...(ticket.title ? { title: ticket.title } : {}), body: ticket.body, location };
      feed.push({ key: department.id, value: JSON.stringify(routedMessage), headers: { 'ticket-id': ticketId } });
    }
    if (events.length > 0) {
      await deps.producer.sendBatch({ acks: -1, topicMessages: [{ topic: topics.ticketEvents, messages: events.map(eventMessage) }, { topic: topics.ticketsRouted, messages: feed }] });
    }
    return done(records);
  };
}

/** Folds the three event shapes into a ticket document with fixed values, as the tracker folds the real ones. */
function fold(doc: TicketDocument | undefined, event: TicketEvent, log: TicketDocument['log']): TicketDocument | undefined {
  const position = { log, updatedAt: event.occurredAt };
  if (event.type === 'TicketReceived') {
    const { ticket } = event;
    return {
      ticketId: event.ticketId, channel: ticket.channel, sourceId: ticket.sourceId, receivedAt: ticket.receivedAt,
      ...(ticket.title ? { title: ticket.title, titleTokens: standInTokens(ticket.title) } : {}),
      body: ticket.body, bodyTokens: standInTokens(ticket.body), location: {}, extra: ticket.extra,
      status: 'received', version: 1, createdAt: event.occurredAt, ...position, appliedEventIds: [event.eventId], restricted: event.restricted,
    };
  }
  if (!doc) return undefined;
  const applied = { ...position, version: doc.version + 1, appliedEventIds: [...doc.appliedEventIds, event.eventId] };
  if (event.type === 'TicketTriaged') {
    return { ...doc, ...applied, status: 'triaged', classification: event.classification, location: { ...doc.location, resolved: event.location }, priority: event.urgency.priority, urgencyReasons: event.urgency.reasons };
  }
  if (event.type === 'TicketRouted') {
    return { ...doc, ...applied, status: 'routed', department: event.department, coDepartments: event.coDepartments, routingRule: event.rule, priority: event.priority, sla, slaLight: 'green' };
  }
  return doc;
}

function projectHandler(elasticsearch: Client, indices: IndexNames): BatchHandler {
  const repository = createTicketRepository(elasticsearch, indices, { rememberWritten: DEFAULT_REMEMBER_WRITTEN }); // as the tracker's
  return async (records, context) => {
    const events = records.map((record) => ({ event: JSON.parse(record.value!.toString('utf8')) as TicketEvent, log: { partition: record.partition, offset: record.offset } }));
    const stored = await repository.getMany([...new Set(events.map(({ event }) => event.ticketId))]);
    const current = new Map([...stored].map(([id, entry]) => [id, entry.doc]));
    for (const { event, log } of events) {
      const doc = fold(current.get(event.ticketId), event, log);
      if (doc) current.set(event.ticketId, doc);
    }
    // As the tracker: a new ticket not decided yet waits for its decision (the runner's holdMs).
    const held = new Set([...current].filter(([id, doc]) => !stored.has(id) && doc.status === 'received').map(([id]) => id));
    records.forEach((record, i) => { if (held.has(events[i]!.event.ticketId) && !context?.mayHold(record)) held.delete(events[i]!.event.ticketId); });
    const eventRecords: EventRecord[] = events.filter(({ event }) => !held.has(event.ticketId)).map(({ event, log }) => auditRecord(event, log, 'applied'));
    const writes: TicketWrite[] = [...current].filter(([id, doc]) => stored.get(id)?.doc !== doc && !held.has(id)).map(([id, doc]) => {
      const before = stored.get(id);
      return { doc, ...(before ? { expected: { seqNo: before.seqNo, primaryTerm: before.primaryTerm } } : {}) };
    });
    await repository.write(writes, eventRecords);
    return events.map(({ event }) => (held.has(event.ticketId) ? { status: 'held' as const } : { status: 'done' as const }));
  };
}

/** The plain copy: kafkajs alone, the same fetch size as the runner, a bulk request and a commit per batch. */
function plainApp(deps: ServiceDeps, elasticsearch: Client, groupId: string, topic: string, index: string): ServiceApp {
  const consumer = deps.kafka.consumer({ groupId, maxBytesPerPartition: 4 * 1024 * 1024 });
  let consuming = false;
  consumer.on(consumer.events.GROUP_JOIN, () => { consuming = true; });
  return {
    async start() {
      await elasticsearch.indices.create({
        index,
        settings: { number_of_shards: 1, number_of_replicas: 0, refresh_interval: '1s' },
        mappings: { dynamic: false, properties: { channel: { type: 'keyword' }, sourceId: { type: 'keyword' }, receivedAt: { type: 'date' }, title: { type: 'text' }, body: { type: 'text' } } },
      });
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        partitionsConsumedConcurrently: 12,
        eachBatch: async ({ batch }) => {
          if (batch.messages.length === 0) return;
          // The message bytes go into the bulk body as they are: no parse, no re-serialisation.
          const lines = batch.messages.flatMap((message) => [{ index: { _index: index, _id: `${batch.partition}-${message.offset}` } }, message.value!]);
          const response = await bulkRequest(elasticsearch, lines);
          if (response.errors) throw new Error(`plain copy: bulk errors, first: ${JSON.stringify(response.items.find((item) => item.index?.error)?.index?.error)}`);
          await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(batch.lastOffset()) + 1n).toString() }]);
        },
      });
    },
    async stop() {
      await consumer.disconnect();
    },
    isReady: () => consuming,
  };
}

/** The bench's own settings; the shared ones (brokers, Elasticsearch, log level) go through the service main's schema. */
function setting(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set (bench/pipeline.ts sets it)`);
  return value;
}

function createApp(name: AppName, elasticsearchUrl: string, deps: ServiceDeps): ServiceApp {
  const [groupId, topicPrefix, indexPrefix] = [setting('GROUP_ID'), setting('TOPIC_PREFIX'), setting('INDEX_PREFIX')];
  const topics = prefixedTopics(topicPrefix);
  const elasticsearch = createElasticsearch({ url: elasticsearchUrl });
  if (name === 'plain') return plainApp(deps, elasticsearch, groupId, topics.intake, `${indexPrefix}${setting('PLAIN_INDEX')}`); // a throwaway index under the prefix
  const indices = indexNames(indexPrefix);
  // receive holds intake back while decide is behind, with ingest's admission control and defaults.
  let gate: GroupGate | undefined;
  const handler = name === 'receive' ? receiveHandler(deps, topics, () => gate) : name === 'decide' ? decideHandler(deps, topics) : projectHandler(elasticsearch, indices);
  const runner = createConsumerRunner({
    ...runnerDeps(deps),
    groupId,
    topics: [name === 'receive' ? topics.intake : topics.ticketEvents],
    handler,
    log: deps.logger.child({ module: `skeleton-${name}` }),
    service: `skeleton-${name}`,
    ...(name === 'receive' ? { maxRecordsPerCall: RECORDS_PER_ADMISSION } : {}),
    ...(name === 'project' ? { holdMs: DEFAULT_DECISION_WAIT_MS } : {}),
  });
  return {
    async start() {
      if (name === 'project') await installIndices(elasticsearch, indices);
      if (name === 'receive') {
        gate = await gateOnGroup(deps.kafka, { groupId: setting('DECIDE_GROUP_ID'), topic: topics.ticketEvents }, { ...DEFAULT_ADMISSION, watched: 'decide', log: deps.logger, metrics: deps.metrics });
      }
      await runner.start();
    },
    async stop() {
      gate?.close();
      await runner.stop();
      await gate?.disconnect();
    },
    isReady: () => runner.isConsuming(),
  };
}

const name = process.argv[2] as AppName;
if (!APPS.includes(name)) {
  console.error(`usage: node bench/apps/skeleton.ts ${APPS.join('|')}   (run by bench/pipeline.ts)`);
  process.exit(2);
}
let app: ServiceApp | undefined;
await runConsumerService({
  service: `skeleton-${name}`,
  configSchema: serviceConfigSchema,
  env: { HEALTH_PORT: '0', ...process.env },
  build: (config, deps) => (app = createApp(name, config.ELASTICSEARCH_URL, deps)),
});
await announceReady(() => app?.isReady() ?? false);
