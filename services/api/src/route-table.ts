import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ApiError, forbidden, parseInput } from './errors.ts';
import type { Role, User } from './users.ts';

export interface RouteContext<Q, B, P> {
  user: User;
  query: Q;
  body: B;
  params: P;
  request: FastifyRequest;
  reply: FastifyReply;
}

/**
 * One route: its contract (roles, zod schemas for query, body and path, a body size limit) is both what the
 * server enforces and what /api/openapi.json says, so the two cannot drift apart.
 */
export interface RouteSpec<Q extends z.ZodType, B extends z.ZodType, P extends z.ZodType> {
  method: 'GET' | 'POST';
  url: string;
  summary: string;
  tag: string;
  /** Who may call it; anyone else gets 403 (or 401 without a valid token). */
  roles: readonly Role[] | 'public';
  query?: Q;
  body?: B;
  params?: P;
  /** Bytes; requests over it get 413 before any work is done. */
  bodyLimit?: number;
  responses?: Record<number, string>;
  handler: (context: RouteContext<z.infer<Q>, z.infer<B>, z.infer<P>>) => Promise<unknown>;
}

export type Authenticate = (request: FastifyRequest) => Promise<User>;

export function createRouteTable(app: FastifyInstance, authenticate: Authenticate) {
  const specs: Array<RouteSpec<z.ZodType, z.ZodType, z.ZodType>> = [];
  const anonymous: User = { username: 'anonymous', displayName: '', role: 'analyst' };

  return {
    specs,
    add<Q extends z.ZodType = z.ZodUndefined, B extends z.ZodType = z.ZodUndefined, P extends z.ZodType = z.ZodUndefined>(spec: RouteSpec<Q, B, P>) {
      specs.push(spec as unknown as RouteSpec<z.ZodType, z.ZodType, z.ZodType>);
      app.route({
        method: spec.method,
        url: spec.url,
        bodyLimit: spec.bodyLimit ?? 16 * 1024,
        handler: async (request, reply) => {
          const user = spec.roles === 'public' ? anonymous : await authenticate(request);
          if (spec.roles !== 'public' && !spec.roles.includes(user.role)) throw forbidden(spec.summary);
          const query = spec.query ? parseInput(spec.query, request.query, 'query') : undefined;
          const params = spec.params ? parseInput(spec.params, request.params, 'params') : undefined;
          if (spec.method === 'POST' && spec.body && (request.body === undefined || request.body === null)) {
            throw new ApiError(400, 'VALIDATION_FAILED', 'body: a JSON object is required (Content-Type: application/json)');
          }
          const body = spec.body ? parseInput(spec.body, request.body, 'body') : undefined;
          return spec.handler({ user, query: query as z.infer<Q>, body: body as z.infer<B>, params: params as z.infer<P>, request, reply });
        },
      });
    },
  };
}

/** The OpenAPI 3.1 document of the routes as registered. */
export function openApiDocument(specs: Array<RouteSpec<z.ZodType, z.ZodType, z.ZodType>>, info: { title: string; version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  const schemaOf = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown>; required?: string[] };
  for (const spec of specs) {
    const path = spec.url.replace(/:(\w+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, schema] of [['query', spec.query], ['path', spec.params]] as const) {
      if (!schema) continue;
      const json = schemaOf(schema);
      for (const [name, property] of Object.entries(json.properties ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || (json.required ?? []).includes(name), schema: property });
      }
    }
    const responses: Record<string, unknown> = { 200: { description: 'OK' } };
    for (const [status, description] of Object.entries(spec.responses ?? {})) responses[status] = { description };
    if (spec.roles !== 'public') {
      responses[401] = { description: 'no valid token (UNAUTHENTICATED, TOKEN_EXPIRED)' };
      responses[403] = { description: `roles allowed: ${spec.roles.join(', ')}` };
    }
    if (spec.query || spec.body || spec.params) responses[400] = { description: 'VALIDATION_FAILED: the message names each bad field' };
    paths[path] ??= {};
    paths[path][spec.method.toLowerCase()] = {
      summary: spec.summary,
      tags: [spec.tag],
      ...(spec.roles === 'public' ? { security: [] } : { description: `Roles: ${spec.roles.join(', ')}` }),
      ...(parameters.length ? { parameters } : {}),
      ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(spec.body) } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { ...info, description: 'See docs/api.md for the shapes of the answers and the error codes. Errors: { error: { code, message, retriable } }.' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths,
  };
}
