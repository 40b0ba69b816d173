// The HTTP client: bearer token from sessionStorage, the API's error shape turned into ApiError, and one place that
// reacts to 401 (the session ends and the app goes back to the login view with a message).
import { ERROR_LABELS } from './labels.ts';
import type {
  CommandResponse, DeadLetter, Department, DepartmentRatesResponse, DlqTopic, HotspotsResponse, LiveResponse, LoginResponse, PipelineResponse, SlaCalendarResponse,
  SearchResponse, SimilarResponse, SlaBoardResponse, TicketCommand, TicketDetailResponse, TrendsResponse, TriageResponse, User, WorkQueueName, WorkQueueResponse,
} from './types.ts';

const TOKEN_KEY = 'hotline.console.token';
const USER_KEY = 'hotline.console.user';

export interface Session {
  token: string;
  user: User;
  expiresAt?: string;
}

export function loadSession(): Session | undefined {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const user = sessionStorage.getItem(USER_KEY);
  if (!token || !user) return undefined;
  try {
    return { token, user: JSON.parse(user) as User };
  } catch {
    return undefined;
  }
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(TOKEN_KEY, session.token);
  sessionStorage.setItem(USER_KEY, JSON.stringify(session.user));
}

export function clearSession(): void {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(USER_KEY);
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly retriable: boolean;
  readonly body: unknown;
  /** Seconds, from Retry-After (429). */
  readonly retryAfter: number | undefined;

  constructor(status: number, code: string, message: string, retriable: boolean, body: unknown, retryAfter?: number) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.retriable = retriable;
    this.body = body;
    this.retryAfter = retryAfter;
  }

  /** What to show: the code's Chinese label and the server's message when it adds something. */
  get display(): string {
    const heading = ERROR_LABELS[this.code];
    if (!heading) return this.message || `请求失败（HTTP ${this.status}）`;
    if (!this.message || this.message === heading || this.message === this.code) return heading;
    return `${heading}：${this.message}`;
  }
}

export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.display;
  if (error instanceof Error) return error.message;
  return String(error);
}

type UnauthorizedListener = (error: ApiError) => void;
let onUnauthorized: UnauthorizedListener = () => {};

/** The app registers what a 401 does (end the session, show the login view with a message). */
export function setUnauthorizedHandler(listener: UnauthorizedListener): void {
  onUnauthorized = listener;
}

export type Query = Record<string, string | number | boolean | undefined | null | ReadonlyArray<string>>;

export function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const item of value as string[]) params.append(key, item);
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

interface RequestOptions {
  method?: 'GET' | 'POST';
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** The login call: a 401 there is a wrong password, not an ended session. */
  anonymous?: boolean;
}

export interface RawResponse<T> {
  status: number;
  data: T;
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<RawResponse<T>> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  const session = loadSession();
  if (session && !options.anonymous) headers.Authorization = `Bearer ${session.token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`/api${path}${queryString(options.query)}`, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK', '网络异常，请检查连接后重试', true, undefined);
  }
  const text = await response.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (response.ok) return { status: response.status, data: data as T };

  const error = (data as { error?: { code?: string; message?: string; retriable?: boolean } } | undefined)?.error;
  const retryAfterHeader = response.headers.get('Retry-After');
  const retryAfter = retryAfterHeader && /^\d+$/.test(retryAfterHeader) ? Number(retryAfterHeader) : undefined;
  const apiError = new ApiError(
    response.status,
    error?.code ?? `HTTP_${response.status}`,
    error?.message ?? (typeof data === 'string' && data.length < 300 ? data : `请求失败（HTTP ${response.status}）`),
    error?.retriable ?? response.status >= 500,
    data,
    retryAfter,
  );
  if (response.status === 401 && !options.anonymous) onUnauthorized(apiError);
  throw apiError;
}

async function get<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
  return (await request<T>(path, { query, signal })).data;
}

/** Search and list parameters of GET /api/tickets. */
export interface TicketQuery {
  q?: string;
  from?: string;
  to?: string;
  district?: string[];
  category?: string[];
  departmentId?: string[];
  channel?: string[];
  status?: string[];
  slaLight?: string[];
  priority?: string[];
  sort?: 'relevance' | 'newest' | 'deadline' | 'urgency';
  page?: number;
  pageSize?: number;
}

/** Reads a dead-letter list whatever the exact field names the API picked (items/deadLetters, text/valueText…). */
function normalizeDeadLetters(data: unknown): DeadLetter[] {
  const record = (data ?? {}) as Record<string, unknown>;
  const list = (record.items ?? record.deadLetters ?? record.letters ?? record.records ?? (Array.isArray(data) ? data : [])) as Array<Record<string, unknown>>;
  const str = (value: unknown): string | undefined => (value === undefined || value === null ? undefined : String(value));
  return list.map((item) => {
    const headers = (item.headers ?? {}) as Record<string, unknown>;
    const original = (item.original ?? item.value ?? {}) as Record<string, unknown> | string;
    const originalObject = typeof original === 'object' ? original : {};
    return {
      offset: str(item.offset) ?? '',
      partition: item.partition === undefined ? undefined : Number(item.partition),
      code: str(item.code ?? item.errorCode ?? headers['dlq.error.code']),
      reason: str(item.reason ?? headers['dlq.error.reason']),
      source: str(item.source),
      sourceTopic: str(item.sourceTopic ?? headers['dlq.source.topic']),
      sourcePartition: str(item.sourcePartition ?? headers['dlq.source.partition']),
      sourceOffset: str(item.sourceOffset ?? headers['dlq.source.offset']),
      failedAt: str(item.failedAt ?? headers['dlq.failed.at']),
      service: str(item.service ?? headers['dlq.service']),
      key: str(item.key),
      text: str(item.text ?? item.valueText ?? item.originalText ?? originalObject.text ?? (typeof original === 'string' ? original : undefined)),
      base64: str(item.base64 ?? item.valueBase64 ?? item.originalBase64 ?? originalObject.base64),
    };
  });
}

export const api = {
  async login(username: string, password: string): Promise<LoginResponse> {
    return (await request<LoginResponse>('/auth/login', { method: 'POST', body: { username, password }, anonymous: true })).data;
  },
  async logout(): Promise<void> {
    await request('/auth/logout', { method: 'POST', body: {} }).catch(() => undefined);
  },
  me: () => get<{ user: User }>('/auth/me'),
  tickets: (query: TicketQuery, signal?: AbortSignal) => get<SearchResponse>('/tickets', query as Query, signal),
  ticket: (id: string, signal?: AbortSignal) => get<TicketDetailResponse>(`/tickets/${encodeURIComponent(id)}`, undefined, signal),
  similar: (id: string, signal?: AbortSignal) => get<SimilarResponse>(`/tickets/${encodeURIComponent(id)}/similar`, undefined, signal),
  async command(id: string, command: TicketCommand, version?: number): Promise<RawResponse<CommandResponse>> {
    const { command: name, ...fields } = command;
    return request<CommandResponse>(`/tickets/${encodeURIComponent(id)}/commands/${name}`, {
      method: 'POST',
      body: fields,
      headers: version === undefined ? {} : { 'If-Match': String(version) },
    });
  },
  departments: () => get<{ departments: Department[] }>('/departments'),
  triage: (page: number, pageSize: number, signal?: AbortSignal) => get<TriageResponse>('/triage', { page, pageSize }, signal),
  workQueue: (queue: WorkQueueName, page: number, pageSize: number, signal?: AbortSignal) => get<WorkQueueResponse>('/work-queue', { queue, page, pageSize }, signal),
  slaBoard: (signal?: AbortSignal) => get<SlaBoardResponse>('/sla/board', undefined, signal),
  slaCalendar: (signal?: AbortSignal) => get<SlaCalendarResponse>('/sla/calendar', undefined, signal),
  live: (since: string, signal?: AbortSignal) => get<LiveResponse>('/live', { since }, signal),
  pipeline: (signal?: AbortSignal) => get<PipelineResponse>('/pipeline', undefined, signal),
  trends: (query: { from?: string; to?: string; interval: string; category?: string; district?: string }, signal?: AbortSignal) =>
    get<TrendsResponse>('/stats/trends', query, signal),
  hotspots: (query: { days: number; baselineDays: number }, signal?: AbortSignal) => get<HotspotsResponse>('/stats/hotspots', query, signal),
  departmentRates: (query: { from?: string; to?: string }, signal?: AbortSignal) => get<DepartmentRatesResponse>('/stats/departments', query, signal),
  async deadLetters(topic: DlqTopic, limit: number, signal?: AbortSignal): Promise<DeadLetter[]> {
    return normalizeDeadLetters(await get<unknown>('/dlq', { topic, limit }, signal));
  },
  async replay(topic: DlqTopic, offsets?: string[]): Promise<{ replayed: number }> {
    return (await request<{ replayed: number }>('/dlq/replay', { method: 'POST', body: offsets ? { topic, offsets } : { topic } })).data;
  },
  async addUser(user: { username: string; password: string; displayName: string; role: string; departmentId?: string }): Promise<unknown> {
    return (await request<unknown>('/admin/users', { method: 'POST', body: user })).data;
  },
};
