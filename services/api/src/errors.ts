import type { z } from 'zod';

/** An error the API answers with: an HTTP status, a stable code, a message a person can act on. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly retriable: boolean;
  readonly headers: Record<string, string>;
  readonly body: Record<string, unknown> | undefined;

  constructor(status: number, code: string, message: string, options: { retriable?: boolean; headers?: Record<string, string>; body?: Record<string, unknown> } = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.retriable = options.retriable ?? false;
    this.headers = options.headers ?? {};
    this.body = options.body;
  }
}

export const notFound = () => new ApiError(404, 'NOT_FOUND', '工单不存在或无权查看');
export const forbidden = (what: string) => new ApiError(403, 'FORBIDDEN', `当前角色无权${what}`);

/** Validates one part of a request; the message names each bad field and what was expected of it. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, part: 'query' | 'body' | 'params'): z.infer<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${[part, ...issue.path].join('.')}: ${issue.message}`);
  throw new ApiError(400, 'VALIDATION_FAILED', problems.join('; '));
}
