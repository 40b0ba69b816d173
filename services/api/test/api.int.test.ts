import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ticketIdFor, type TicketDocument } from '@hotline/contracts';
import { loadCityConfig } from '@hotline/routing';
import { createLogger } from '@hotline/runtime';
import { loadSlaConfig } from '@hotline/sla';
import { createTicketRepository } from '@hotline/store';
import { eventually, startPipeline, type InProcessPipeline } from '../../../tests/support/pipeline.ts';
import { createApi, type ApiConfig, type ApiDeps } from '../src/app.ts';
import { DEMO_PASSWORD } from '../src/demo-users.ts';
import { createTokenSigner } from '../src/tokens.ts';

// The API over the real engines and the real pipeline (ingest, triage, tracker in this process): who may see and
// do what, and what bad input gets back. Requests go through fastify's inject (the full routing, parsing and
// validation of a real request, without a socket).
const runId = `${inject('runId')}-api`;
const secret = 'test-secret-that-is-long-enough-0123456789';
const password = 'correct-horse-battery';
let apiConfig: ApiConfig;
let apiDeps: ApiDeps;
let pipeline: InProcessPipeline;
let api: Awaited<ReturnType<typeof createApi>>;
let ticket: TicketDocument;
let otherTicket: TicketDocument;
const tokens: Record<string, string> = {};

const message = (sourceId: string, title: string, body: string) => ({
  schemaVersion: 1,
  sourceId: `${runId}-${sourceId}`,
  channel: 'phone',
  receivedAt: '2026-03-02T09:00:00+08:00',
  title,
  body,
  caller: { name: '张先生', phone: '13812345678' },
  location: { address: 'A3区东湖街道锦绣华庭小区3栋', district: 'A3区' },
});

async function call(method: 'GET' | 'POST', url: string, options: { token?: string; body?: unknown; payload?: string; headers?: Record<string, string> } = {}) {
  const response = await api.inject({
    method,
    url,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined || options.payload !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    ...(options.body !== undefined ? { payload: JSON.stringify(options.body) } : {}),
    ...(options.payload !== undefined ? { payload: options.payload } : {}),
  });
  return { status: response.statusCode, headers: response.headers, body: response.body ? JSON.parse(response.body) : undefined };
}

async function login(username: string, secretWord = password) {
  const response = await call('POST', '/api/auth/login', { body: { username, password: secretWord } });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.token as string;
}

beforeAll(async () => {
  pipeline = await startPipeline({ kafkaBrokers: inject('kafkaBrokers'), elasticsearchUrl: inject('elasticsearchUrl'), runId });
  apiConfig = {
    indices: pipeline.indices,
    topics: pipeline.topics,
    indexPrefix: `${runId}-`,
    tokenSecret: secret,
    tokenTtlMs: 3600_000,
    login: { maxFailuresPerUser: 5, maxFailuresPerAddress: 30, windowMs: 60_000 },
    commandWaitMs: 15_000,
    demoUsers: true,
    pipeline: { groups: { ingest: `${runId}.ingest`, triage: `${runId}.triage`, tracker: `${runId}.tracker` }, admissionLimit: 3_000 },
  };
  apiDeps = {
    elasticsearch: pipeline.elasticsearch,
    kafka: pipeline.kafka,
    producer: pipeline.producer,
    logger: createLogger({ service: 'api', level: 'error' }),
    departments: loadCityConfig(fileURLToPath(new URL('../../../config/city', import.meta.url))).departments,
    calendar: loadSlaConfig(fileURLToPath(new URL('../../../config', import.meta.url))).calendar,
  };
  api = await createApi(apiConfig, apiDeps);
  const messages = [
    message('1', '小区物业乱收停车费', 'A3区东湖街道锦绣华庭小区物业没有经过业主大会同意，把地下停车场的停车费从每月一百元涨到三百元，请住建部门查处。'),
    message('2', '自来水水压低', 'A3区东湖街道幸福里小区连续一周自来水水压很低，五楼以上没有水，请供水公司尽快处理。'),
  ];
  await pipeline.producer.send({ topic: pipeline.topics.intake, acks: -1, messages: messages.map((m) => ({ value: JSON.stringify(m) })) });
  const repository = createTicketRepository(pipeline.elasticsearch, pipeline.indices);
  const settled = (doc: TicketDocument | undefined) => doc?.status === 'routed' || doc?.status === 'manual_triage';
  [ticket, otherTicket] = await Promise.all(messages.map((m) => eventually(() => repository.get(ticketIdFor('phone', m.sourceId)), settled, { timeoutMs: 60_000, what: `ticket ${m.sourceId}` }) as Promise<TicketDocument>)) as [TicketDocument, TicketDocument];

  tokens.admin = await login('admin', DEMO_PASSWORD);
  tokens.operator = await login('operator', DEMO_PASSWORD);
  tokens.analyst = await login('analyst', DEMO_PASSWORD);
  // Both tickets end up with known departments: routed by the operator through the API when the machine did not.
  for (const [doc, department] of [[ticket, { id: 'a3-housing', name: 'A3区住房和城乡建设局' }], [otherTicket, { id: 'a-water-supply', name: 'A市供水有限公司' }]] as const) {
    if (doc.department?.id === department.id) continue;
    const routed = await call('POST', `/api/tickets/${doc.ticketId}/commands/reroute`, { token: tokens.operator, body: { department } });
    expect(routed.status, JSON.stringify(routed.body)).toBe(200);
  }
  for (const [username, departmentId] of [['dept.own', 'a3-housing'], ['dept.other', 'a-water-supply']] as const) {
    const added = await call('POST', '/api/admin/users', { token: tokens.admin, body: { username, password, displayName: username, role: 'department', departmentId } });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    tokens[username] = await login(username);
  }
}, 180_000);

afterAll(async () => {
  await api?.close();
  await pipeline?.stop();
});

describe('authentication', () => {
  it('refuses wrong passwords and unknown users alike, and rate-limits repeated failures even for the right password', async () => {
    const wrong = await call('POST', '/api/auth/login', { body: { username: 'analyst', password: 'not-the-password' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('BAD_CREDENTIALS');
    const unknown = await call('POST', '/api/auth/login', { body: { username: 'nobody.here', password: 'whatever-123' } });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.code).toBe('BAD_CREDENTIALS');

    const added = await call('POST', '/api/admin/users', { token: tokens.admin, body: { username: 'target.user', password, displayName: '被猜测的用户', role: 'analyst' } });
    expect(added.status).toBe(201);
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await call('POST', '/api/auth/login', { body: { username: 'target.user', password: `guess-${attempt}-guess` } })).status).toBe(401);
    }
    const limited = await call('POST', '/api/auth/login', { body: { username: 'target.user', password } });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('rejects missing, tampered, foreign, expired and logged-out tokens', async () => {
    expect((await call('GET', '/api/tickets')).body.error.code).toBe('UNAUTHENTICATED');
    const [payload, signature] = tokens.analyst!.split('.');
    const tampered = `${Buffer.from(JSON.stringify({ sub: 'admin', sid: 'x', exp: 4_000_000_000 })).toString('base64url')}.${signature}`;
    expect((await call('GET', '/api/tickets', { token: tampered })).status).toBe(401);
    const foreign = createTokenSigner('another-secret-that-is-long-enough-987654').issue(JSON.parse(Buffer.from(payload!, 'base64url').toString()));
    expect((await call('GET', '/api/tickets', { token: foreign })).status).toBe(401);
    const expired = createTokenSigner(secret).issue({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), exp: Math.floor(Date.now() / 1000) - 1 });
    const expiredAnswer = await call('GET', '/api/tickets', { token: expired });
    expect(expiredAnswer.status).toBe(401);
    expect(expiredAnswer.body.error.code).toBe('TOKEN_EXPIRED');

    const token = await login('analyst', DEMO_PASSWORD);
    expect((await call('GET', '/api/auth/me', { token })).body.user.role).toBe('analyst');
    expect((await call('POST', '/api/auth/logout', { token })).status).toBe(200);
    expect((await call('GET', '/api/auth/me', { token })).status).toBe(401);
  });
});

describe('department scoping', () => {
  it('answers 404 to another department on every ticket route, as for a ticket that does not exist', async () => {
    const id = ticket.ticketId;
    expect((await call('GET', `/api/tickets/${id}`, { token: tokens['dept.own'] })).status).toBe(200);
    const asOther = await call('GET', `/api/tickets/${id}`, { token: tokens['dept.other'] });
    const missing = await call('GET', '/api/tickets/no-such-ticket', { token: tokens['dept.other'] });
    expect(asOther.status).toBe(404);
    expect(asOther.body).toEqual(missing.body);
    const command = await call('POST', `/api/tickets/${id}/commands/signFor`, { token: tokens['dept.other'], body: {} });
    expect(command.status).toBe(404);

    const own = await call('GET', '/api/tickets?pageSize=100', { token: tokens['dept.own'] });
    expect(own.body.items.map((item: { ticketId: string }) => item.ticketId)).toEqual([id]);
    expect(own.body.total).toBe(1);
    const other = await call('GET', '/api/tickets?pageSize=100', { token: tokens['dept.other'] });
    expect(other.body.items.map((item: { ticketId: string }) => item.ticketId)).toEqual([otherTicket.ticketId]);
    for (const bucket of other.body.facets.department) expect(bucket.key).toBe('a-water-supply');
    const board = await call('GET', '/api/sla/board', { token: tokens['dept.other'] });
    for (const item of [...board.body.red, ...board.body.yellow]) expect(item.department.id).toBe('a-water-supply');
    const live = await call('GET', '/api/live?since=2000-01-01', { token: tokens['dept.other'] });
    expect(live.body.items.map((item: { ticketId: string }) => item.ticketId)).not.toContain(id);
  });

  it('keeps departments out of the operator, analyst and admin routes', async () => {
    for (const url of ['/api/triage', '/api/work-queue?queue=followUp', '/api/stats/trends', '/api/stats/hotspots', '/api/stats/departments', '/api/dlq']) {
      expect((await call('GET', url, { token: tokens['dept.own'] })).status, url).toBe(403);
    }
    expect((await call('POST', '/api/admin/users', { token: tokens.operator, body: { username: 'evil.user', password, displayName: 'x', role: 'admin' } })).status).toBe(403);
  });
});

describe('what each role sees', () => {
  it('masks contact data for analysts and shows it to the handling department and operators', async () => {
    const asAnalyst = await call('GET', `/api/tickets/${ticket.ticketId}`, { token: tokens.analyst });
    expect(asAnalyst.status).toBe(200);
    expect(asAnalyst.body.ticket.contact).toBeUndefined();
    expect(asAnalyst.body.ticket.restricted).toBeUndefined();
    expect(JSON.stringify(asAnalyst.body)).not.toContain('13812345678');
    const asOperator = await call('GET', `/api/tickets/${ticket.ticketId}`, { token: tokens.operator });
    expect(asOperator.body.ticket.contact.phone).toBe('13812345678');
    const asDepartment = await call('GET', `/api/tickets/${ticket.ticketId}`, { token: tokens['dept.own'] });
    expect(asDepartment.body.ticket.contact.name).toBe('张先生');
    expect(asOperator.body.history.map((entry: { type: string }) => entry.type)).toContain('TicketReceived');
    expect(asOperator.body.history.every((entry: { summary: string }) => entry.summary.length > 0)).toBe(true);
    const search = await call('GET', `/api/tickets?q=${encodeURIComponent('水压')}`, { token: tokens.analyst });
    expect(JSON.stringify(search.body)).not.toContain('13812345678');
  });

  it('does not let analysts act on tickets or read dead letters', async () => {
    expect((await call('POST', `/api/tickets/${ticket.ticketId}/commands/escalate`, { token: tokens.analyst, body: { note: '催办' } })).status).toBe(403);
    expect((await call('GET', '/api/dlq', { token: tokens.analyst })).status).toBe(403);
  });
});

describe('search', () => {
  it('finds tickets by Chinese words, highlights the original text and counts facets', async () => {
    const result = await call('GET', `/api/tickets?q=${encodeURIComponent('小区 物业 停车')}`, { token: tokens.analyst });
    expect(result.status).toBe(200);
    expect(result.body.items.map((item: { ticketId: string }) => item.ticketId)).toEqual([ticket.ticketId]);
    const highlighted = [...(result.body.items[0].highlights?.title ?? []), ...(result.body.items[0].highlights?.body ?? [])].join('');
    expect(highlighted).toMatch(/<mark>[^<]*物业[^<]*<\/mark>/);
    expect(highlighted).not.toMatch(/<mark>[^<]*\s[^<]*<\/mark>/); // marks sit on the original text, not on space-separated tokens
    expect(result.body.facets.category.reduce((sum: number, bucket: { count: number }) => sum + bucket.count, 0)).toBe(1);
    const syntax = await call('GET', `/api/tickets?q=${encodeURIComponent('物业 AND (status:* OR "')}`, { token: tokens.analyst });
    expect(syntax.status).toBe(200);
  });
});

describe('department rates (部门考核)', () => {
  it('gives analysts a row per department and the command center its own 按时回访率, none before any 回访', async () => {
    const rates = await call('GET', '/api/stats/departments', { token: tokens.analyst });
    expect(rates.status).toBe(200);
    expect(rates.body.center).toEqual({ followUpOnTimeRate: null, counts: { followedUpOnTime: 0, followUpJudged: 0 } });
    expect(rates.body.rows.map((row: { departmentId: string }) => row.departmentId)).toEqual(expect.arrayContaining(['a3-housing', 'a-water-supply']));
    expect(rates.body.rows[0]).not.toHaveProperty('followUpOnTimeRate');
  });
});

describe('commands', () => {
  it('applies a department command with read-your-writes, and answers 409 for a stale If-Match and 422 for an illegal move', async () => {
    const detail = (await call('GET', `/api/tickets/${ticket.ticketId}`, { token: tokens['dept.own'] })).body;
    const before = detail.ticket;
    expect(detail.commands).toEqual(['signFor', 'return']);
    expect((await call('GET', `/api/tickets/${ticket.ticketId}`, { token: tokens.analyst })).body.commands).toEqual([]);
    const stale = await call('POST', `/api/tickets/${ticket.ticketId}/commands/signFor`, { token: tokens['dept.own'], body: {}, headers: { 'if-match': String(before.version - 1) } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('STALE_VERSION');
    expect(stale.body.ticket.version).toBe(before.version);
    const signed = await call('POST', `/api/tickets/${ticket.ticketId}/commands/signFor`, { token: tokens['dept.own'], body: {}, headers: { 'if-match': String(before.version) } });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    expect(signed.body.ticket.status).toBe('signed_for');
    expect(signed.body.ticket.version).toBe(before.version + 1);
    expect(signed.body.commands).toEqual(expect.arrayContaining(['reply', 'resolve', 'return', 'requestExtension']));
    expect(signed.body.commands).not.toContain('signFor');
    const again = await call('POST', `/api/tickets/${ticket.ticketId}/commands/signFor`, { token: tokens['dept.own'], body: {} });
    expect(again.status).toBe(422);
    expect(again.body.error.message.length).toBeGreaterThan(0);
  });

  it('records the first contact (先行联系) once: the inbox row shows its deadline until then, and the history says how', async () => {
    const url = `/api/tickets/${ticket.ticketId}/commands/contact`;
    const row = async () => ((await call('GET', '/api/tickets?pageSize=100', { token: tokens['dept.own'] })).body.items as Array<{ ticketId: string; firstContactBy?: string }>).find((item) => item.ticketId === ticket.ticketId);
    const before = (await call('GET', `/api/tickets/${ticket.ticketId}`, { token: tokens['dept.own'] })).body;
    expect(before.commands).toContain('contact');
    expect((await row())?.firstContactBy).toBe(before.ticket.sla.firstContactBy);

    const unknownWay = await call('POST', url, { token: tokens['dept.own'], body: { method: 'carrier-pigeon' } });
    expect(unknownWay.status).toBe(400);
    expect(unknownWay.body.error.message).toContain('method');
    expect((await call('POST', url, { token: tokens['dept.other'], body: { method: 'phone' } })).status).toBe(404);

    const contacted = await call('POST', url, { token: tokens['dept.own'], body: { method: 'visit', note: '已上门查看停车场收费公示' } });
    expect(contacted.status, JSON.stringify(contacted.body)).toBe(200);
    expect(contacted.body.ticket).toMatchObject({ status: 'signed_for', version: before.ticket.version + 1, handling: { firstContactMethod: 'visit' } });
    expect(contacted.body.commands).not.toContain('contact');
    // Lists are searches: the row changes once the index refreshes (within its half-second interval).
    await eventually(row, (item) => item !== undefined && item.firstContactBy === undefined, { timeoutMs: 10_000, what: 'the inbox row without its first-contact deadline' });
    expect((await call('POST', url, { token: tokens['dept.own'], body: { method: 'phone' } })).status).toBe(422);
    // The audit index refreshes once a second while it is being read.
    const summaries = async () => ((await call('GET', `/api/tickets/${ticket.ticketId}`, { token: tokens.operator })).body.history as Array<{ summary: string }>).map((entry) => entry.summary);
    await eventually(summaries, (list) => list.includes('先行联系（上门）：已上门查看停车场收费公示'), { timeoutMs: 10_000, what: 'the 先行联系 in the history' });
  });

  it('rejects oversize and malformed input with a clear 4xx and writes nothing', async () => {
    const repository = createTicketRepository(pipeline.elasticsearch, pipeline.indices);
    const before = await repository.get(otherTicket.ticketId);
    const url = `/api/tickets/${otherTicket.ticketId}/commands/reply`;
    const oversize = await call('POST', url, { token: tokens['dept.other'], body: { message: '很长'.repeat(20_000) } });
    expect(oversize.status).toBe(413);
    expect(oversize.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    const broken = await call('POST', url, { token: tokens['dept.other'], payload: '{"message": "未写完' });
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('BAD_JSON');
    const wrongType = await call('POST', url, { token: tokens['dept.other'], body: { message: 42 } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.message).toContain('message');
    const nowhere = await call('POST', `/api/tickets/${otherTicket.ticketId}/commands/reroute`, { token: tokens.operator, body: { department: { id: 'no-such-office', name: '不存在的单位' } } });
    expect(nowhere.status).toBe(400);
    expect(nowhere.body.error.message).toContain('no-such-office');
    const unknownCommand = await call('POST', `/api/tickets/${otherTicket.ticketId}/commands/delete`, { token: tokens.operator, body: {} });
    expect(unknownCommand.status).toBe(400);
    for (const query of ['pageSize=1000', 'page=500&pageSize=100', `q=${'长'.repeat(201)}`, 'from=yesterday', 'status=unknown', 'page=0']) {
      const answer = await call('GET', `/api/tickets?${query}`, { token: tokens.operator });
      expect(answer.status, query).toBe(400);
      expect(answer.body.error.code).toBe('VALIDATION_FAILED');
    }
    const login = await call('POST', '/api/auth/login', { body: { username: 'x'.repeat(65), password: 'y' } });
    expect(login.status).toBe(400);
    const after = await repository.get(otherTicket.ticketId);
    expect(after?.version).toBe(before?.version);
    expect(after?.appliedEventIds).toEqual(before?.appliedEventIds);
  });
});

describe('operators and admins', () => {
  it('lists dead letters with their reasons and replays them', async () => {
    await pipeline.producer.send({ topic: pipeline.topics.intake, acks: -1, messages: [{ value: Buffer.from('{"schemaVersion":1,"body":') }] });
    const listed = await eventually(() => call('GET', '/api/dlq?topic=intake', { token: tokens.admin }), (answer) => answer.body.total >= 1, { timeoutMs: 30_000, what: 'the dead letter' });
    const item = listed.body.items[0];
    expect(item.code).toBe('NOT_JSON');
    expect(Buffer.from(item.valueBase64, 'base64').toString()).toBe('{"schemaVersion":1,"body":');
    const replay = await call('POST', '/api/dlq/replay', { token: tokens.admin, body: { topic: 'intake', offsets: [item.offset] } });
    expect(replay.body).toEqual({ replayed: 1 });
  });

  it("shows operators each stage's backlog from the services' consumer groups, and nobody else", async () => {
    const before = await call('GET', '/api/pipeline', { token: tokens.operator });
    expect(before.status, JSON.stringify(before.body)).toBe(200);
    expect(before.body.admissionLimit).toBe(3_000);
    // Once the services have handled three more messages (and everything before), every stage is back to zero.
    const late = ['3', '4', '5'].map((n) => message(n, '路灯不亮', `A3区东湖街道锦绣华庭小区门口路灯${n}号已经坏了一周，晚上很黑。`));
    await pipeline.producer.send({ topic: pipeline.topics.intake, acks: -1, messages: late.map((m) => ({ value: JSON.stringify(m) })) });
    const settled = await eventually(
      () => call('GET', '/api/pipeline', { token: tokens.admin }),
      (answer) => answer.status === 200 && answer.body.backlog.intake === 0 && answer.body.backlog.triage === 0 && answer.body.backlog.tracker === 0,
      { timeoutMs: 60_000, what: 'every stage to catch up' },
    );
    expect(settled.body.intakeHeld).toBe(false);
    // Groups that have read nothing: their backlog is everything the topics hold, as the broker counts it.
    const unread = await createApi({ ...apiConfig, demoUsers: false, pipeline: { groups: { ingest: `${runId}.nobody`, triage: `${runId}.nobody`, tracker: `${runId}.nobody` }, admissionLimit: 3_000 } }, apiDeps);
    const admin = pipeline.kafka.admin();
    await admin.connect();
    try {
      const total = async (topic: string) => (await admin.fetchTopicOffsets(topic)).reduce((sum, { high, low }) => sum + Number(high) - Number(low), 0);
      const answer = await unread.inject({ method: 'GET', url: '/api/pipeline', headers: { authorization: `Bearer ${tokens.operator}` } });
      const events = await total(pipeline.topics.ticketEvents);
      expect(JSON.parse(answer.body).backlog).toEqual({ intake: await total(pipeline.topics.intake), triage: events, tracker: events });
      expect(events).toBeGreaterThan(10);
    } finally {
      await admin.disconnect();
      await unread.close();
    }
    for (const role of ['analyst', 'dept.own'] as const) {
      expect((await call('GET', '/api/pipeline', { token: tokens[role] })).status).toBe(403);
    }
  });

  it('says how far the holiday calendar reaches, and warns when it is about to end or has ended', async () => {
    const calendar = { coveredYears: [2025, 2026] };
    const at = async (iso: string) => {
      const dated = await createApi({ ...apiConfig, demoUsers: false }, { ...apiDeps, calendar, now: () => new Date(iso) });
      // A department's own login, valid at that API's clock.
      const claims = JSON.parse(Buffer.from(tokens['dept.own']!.split('.')[0]!, 'base64url').toString());
      const token = createTokenSigner(secret).issue({ ...claims, exp: Math.floor(new Date(iso).getTime() / 1000) + 3600 });
      try {
        const answer = await dated.inject({ method: 'GET', url: '/api/sla/calendar', headers: { authorization: `Bearer ${token}` } });
        expect(answer.statusCode, answer.body).toBe(200);
        return JSON.parse(answer.body) as { coveredYears: number[]; warning: unknown };
      } finally {
        await dated.close();
      }
    };
    expect(await at('2026-06-01T09:00:00+08:00')).toEqual({ coveredYears: [2025, 2026], warning: null });
    expect((await at('2026-11-27T09:00:00+08:00')).warning).toEqual({ code: 'SLA_CALENDAR_ENDING', missingYear: 2027, coveredUntil: '2026-12-31', daysLeft: 34 });
    expect((await at('2027-01-04T09:00:00+08:00')).warning).toEqual({ code: 'SLA_CALENDAR_NOT_COVERED', missingYear: 2027 });
    // Every role sees it: the API under test reads the project's own config/holidays.json.
    for (const role of ['admin', 'operator', 'analyst', 'dept.own'] as const) {
      const answer = await call('GET', '/api/sla/calendar', { token: tokens[role] });
      expect(answer.status).toBe(200);
      expect(answer.body.coveredYears).toContain(2026);
    }
  });

  it('answers /health when Elasticsearch is up', async () => {
    expect((await call('GET', '/health')).status).toBe(200);
  });

  it('documents every route in the OpenAPI document', async () => {
    const document = (await call('GET', '/api/openapi.json')).body;
    for (const path of ['/api/auth/login', '/api/tickets', '/api/tickets/{id}', '/api/tickets/{id}/similar', '/api/tickets/{id}/commands/{command}', '/api/triage', '/api/work-queue', '/api/sla/board', '/api/sla/calendar', '/api/pipeline', '/api/stats/departments', '/api/dlq', '/api/dlq/replay']) {
      expect(document.paths[path], path).toBeDefined();
    }
    expect(document.paths['/api/tickets'].get.parameters.map((p: { name: string }) => p.name)).toContain('q');
  });
});

describe('similar tickets (疑似重复)', () => {
  it('offers look-alikes of a ticket, most similar first, within the department scope, leaves merged ones out and lists them under their master', async () => {
    const sameIssue = [
      message('similar-1', '锦绣华庭停车费涨价', 'A3区东湖街道锦绣华庭小区物业擅自把地下停车场停车费从每月一百元涨到三百元，没有经过业主大会，请住建部门查处。'),
      message('similar-2', '锦绣华庭小区停车费', '锦绣华庭小区物业未经业主大会同意上调地下停车场停车费，一百元涨到三百元，业主意见很大。'),
    ];
    await pipeline.producer.send({ topic: pipeline.topics.intake, acks: -1, messages: sameIssue.map((m) => ({ value: JSON.stringify(m) })) });
    const repository = createTicketRepository(pipeline.elasticsearch, pipeline.indices);
    const [third, fourth] = await Promise.all(sameIssue.map((m) => eventually(() => repository.get(ticketIdFor('phone', m.sourceId)), (doc) => doc?.status === 'routed' || doc?.status === 'manual_triage', { timeoutMs: 60_000, what: `ticket ${m.sourceId}` }) as Promise<TicketDocument>)) as [TicketDocument, TicketDocument];
    // The third goes to the housing department that has the first, the fourth to another one.
    for (const [doc, department] of [[third, { id: 'a3-housing', name: 'A3区住房和城乡建设局' }], [fourth, { id: 'a3-urban-management', name: 'A3区城市管理和综合执法局' }]] as const) {
      if (doc.department?.id === department.id) continue;
      const routed = await call('POST', `/api/tickets/${doc.ticketId}/commands/reroute`, { token: tokens.operator, body: { department } });
      expect(routed.status, JSON.stringify(routed.body)).toBe(200);
    }
    // Searches see a change once the index refreshes (within a second); the test does not wait for that.
    const refresh = () => pipeline.elasticsearch.indices.refresh({ index: pipeline.indices.ticketsAlias });
    await refresh();
    const similar = async (token: string | undefined, id = ticket.ticketId) => {
      const response = await call('GET', `/api/tickets/${id}/similar`, { ...(token ? { token } : {}) });
      return { status: response.status, items: (response.body.items ?? []) as Array<{ ticketId: string; similarity: number; excerpt: string }> };
    };

    const seen = await similar(tokens.operator);
    expect(seen.status).toBe(200);
    expect(new Set(seen.items.map((item) => item.ticketId))).toEqual(new Set([third.ticketId, fourth.ticketId]));
    expect(seen.items.map((item) => item.similarity)).toEqual([...seen.items.map((item) => item.similarity)].sort((a, b) => b - a));
    for (const item of seen.items) expect(item.similarity).toBeGreaterThanOrEqual(0.25);
    // The water-pressure ticket in the same street is not offered.
    expect(seen.items.map((item) => item.ticketId)).not.toContain(otherTicket.ticketId);

    expect((await similar(tokens.analyst)).status).toBe(200);
    expect((await similar(tokens['dept.own'])).items.map((item) => item.ticketId)).toEqual([third.ticketId]);
    expect((await similar(tokens['dept.other'])).status).toBe(404);
    expect((await similar(undefined)).status).toBe(401);

    const merged = await call('POST', `/api/tickets/${fourth.ticketId}/commands/merge`, { token: tokens.operator, body: { into: third.ticketId } });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    await refresh();
    expect((await similar(tokens.operator)).items.map((item) => item.ticketId)).toEqual([third.ticketId]);
    // The master lists what was merged into it, for whoever handles it.
    const master = await call('GET', `/api/tickets/${third.ticketId}`, { token: tokens['dept.own'] });
    expect(master.body.merged).toMatchObject({ total: 1, items: [{ ticketId: fourth.ticketId, status: 'merged' }] });
    // Operators, who call the citizens back, see who to call; the department does not.
    expect(master.body.merged.items[0]).not.toHaveProperty('contact');
    expect((await call('GET', `/api/tickets/${third.ticketId}`, { token: tokens.operator })).body.merged.items[0].contact).toEqual({ name: '张先生', phone: '13812345678' });
    expect((await call('GET', `/api/tickets/${ticket.ticketId}`, { token: tokens.operator })).body.merged).toEqual({ total: 0, items: [] });
    // Once the look-alike is resolved, how it was answered comes with it.
    let resolved: { sla: { followUpBy: string } } | undefined;
    for (const [command, body] of [['signFor', {}], ['resolve', { summary: '已责令物业恢复原停车收费标准。' }]] as const) {
      const done = await call('POST', `/api/tickets/${third.ticketId}/commands/${command}`, { token: tokens['dept.own'], body });
      expect(done.status, JSON.stringify(done.body)).toBe(200);
      resolved = done.body.ticket;
    }
    await refresh();
    expect((await similar(tokens.operator)).items).toMatchObject([{ ticketId: third.ticketId, status: 'resolved', resolution: '已责令物业恢复原停车收费标准。' }]);
    // It now waits for its 回访, whose deadline the 待回访 queue shows.
    const followUps = (await call('GET', '/api/work-queue?queue=followUp', { token: tokens.operator })).body.items as Array<{ ticketId: string; followUpBy?: string }>;
    expect(followUps.find((item) => item.ticketId === third.ticketId)?.followUpBy).toBe(resolved?.sla.followUpBy);
    expect(resolved?.sla.followUpBy).toBeTruthy();
    // Bad parameters get a 400 that names them.
    const badWindow = await call('GET', `/api/tickets/${ticket.ticketId}/similar?days=0`, { token: tokens.operator });
    expect(badWindow).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('days') } } });
    const badQueue = await call('GET', '/api/work-queue?queue=everything', { token: tokens.operator });
    expect(badQueue).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('queue') } } });
  }, 120_000);
});
