import { existsSync } from 'node:fs';
import type { Client } from '@elastic/elasticsearch';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { createCommandHandler, visibleTo, type CommandHandler } from '@hotline/commands';
import { CHANNELS, DEAD_LETTER_HEADERS, isRetriable, PRIORITIES, TICKET_STATUSES, TicketCommandSchema, type prefixedTopics, type TicketDocument } from '@hotline/contracts';
import { availableCommands } from '@hotline/lifecycle';
import { readDeadLetters, readGroupPositions, resendDeadLetters, type Admin, type Kafka, type Producer } from '@hotline/kafka';
import { withTimeout, type Logger } from '@hotline/runtime';
import { calendarHorizon, type WorkingCalendar } from '@hotline/sla';
import {
  computeRates, createTicketRepository, getTicketHistory, hotspots, installIndices, liveTickets, searchTickets, similarTickets, slaBoard, ticketsMergedInto, ticketTrends, triageQueue, workQueue, WORK_QUEUES, type IndexNames,
} from '@hotline/store';
import { ensureDemoUsers } from './demo-users.ts';
import { ApiError, notFound } from './errors.ts';
import { describeEvent } from './history.ts';
import { createLoginLimiter } from './login-limiter.ts';
import { DUMMY_HASH, verifyPassword } from './passwords.ts';
import { queryWords } from './query-words.ts';
import { createRouteTable, openApiDocument } from './route-table.ts';
import { createTokenSigner } from './tokens.ts';
import { createUserStore, NewUserSchema, ROLES, type User } from './users.ts';
import { toSummary, toTicketView } from './views.ts';

export interface ApiConfig {
  indices: IndexNames;
  topics: ReturnType<typeof prefixedTopics>;
  /** Prefix of the API's own indices (users, sessions). */
  indexPrefix: string;
  tokenSecret: string;
  tokenTtlMs: number;
  login: { maxFailuresPerUser: number; maxFailuresPerAddress: number; windowMs: number };
  /** How long a command waits for the projection before answering 202. */
  commandWaitMs: number;
  /** The built console (services/console/dist), served at / when present. */
  consoleDir?: string;
  /** Create the documented demo accounts when missing (scripts/start does; never on a real deployment). */
  demoUsers?: boolean;
  /**
   * The services' consumer groups, whose backlogs the command center sees (流水线积压), and ingest's admission limit
   * (INGEST_TRIAGE_BACKLOG_LIMIT), to say when intake is being held back. Without it, /api/pipeline answers 404.
   */
  pipeline?: { groups: { ingest: string; triage: string; tracker: string }; admissionLimit: number };
}

export interface ApiDeps {
  elasticsearch: Client;
  kafka: Kafka;
  producer: Producer;
  logger: Logger;
  departments: Array<{ id: string; name: string; district?: string }>;
  /** The holiday calendar the tracker's working-day deadlines use (config/holidays.json); /api/sla/calendar reports its reach. */
  calendar?: Pick<WorkingCalendar, 'coveredYears'>;
  now?: () => Date;
}

/** A query parameter that may repeat (`status=a&status=b`): always an array, at most `max` values. */
const repeated = <T extends z.ZodType>(item: T, max: number) => z.union([item, z.array(item).max(max)]).transform((value) => (Array.isArray(value) ? value : [value])).optional();
const list = repeated(z.string().max(100), 20);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'expected an ISO date such as 2026-03-01 or 2026-03-01T08:00:00+08:00').optional();
const page = { page: z.coerce.number().int().min(1).max(500).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20) };
const TicketIdParams = z.object({ id: z.string().min(1).max(100) });
/**
 * Look-alikes scoring under this share of the ticket's own score are not offered as possible duplicates: on the demo
 * data a second letter about the same broken street lamps scored about 0.5, letters sharing only a district and
 * civic words 0.1–0.2. A judgement from examples, not tuned on labelled duplicates (the data set has none).
 */
const SIMILAR_MIN_SHARE = 0.25;
const COMMAND_NAMES = TicketCommandSchema.options.map((option) => option.shape.command.value);

const SearchQuery = z.object({
  q: z.string().max(200, 'at most 200 characters').optional(),
  from: isoDate,
  to: isoDate,
  district: list,
  category: list,
  departmentId: list,
  channel: repeated(z.enum(CHANNELS), 8),
  status: repeated(z.enum(TICKET_STATUSES), 12),
  slaLight: repeated(z.enum(['green', 'yellow', 'red']), 3),
  priority: repeated(z.enum(PRIORITIES), 3),
  sort: z.enum(['relevance', 'newest', 'deadline', 'urgency']).optional(),
  ...page,
});

/** The API: authentication, role and department checks on every route, then thin calls into the store and the command handler. */
export async function createApi(config: ApiConfig, deps: ApiDeps) {
  const now = deps.now ?? (() => new Date());
  const log = deps.logger.child({ module: 'api' });
  const app: FastifyInstance = Fastify({ loggerInstance: deps.logger as unknown as FastifyBaseLogger, bodyLimit: 64 * 1024, trustProxy: false });
  const departmentsById = new Map(deps.departments.map((department) => [department.id, department]));
  const users = createUserStore(deps.elasticsearch, { prefix: config.indexPrefix, departmentName: (id) => departmentsById.get(id)?.name });
  // Idempotent: the API may start before the tracker has created the ticket indices.
  await installIndices(deps.elasticsearch, config.indices);
  await users.install();
  if (config.demoUsers) {
    const added = await ensureDemoUsers(users);
    if (added.length) log.warn({ added }, 'demo accounts created (API_DEMO_USERS): not for a real deployment');
  }
  const tokens = createTokenSigner(config.tokenSecret);
  const limiter = createLoginLimiter(config.login);
  const repository = createTicketRepository(deps.elasticsearch, config.indices);
  const commands: CommandHandler = createCommandHandler({ producer: deps.producer, repository, ticketEventsTopic: config.topics.ticketEvents, departments: deps.departments, waitMs: config.commandWaitMs });

  app.setErrorHandler((error: FastifyError | ApiError | Error, request, reply) => {
    if (error instanceof ApiError) {
      return reply.status(error.status).headers(error.headers).send({ error: { code: error.code, message: error.message, retriable: error.retriable }, ...error.body });
    }
    const code = (error as FastifyError).code;
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.status(413).send({ error: { code: 'PAYLOAD_TOO_LARGE', message: '请求内容过大', retriable: false } });
    if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return reply.status(415).send({ error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'send JSON (Content-Type: application/json)', retriable: false } });
    if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (error as FastifyError).statusCode === 400) {
      return reply.status(400).send({ error: { code: 'BAD_JSON', message: `body: not valid JSON (${error.message})`, retriable: false } });
    }
    if (code === 'VALIDATION_FAILED') {
      // The store's own limits (result window, words, dates) are the caller's to fix.
      return reply.status(400).send({ error: { code: 'VALIDATION_FAILED', message: error.message, retriable: false } });
    }
    if (isRetriable(error)) {
      log.warn({ err: error, url: request.url }, 'engine unavailable');
      return reply.status(503).header('Retry-After', '5').send({ error: { code: code ?? 'UNAVAILABLE', message: '服务暂时不可用，请稍后重试', retriable: true } });
    }
    log.error({ err: error, url: request.url }, 'request failed');
    return reply.status(500).send({ error: { code: 'INTERNAL', message: '服务器内部错误', retriable: false } });
  });

  async function authenticate(request: FastifyRequest): Promise<User> {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(header);
    if (!match) throw new ApiError(401, 'UNAUTHENTICATED', '请先登录');
    const claims = tokens.verify(match[1]!, now());
    const [open, user] = await Promise.all([users.sessionIsOpen(claims.sid, claims.sub), users.find(claims.sub)]);
    if (!open || !user) throw new ApiError(401, 'UNAUTHENTICATED', '登录已失效，请重新登录');
    const { passwordHash: _hash, ...publicUser } = user;
    (request as FastifyRequest & { sessionId?: string }).sessionId = claims.sid;
    return publicUser;
  }
  const routes = createRouteTable(app, authenticate);
  /** What the console may offer this user on this ticket: the lifecycle's own rules, not a copy of them. */
  const commandsFor = (ticket: TicketDocument, user: User) => (user.role === 'analyst' ? [] : availableCommands(ticket, { role: user.role, ...(user.departmentId ? { departmentId: user.departmentId } : {}) }));
  const scopeOf = (user: User) => (user.role === 'department' ? user.departmentId : undefined);
  const readable = async (ticketId: string, user: User) => {
    const ticket = await repository.get(ticketId);
    if (!ticket || !visibleTo(ticket, user)) throw notFound();
    return ticket;
  };

  /**
   * Rows for the tickets merged into one, with each citizen's name and phone for operators and admins: whoever calls
   * the master's citizen back (回访) calls these too. Lists carry no contact data, so it is read ticket by ticket, for
   * the first few only.
   */
  const MERGED_CONTACTS = 20;
  const mergedRows = (docs: Array<Parameters<typeof toSummary>[0]>, user: User) =>
    Promise.all(docs.map(async (doc, index) => {
      const row = toSummary(doc);
      if ((user.role !== 'operator' && user.role !== 'admin') || index >= MERGED_CONTACTS) return row;
      const caller = (await repository.get(doc.ticketId))?.restricted?.caller;
      return caller?.name || caller?.phone ? { ...row, contact: { ...(caller.name ? { name: caller.name } : {}), ...(caller.phone ? { phone: caller.phone } : {}) } } : row;
    }));

  // ---------------------------------------------------------------- authentication (登录)
  routes.add({
    method: 'POST', url: '/api/auth/login', tag: 'auth', roles: 'public', summary: '登录', bodyLimit: 2 * 1024,
    body: z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(200) }),
    responses: { 401: 'BAD_CREDENTIALS', 429: 'RATE_LIMITED (Retry-After)' },
    handler: async ({ body, request }) => {
      const address = request.ip;
      const wait = limiter.retryAfterSeconds(body.username, address);
      if (wait > 0) throw new ApiError(429, 'RATE_LIMITED', `登录失败次数过多，请 ${wait} 秒后再试`, { headers: { 'Retry-After': String(wait) } });
      const user = await users.find(body.username);
      const ok = await verifyPassword(body.password, user?.passwordHash ?? DUMMY_HASH);
      if (!user || !ok) {
        limiter.recordFailure(body.username, address);
        log.warn({ username: body.username, address }, 'failed login');
        throw new ApiError(401, 'BAD_CREDENTIALS', '用户名或密码错误');
      }
      limiter.recordSuccess(body.username);
      const expiresAt = new Date(now().getTime() + config.tokenTtlMs);
      const sid = await users.openSession(user.username, expiresAt);
      const { passwordHash: _hash, ...publicUser } = user;
      log.info({ username: user.username, role: user.role }, 'signed in');
      return { token: tokens.issue({ sub: user.username, sid, exp: Math.floor(expiresAt.getTime() / 1000) }), expiresAt: expiresAt.toISOString(), user: publicUser };
    },
  });
  routes.add({ method: 'GET', url: '/api/auth/me', tag: 'auth', roles: ROLES, summary: '当前用户', handler: async ({ user }) => ({ user }) });
  routes.add({
    method: 'POST', url: '/api/auth/logout', tag: 'auth', roles: ROLES, summary: '退出登录',
    handler: async ({ request }) => {
      await users.closeSession((request as FastifyRequest & { sessionId?: string }).sessionId ?? '');
      return { ok: true };
    },
  });

  // ---------------------------------------------------------------- tickets (工单)
  routes.add({
    method: 'GET', url: '/api/tickets', tag: 'tickets', roles: ROLES, summary: '检索工单（全文、筛选、分面、分页）', query: SearchQuery,
    handler: async ({ user, query }) => {
      const words = query.q ? queryWords(query.q) : [];
      const scope = scopeOf(user);
      const result = await searchTickets(deps.elasticsearch, config.indices, {
        ...(words.length ? { words } : {}),
        ...(query.from ? { from: query.from } : {}),
        ...(query.to ? { to: query.to } : {}),
        ...(query.district ? { district: query.district } : {}),
        ...(query.category ? { category: query.category } : {}),
        ...(query.departmentId ? { departmentId: query.departmentId } : {}),
        ...(query.channel ? { channel: query.channel } : {}),
        ...(query.status ? { status: query.status } : {}),
        ...(query.slaLight ? { slaLight: query.slaLight } : {}),
        ...(query.priority ? { priority: query.priority } : {}),
        ...(scope ? { departmentScope: scope } : {}),
        sort: query.sort ?? (words.length ? 'relevance' : 'newest'),
        page: query.page,
        pageSize: query.pageSize,
      }, { departmentName: (id) => departmentsById.get(id)?.name });
      return {
        total: result.total,
        page: query.page,
        pageSize: query.pageSize,
        tookMs: result.tookMs,
        words,
        items: result.hits.map((hit) => toSummary(hit.doc, hit.highlights)),
        facets: result.facets,
      };
    },
  });
  routes.add({
    method: 'GET', url: '/api/tickets/:id', tag: 'tickets', roles: ROLES, summary: '工单详情（含处理记录与派单依据）', params: TicketIdParams,
    responses: { 404: 'NOT_FOUND (also for another department\'s ticket)' },
    handler: async ({ user, params }) => {
      const ticket = await readable(params.id, user);
      const [history, merged] = await Promise.all([
        getTicketHistory(deps.elasticsearch, config.indices, params.id),
        ticketsMergedInto(deps.elasticsearch, config.indices, params.id),
      ]);
      return {
        ticket: toTicketView(ticket, user),
        commands: commandsFor(ticket, user),
        // Duplicates merged into this ticket (并单), as list rows: its handler answers their citizens too.
        merged: { total: merged.total, items: await mergedRows(merged.tickets, user) },
        history: history.map((record) => ({
          eventId: record.eventId,
          type: record.type,
          occurredAt: record.occurredAt,
          outcome: record.outcome,
          ...(record.payload && typeof record.payload === 'object' && 'actor' in record.payload ? { actor: record.payload.actor } : {}),
          summary: describeEvent(record),
        })),
      };
    },
  });
  routes.add({
    method: 'GET', url: '/api/tickets/:id/similar', tag: 'tickets', roles: ROLES, summary: '疑似重复工单（内容相近的其他工单，供并单参考）', params: TicketIdParams,
    query: z.object({ days: z.coerce.number().int().min(1).max(365).default(90), limit: z.coerce.number().int().min(1).max(20).default(5) }),
    responses: { 404: 'NOT_FOUND (also for another department\'s ticket)' },
    handler: async ({ user, params, query }) => {
      const ticket = await readable(params.id, user);
      const scope = scopeOf(user);
      const found = await similarTickets(deps.elasticsearch, config.indices, {
        ticketId: ticket.ticketId, receivedAt: ticket.receivedAt, withinDays: query.days, limit: query.limit, minSimilarity: SIMILAR_MIN_SHARE, ...(scope ? { departmentScope: scope } : {}),
      });
      // How a look-alike was resolved is what a department answering the same complaint again wants to read.
      return { items: found.map(({ doc, similarity }) => ({ ...toSummary(doc), similarity, ...(doc.handling?.resolution ? { resolution: doc.handling.resolution } : {}) })) };
    },
  });
  routes.add({
    method: 'POST', url: '/api/tickets/:id/commands/:command', tag: 'tickets', roles: ['operator', 'department', 'admin'], summary: '办理工单（签收、答复、办结、退单、派单、督办……）',
    params: z.object({ id: z.string().min(1).max(100), command: z.enum(COMMAND_NAMES as [string, ...string[]]) }),
    body: z.record(z.string(), z.unknown()),
    bodyLimit: 16 * 1024,
    responses: { 202: 'pending: written, not yet projected; poll the ticket', 404: 'NOT_FOUND', 409: 'STALE_VERSION', 422: 'ILLEGAL_TRANSITION' },
    handler: async ({ user, params, body, request, reply }) => {
      const ifMatch = request.headers['if-match'];
      const expectedVersion = ifMatch === undefined ? undefined : Number(String(ifMatch).replaceAll('"', ''));
      if (expectedVersion !== undefined && !Number.isInteger(expectedVersion)) throw new ApiError(400, 'VALIDATION_FAILED', 'If-Match: expected the ticket version number');
      const { command: _ignored, ...fields } = body;
      const actor = { role: user.role, id: user.username, ...(user.departmentId ? { departmentId: user.departmentId } : {}) };
      const result = await commands.handle(params.id, { ...fields, command: params.command }, actor, expectedVersion === undefined ? {} : { expectedVersion });
      switch (result.status) {
        case 'applied':
          log.info({ ticketId: params.id, command: params.command, eventId: result.eventId, username: user.username }, 'command applied');
          return { status: 'applied', eventId: result.eventId, ticket: toTicketView(result.ticket, user), commands: commandsFor(result.ticket, user) };
        case 'pending':
          return reply.status(202).send({ status: 'pending', eventId: result.eventId, basedOnVersion: result.basedOnVersion, poll: `/api/tickets/${encodeURIComponent(params.id)}` });
        case 'conflict':
        case 'stale':
          throw new ApiError(409, 'STALE_VERSION', result.message, { body: { ticket: toTicketView(result.ticket, user) } });
        case 'rejected':
          if (result.code === 'NOT_YOUR_TICKET') throw notFound();
          throw new ApiError(result.code === 'FORBIDDEN_FOR_ROLE' ? 403 : 422, result.code, result.message);
        case 'not_found':
          throw notFound();
        case 'invalid':
          throw new ApiError(400, 'VALIDATION_FAILED', result.message);
      }
    },
  });
  routes.add({
    method: 'GET', url: '/api/departments', tag: 'tickets', roles: ROLES, summary: '部门列表（派单选择）',
    handler: async () => ({ departments: deps.departments }),
  });

  // ---------------------------------------------------------------- command centre (指挥中心)
  routes.add({
    method: 'GET', url: '/api/triage', tag: 'operators', roles: ['operator', 'admin'], summary: '人工分拨队列', query: z.object(page),
    handler: async ({ query }) => {
      const result = await triageQueue(deps.elasticsearch, config.indices, { page: query.page, pageSize: query.pageSize });
      return {
        total: result.total,
        items: result.hits.map((doc) => ({ ...toSummary(doc), ...(doc.manualTriage ? { manualTriage: doc.manualTriage } : {}), ...(doc.classification ? { classification: doc.classification } : {}), ...(doc.urgencyReasons ? { urgencyReasons: doc.urgencyReasons } : {}) })),
      };
    },
  });
  routes.add({
    method: 'GET', url: '/api/work-queue', tag: 'operators', roles: ['operator', 'admin'], summary: '指挥中心待办（退单审核、延期审批、待回访、不满意重办）',
    query: z.object({ queue: z.enum(WORK_QUEUES), ...page }),
    handler: async ({ query }) => {
      const result = await workQueue(deps.elasticsearch, config.indices, query.queue, { page: query.page, pageSize: query.pageSize });
      return {
        counts: result.counts,
        lateFollowUps: result.lateFollowUps,
        total: result.total,
        // What the operator decides on in each queue: the return, the request, the 办结 summary, the last 回访.
        items: result.hits.map((doc) => ({
          ...toSummary(doc),
          ...(doc.returns?.last ? { lastReturn: doc.returns.last } : {}),
          ...(doc.extension?.pending ? { extension: { pending: doc.extension.pending } } : {}),
          ...(doc.handling?.resolvedAt ? { resolvedAt: doc.handling.resolvedAt } : {}),
          ...(doc.handling?.resolution ? { resolution: doc.handling.resolution } : {}),
          ...(doc.handling?.resolvedOnTime !== undefined ? { resolvedOnTime: doc.handling.resolvedOnTime } : {}),
          ...(doc.lastFollowUp ? { lastFollowUp: { ...doc.lastFollowUp, ...(doc.followUps?.length ? { at: doc.followUps.at(-1)!.at } : {}) } } : {}),
          ...(doc.reopenCount ? { reopenCount: doc.reopenCount } : {}),
        })),
      };
    },
  });
  routes.add({
    method: 'GET', url: '/api/sla/board', tag: 'operators', roles: ROLES, summary: 'SLA 红黄牌',
    handler: async ({ user }) => {
      const scope = scopeOf(user);
      const board = await slaBoard(deps.elasticsearch, config.indices, { ...(scope ? { departmentScope: scope } : {}), limit: 100 });
      return { counts: board.counts, red: board.red.map((doc) => toSummary(doc)), yellow: board.yellow.map((doc) => toSummary(doc)) };
    },
  });
  routes.add({
    method: 'GET', url: '/api/sla/calendar', tag: 'operators', roles: ROLES, summary: '节假日日历覆盖范围（按工作日计算的办理时限以此为准）',
    handler: async () => {
      if (!deps.calendar) throw new ApiError(404, 'NOT_CONFIGURED', '未配置节假日日历');
      const horizon = calendarHorizon(deps.calendar, now());
      return {
        coveredYears: deps.calendar.coveredYears,
        // Near or past the end of the covered years: deadlines that reach the missing year count weekends only.
        warning: horizon
          ? { code: horizon.code, missingYear: horizon.missingYear, ...(horizon.coveredUntil ? { coveredUntil: horizon.coveredUntil, daysLeft: horizon.daysLeft } : {}) }
          : null,
      };
    },
  });
  routes.add({
    method: 'GET', url: '/api/live', tag: 'operators', roles: ROLES, summary: '实时受理（轮询）', query: z.object({ since: isoDate }),
    handler: async ({ user, query }) => {
      const at = now();
      const since = query.since ?? new Date(at.getTime() - 24 * 3600_000).toISOString();
      const scope = scopeOf(user);
      const docs = await liveTickets(deps.elasticsearch, config.indices, { since, ...(scope ? { departmentScope: scope } : {}), limit: 50 });
      return { now: at.toISOString(), items: docs.map((doc) => toSummary(doc)) };
    },
  });

  // One admin client for the backlog readings, connected on first use and closed with the server.
  let pipelineAdmin: Promise<Admin> | undefined;
  const connectPipelineAdmin = () => {
    pipelineAdmin ??= (async () => {
      const admin = deps.kafka.admin();
      await admin.connect();
      return admin;
    })();
    pipelineAdmin.catch(() => { pipelineAdmin = undefined; });
    return pipelineAdmin;
  };
  app.addHook('onClose', async () => {
    await (await pipelineAdmin?.catch(() => undefined))?.disconnect();
  });
  routes.add({
    method: 'GET', url: '/api/pipeline', tag: 'operators', roles: ['operator', 'admin'], summary: '流水线积压（待受理、待分拨、待入库）',
    handler: async () => {
      const pipeline = config.pipeline;
      if (!pipeline) throw new ApiError(404, 'NOT_CONFIGURED', '未配置流水线消费组，无法读取积压');
      let positions;
      try {
        // kafkajs retries for tens of seconds when the broker is away; the console asks again in 5 s anyway.
        positions = await withTimeout((async () => {
          const admin = await connectPipelineAdmin();
          const [[intake], events] = await Promise.all([
            readGroupPositions(admin, config.topics.intake, [pipeline.groups.ingest]),
            readGroupPositions(admin, config.topics.ticketEvents, [pipeline.groups.triage, pipeline.groups.tracker]),
          ]);
          return [intake!, ...events];
        })(), 5_000);
      } catch (err) {
        log.warn({ err }, 'pipeline backlog unreadable');
        throw new ApiError(503, 'KAFKA_UNAVAILABLE', '暂时无法读取消息队列积压，请稍后重试', { retriable: true });
      }
      const [intake, triage, tracker] = positions.map((position) => position.backlog) as [number, number, number];
      return {
        at: now().toISOString(),
        // Records each stage's group has not committed: messages not yet received (待受理), events triage has not
        // read (待分拨, its own output included), events not yet in Elasticsearch (待入库).
        backlog: { intake, triage, tracker },
        admissionLimit: pipeline.admissionLimit,
        // Inferred, not reported by ingest: it holds while messages wait and triage is over half the limit.
        intakeHeld: pipeline.admissionLimit > 0 && intake > 0 && triage > pipeline.admissionLimit / 2,
      };
    },
  });

  // ---------------------------------------------------------------- analysis (分析)
  const analysts = ['analyst', 'operator', 'admin'] as const;
  routes.add({
    method: 'GET', url: '/api/stats/trends', tag: 'stats', roles: analysts, summary: '趋势',
    query: z.object({ from: isoDate, to: isoDate, interval: z.enum(['day', 'week', 'month']).default('day'), category: list, district: list }),
    handler: async ({ query }) =>
      ticketTrends(deps.elasticsearch, config.indices, {
        interval: query.interval,
        ...(query.from ? { from: query.from } : {}),
        ...(query.to ? { to: query.to } : {}),
        ...(query.category ? { category: query.category } : {}),
        ...(query.district ? { district: query.district } : {}),
      }),
  });
  routes.add({
    method: 'GET', url: '/api/stats/hotspots', tag: 'stats', roles: analysts, summary: '热点（地点、类别的突增）',
    query: z.object({ days: z.coerce.number().int().min(1).max(90).default(7), baselineDays: z.coerce.number().int().min(1).max(365).default(28), asOf: isoDate }),
    handler: async ({ query }) => ({ items: await hotspots(deps.elasticsearch, config.indices, { now: query.asOf ? new Date(query.asOf) : now(), days: query.days, baselineDays: query.baselineDays }) }),
  });
  routes.add({
    method: 'GET', url: '/api/stats/departments', tag: 'stats', roles: analysts, summary: '部门考核指标', query: z.object({ from: isoDate, to: isoDate }),
    handler: async ({ query }) => {
      const period = { ...(query.from ? { from: query.from } : {}), ...(query.to ? { to: query.to } : {}), asOf: now().toISOString() };
      const [rows, [all]] = await Promise.all([
        computeRates(deps.elasticsearch, config.indices, { ...period, groupBy: 'department' }),
        computeRates(deps.elasticsearch, config.indices, { ...period, groupBy: 'all' }),
      ]);
      return {
        // 回访 is the command center's work, so its punctuality is one figure for the center, not a department's row.
        center: {
          followUpOnTimeRate: all?.onTimeFollowUpRate ?? null,
          counts: { followedUpOnTime: all?.counts.followedUpOnTime ?? 0, followUpJudged: all?.counts.followUpJudged ?? 0 },
        },
        rows: rows.map((row) => ({
          departmentId: row.key,
          departmentName: departmentsById.get(row.key)?.name ?? row.key,
          tickets: row.dispatched,
          signedForOnTimeRate: row.onTimeSignForRate,
          firstContactOnTimeRate: row.onTimeFirstContactRate,
          resolvedOnTimeRate: row.onTimeResolutionRate,
          returnRate: row.returnRate,
          satisfactionRate: row.satisfactionRate,
          resolutionRate: row.resolutionRate,
          responseRate: row.responseRate,
          reHandlingRate: row.reHandlingRate,
          counts: row.counts,
        })),
      };
    },
  });

  // ---------------------------------------------------------------- administration (管理)
  const deadLetterTopics = { intake: config.topics.intakeDeadLetter, 'ticket-events': config.topics.ticketEventsDeadLetter } as const;
  const sourceTopics = { intake: config.topics.intake, 'ticket-events': config.topics.ticketEvents } as const;
  const DlqTopic = z.enum(['intake', 'ticket-events']).default('intake');
  routes.add({
    method: 'GET', url: '/api/dlq', tag: 'admin', roles: ['admin'], summary: '死信队列', query: z.object({ topic: DlqTopic, limit: z.coerce.number().int().min(1).max(500).default(50) }),
    handler: async ({ query }) => {
      const records = await readDeadLetters(deps.kafka, deadLetterTopics[query.topic]);
      return {
        topic: query.topic,
        total: records.length,
        items: records.slice(-query.limit).reverse().map((record) => {
          const text = utf8OrUndefined(record.value);
          return {
            partition: record.partition,
            offset: record.offset,
            code: record.headers[DEAD_LETTER_HEADERS.errorCode],
            reason: record.headers[DEAD_LETTER_HEADERS.reason],
            failedAt: record.headers[DEAD_LETTER_HEADERS.failedAt],
            source: `${record.headers[DEAD_LETTER_HEADERS.sourceTopic]}/${record.headers[DEAD_LETTER_HEADERS.sourcePartition]}@${record.headers[DEAD_LETTER_HEADERS.sourceOffset]}`,
            bytes: record.value?.length ?? 0,
            valueBase64: record.value?.toString('base64') ?? null,
            // Invalid UTF-8 (one reason a message is dead-lettered) is only shown as base64.
            ...(text === undefined ? {} : { valueText: text.slice(0, 4_000) }),
          };
        }),
      };
    },
  });
  routes.add({
    method: 'POST', url: '/api/dlq/replay', tag: 'admin', roles: ['admin'], summary: '重放死信', body: z.object({ topic: DlqTopic, offsets: z.array(z.string().regex(/^\d+$/)).max(1_000).optional(), partition: z.number().int().min(0).optional() }),
    handler: async ({ body, user }) => {
      const records = await readDeadLetters(deps.kafka, deadLetterTopics[body.topic]);
      const chosen = body.offsets ? records.filter((record) => body.offsets!.includes(record.offset) && (body.partition === undefined || record.partition === body.partition)) : records;
      if (chosen.length === 0) throw new ApiError(400, 'VALIDATION_FAILED', 'body.offsets: no dead letter at these offsets');
      await resendDeadLetters(deps.producer, deadLetterTopics[body.topic], chosen, { fallbackTopic: sourceTopics[body.topic] });
      log.info({ topic: body.topic, count: chosen.length, username: user.username }, 'dead letters replayed');
      return { replayed: chosen.length };
    },
  });
  routes.add({
    method: 'POST', url: '/api/admin/users', tag: 'admin', roles: ['admin'], summary: '添加用户', body: NewUserSchema, bodyLimit: 4 * 1024,
    responses: { 409: 'USER_EXISTS' },
    handler: async ({ body, reply }) => reply.status(201).send({ user: await users.add(body) }),
  });

  // ---------------------------------------------------------------- documentation, health, console
  const document = openApiDocument(routes.specs, { title: '12345 hotline API', version: '1' });
  app.get('/api/openapi.json', async () => document);
  app.get('/api/docs', async (_request, reply) => reply.type('text/html; charset=utf-8').send(renderDocs(document)));
  app.get('/health', { logLevel: 'silent' }, async (_request, reply) => {
    // Cluster health, not ping: the minimal distribution has no `GET /`.
    const healthy = await deps.elasticsearch.cluster.health({ timeout: '2s' }).then((health) => health.status !== 'red', () => false);
    return reply.status(healthy ? 200 : 503).send({ status: healthy ? 'ok' : 'elasticsearch unavailable' });
  });
  // The console routes in the URL's hash: only its files are served, read at request time so a rebuild shows at once.
  if (config.consoleDir && existsSync(config.consoleDir)) {
    await app.register(fastifyStatic, { root: config.consoleDir, prefix: '/', index: ['index.html'], wildcard: true });
  }
  app.setNotFoundHandler((request, reply) => reply.status(404).send({ error: { code: 'NO_ROUTE', message: `no route ${request.method} ${request.url.split('?')[0]}`, retriable: false } }));
  return app;
}

function utf8OrUndefined(bytes: Buffer | null): string | undefined {
  if (!bytes) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** A plain page listing the routes, for people; machines read /api/openapi.json. */
function renderDocs(document: ReturnType<typeof openApiDocument>): string {
  const escape = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  const rows = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => {
      const op = operation as { summary: string; description?: string; parameters?: Array<{ name: string }> };
      return `<tr><td><code>${method.toUpperCase()}</code></td><td><code>${escape(path)}</code></td><td>${escape(op.summary)}</td><td>${escape(op.description ?? '公开')}</td><td>${escape((op.parameters ?? []).map((p) => p.name).join(', '))}</td></tr>`;
    }));
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>12345 API 文档</title><style>body{font-family:sans-serif;margin:2rem}td,th{border-bottom:1px solid #ddd;padding:.3rem .6rem;text-align:left}</style></head><body><h1>12345 热线 API</h1><p>机器可读：<a href="/api/openapi.json">/api/openapi.json</a>（OpenAPI 3.1）。说明：docs/api.md。</p><table><thead><tr><th>方法</th><th>路径</th><th>说明</th><th>角色</th><th>参数</th></tr></thead><tbody>${rows.join('')}</tbody></table></body></html>`;
}
