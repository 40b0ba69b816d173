import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ticketIdFor, type IntakeMessageInput, type TicketDocument } from '@hotline/contracts';
import { loadCityConfig } from '@hotline/routing';
import { createLogger } from '@hotline/runtime';
import { loadSlaConfig } from '@hotline/sla';
import { createApi } from '../../services/api/src/app.ts';
import { DEMO_PASSWORD } from '../../services/api/src/demo-users.ts';
import { generateMessages, seededRandom } from '../fixtures/citizen-messages.ts';
import { eventually, startPipeline, type InProcessPipeline } from '../support/pipeline.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const CONSOLE_DIR = `${root}services/console/dist`;
export { DEMO_PASSWORD };

/**
 * Builds the console (vite) into services/console/dist, as the API serves it. A build takes a few seconds; it is
 * redone on every run so the test never drives a stale bundle. NODE_ENV is production as under `scripts/stack`:
 * vitest sets it to test, and vite then bundles React's development build, which the stack would go on serving
 * (dist/ is newer than the sources afterwards).
 */
export function buildConsole(): void {
  const vite = `${root}services/console/node_modules/vite/bin/vite.js`;
  if (!existsSync(vite)) throw new Error(`vite is not installed in services/console (run pnpm install): ${vite}`);
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: `${root}services/console`, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
  if (result.status !== 0) throw new Error(`console build failed:\n${result.stdout}\n${result.stderr}`);
}

export interface ConsoleStack {
  baseUrl: string;
  pipeline: InProcessPipeline;
  api: Awaited<ReturnType<typeof createApi>>;
  /** Sends intake messages and waits until each is routed or in manual triage; returns their tickets. */
  send(messages: IntakeMessageInput[]): Promise<TicketDocument[]>;
  /** Tickets in the run's index matching an Elasticsearch query (refreshed first). */
  find(query: Record<string, unknown>, size?: number): Promise<TicketDocument[]>;
  /** Calls the API as a user (for set-up the browser does not need to show). */
  call(method: 'GET' | 'POST', path: string, token: string | undefined, body?: unknown): Promise<{ status: number; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON of many shapes
  login(username: string, password?: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The real system for the browser: the pipeline services (in this process, per-run topics and indices) and the API
 * listening on a free port, serving the built console at `/` and the demo accounts.
 */
export async function startConsoleStack(options: { kafkaBrokers: string; elasticsearchUrl: string; runId: string; port?: number; logLevel?: string }): Promise<ConsoleStack> {
  const pipeline = await startPipeline(options);
  const api = await createApi(
    {
      indices: pipeline.indices,
      topics: pipeline.topics,
      indexPrefix: `${options.runId}-`,
      tokenSecret: randomBytes(32).toString('base64url'),
      tokenTtlMs: 3600_000,
      login: { maxFailuresPerUser: 5, maxFailuresPerAddress: 50, windowMs: 60_000 },
      commandWaitMs: 10_000,
      consoleDir: CONSOLE_DIR,
      demoUsers: true,
      pipeline: { groups: { ingest: `${options.runId}.ingest`, triage: `${options.runId}.triage`, tracker: `${options.runId}.tracker` }, admissionLimit: 3_000 },
    },
    {
      elasticsearch: pipeline.elasticsearch,
      kafka: pipeline.kafka,
      producer: pipeline.producer,
      logger: createLogger({ service: 'api', level: options.logLevel ?? 'error' }),
      departments: loadCityConfig(`${root}config/city`).departments.map((department) => ({ id: department.id, name: department.name, ...(department.district ? { district: department.district } : {}) })),
      calendar: loadSlaConfig(`${root}config`).calendar,
    },
  );
  await api.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  const address = api.server.address();
  if (!address || typeof address === 'string') throw new Error('the API did not report its port');
  const baseUrl = `http://127.0.0.1:${address.port}`;

  const find = async (query: Record<string, unknown>, size = 100) => {
    await pipeline.elasticsearch.indices.refresh({ index: pipeline.indices.ticketsAlias });
    const result = await pipeline.elasticsearch.search<TicketDocument>({ index: pipeline.indices.ticketsAlias, size, query, sort: [{ receivedAt: 'desc' }] });
    return result.hits.hits.map((hit) => hit._source!);
  };

  const call: ConsoleStack['call'] = async (method, path, token, body) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

  return {
    baseUrl,
    pipeline,
    api,
    find,
    call,
    async login(username, password = DEMO_PASSWORD) {
      const response = await call('POST', '/api/auth/login', undefined, { username, password });
      if (response.status !== 200) throw new Error(`login ${username}: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body.token as string;
    },
    async send(messages) {
      for (let i = 0; i < messages.length; i += 100) {
        await pipeline.producer.send({ topic: pipeline.topics.intake, acks: -1, messages: messages.slice(i, i + 100).map((message) => ({ value: JSON.stringify(message) })) });
      }
      const ids = messages.map((message) => ticketIdFor(message.channel, message.sourceId));
      const settled = await eventually(
        () => find({ bool: { filter: [{ terms: { ticketId: ids } }, { terms: { status: ['routed', 'manual_triage'] } }] } }, ids.length),
        (docs) => docs.length === ids.length,
        { timeoutMs: 90_000, what: `${ids.length} tickets routed or in manual triage` },
      );
      return settled;
    },
    async stop() {
      await api.close();
      await pipeline.stop();
    },
  };
}

/**
 * A month of citizen messages for the views to show: the project's generated fixtures spread over the last 30
 * days (more in the last week, so the hotspot view has spikes), then a few from the last hours.
 */
export function demoMessages(runTag: string, count: number, now = Date.now()): IntakeMessageInput[] {
  const random = seededRandom(20261126);
  const day = 24 * 3600_000;
  return generateMessages(count, { seed: 12345, runTag }).map((message, index) => {
    const ageMs = index >= count - 8 ? (count - index) * 40 * 60_000 : random() < 0.45 ? random() * 7 * day : 7 * day + random() * 23 * day;
    return { ...message, receivedAt: new Date(now - ageMs).toISOString() };
  });
}

/**
 * Moves some of the most recent routed tickets along (signed for on time, some resolved, a few followed up), as an
 * admin through the API, so the lists, facets and department rates show more than one state.
 */
export async function advanceSome(stack: ConsoleStack, docs: TicketDocument[], count = 16): Promise<void> {
  const admin = await stack.login('admin');
  const recent = docs.filter((doc) => doc.status === 'routed').sort((a, b) => b.receivedAt.localeCompare(a.receivedAt)).slice(0, count);
  const command = async (doc: TicketDocument, name: string, body: Record<string, unknown> = {}) => {
    const response = await stack.call('POST', `/api/tickets/${doc.ticketId}/commands/${name}`, admin, body);
    if (response.status !== 200 && response.status !== 202) throw new Error(`${name} on ${doc.ticketId}: ${response.status} ${JSON.stringify(response.body)}`);
  };
  for (const [index, doc] of recent.entries()) {
    if (index % 4 === 3) continue;
    await command(doc, 'signFor');
    if (index % 2 === 1) continue;
    await command(doc, 'resolve', { summary: '已联系市民并现场核实处理，问题已解决。' });
    if (index % 4 === 0) await command(doc, 'followUp', { resolved: true, satisfaction: index % 8 === 0 ? 'satisfied' : 'basically_satisfied' });
  }
}
