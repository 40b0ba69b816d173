import { randomUUID } from 'node:crypto';
import type { Client } from '@elastic/elasticsearch';
import { z } from 'zod';
import { toStoreError } from '@hotline/store';
import { ApiError } from './errors.ts';
import { hashPassword } from './passwords.ts';

export const ROLES = ['operator', 'department', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const NewUserSchema = z
  .object({
    username: z.string().trim().min(3).max(64).regex(/^[a-z0-9._-]+$/, 'lower-case letters, digits, dot, dash or underscore'),
    password: z.string().min(10, 'at least 10 characters').max(200),
    displayName: z.string().trim().min(1).max(100),
    role: z.enum(ROLES),
    departmentId: z.string().trim().min(1).max(100).optional(),
  })
  .refine((user) => (user.role === 'department') === Boolean(user.departmentId), { message: 'a department user needs departmentId, and only a department user has one', path: ['departmentId'] });
export type NewUser = z.infer<typeof NewUserSchema>;

/** What the console and the authorisation checks know of a signed-in person. */
export interface User {
  username: string;
  displayName: string;
  role: Role;
  departmentId?: string;
  departmentName?: string;
}
interface StoredUser extends User {
  passwordHash: string;
  createdAt: string;
}
interface StoredSession {
  username: string;
  createdAt: string;
  expiresAt: string;
  revokedAt?: string;
}

const keyword = { type: 'keyword' } as const;

/** The API's own data (not ticket data): user accounts and sessions, in two small indices of their own. */
export function createUserStore(client: Client, options: { prefix: string; departmentName: (id: string) => string | undefined }) {
  const usersIndex = `${options.prefix}api-users`;
  const sessionsIndex = `${options.prefix}api-sessions`;

  async function call<T>(action: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      throw toStoreError(err, action);
    }
  }

  return {
    async install() {
      for (const [index, properties] of [
        [usersIndex, { username: keyword, displayName: keyword, role: keyword, departmentId: keyword, departmentName: keyword, passwordHash: { type: 'keyword', index: false }, createdAt: { type: 'date' } }],
        [sessionsIndex, { username: keyword, createdAt: { type: 'date' }, expiresAt: { type: 'date' }, revokedAt: { type: 'date' } }],
      ] as const) {
        const exists = await call('check api index', () => client.indices.exists({ index }));
        if (!exists) {
          await call('create api index', () => client.indices.create({ index, settings: { number_of_replicas: 0 }, mappings: { dynamic: 'strict', properties } })).catch((err: unknown) => {
            if (!String((err as Error).message).includes('resource_already_exists')) throw err;
          });
        }
      }
    },

    /** Adds a user, or replaces one with the same name when `replace` is set (a password reset). */
    async add(input: NewUser, options2: { replace?: boolean } = {}): Promise<User> {
      let departmentName: string | undefined;
      if (input.departmentId) {
        departmentName = options.departmentName(input.departmentId);
        if (!departmentName) throw new ApiError(400, 'VALIDATION_FAILED', `body.departmentId: no department ${input.departmentId} in config/city/departments.json`);
      }
      const user: StoredUser = {
        username: input.username,
        displayName: input.displayName,
        role: input.role,
        ...(input.departmentId ? { departmentId: input.departmentId, departmentName: departmentName! } : {}),
        passwordHash: await hashPassword(input.password),
        createdAt: new Date().toISOString(),
      };
      try {
        await client.index({ index: usersIndex, id: user.username, document: user, op_type: options2.replace ? 'index' : 'create', refresh: 'wait_for' });
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode === 409) throw new ApiError(409, 'USER_EXISTS', `用户 ${input.username} 已存在`);
        throw toStoreError(err, 'add user');
      }
      return publicUser(user);
    },

    /** The stored user with the password hash, for the login check; undefined when there is none. */
    async find(username: string): Promise<(User & { passwordHash: string }) | undefined> {
      const response = await call('read user', () => client.get<StoredUser>({ index: usersIndex, id: username }, { ignore: [404] }));
      return response.found && response._source ? { ...publicUser(response._source), passwordHash: response._source.passwordHash } : undefined;
    },

    async openSession(username: string, expiresAt: Date): Promise<string> {
      const sid = randomUUID();
      const session: StoredSession = { username, createdAt: new Date().toISOString(), expiresAt: expiresAt.toISOString() };
      await call('open session', () => client.index({ index: sessionsIndex, id: sid, document: session }));
      return sid;
    },

    /** Whether a session is open (not logged out); realtime get, so a logout counts at once. */
    async sessionIsOpen(sid: string, username: string): Promise<boolean> {
      const response = await call('read session', () => client.get<StoredSession>({ index: sessionsIndex, id: sid }, { ignore: [404] }));
      return Boolean(response.found && response._source && response._source.username === username && !response._source.revokedAt);
    },

    async closeSession(sid: string): Promise<void> {
      await call('close session', () => client.update({ index: sessionsIndex, id: sid, doc: { revokedAt: new Date().toISOString() } }, { ignore: [404] }));
    },
  };
}
export type UserStore = ReturnType<typeof createUserStore>;

function publicUser(user: StoredUser): User {
  return {
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    ...(user.departmentId ? { departmentId: user.departmentId } : {}),
    ...(user.departmentName ? { departmentName: user.departmentName } : {}),
  };
}
