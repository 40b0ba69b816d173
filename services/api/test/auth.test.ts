import { describe, expect, it } from 'vitest';
import { createLoginLimiter } from '../src/login-limiter.ts';
import { hashPassword, verifyPassword } from '../src/passwords.ts';
import { createTokenSigner } from '../src/tokens.ts';

describe('passwords', () => {
  it('verifies the right password only, with a fresh salt each time', async () => {
    const first = await hashPassword('正确的密码-correct');
    const second = await hashPassword('正确的密码-correct');
    expect(first).not.toBe(second);
    expect(first).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword('正确的密码-correct', first)).toBe(true);
    expect(await verifyPassword('正确的密码-correcT', first)).toBe(false);
    expect(await verifyPassword('anything', 'md5$abc')).toBe(false);
  });
});

describe('tokens', () => {
  const signer = createTokenSigner('a-secret-of-at-least-32-characters!!');
  const now = new Date('2026-03-02T08:00:00Z');
  const exp = Math.floor(now.getTime() / 1000) + 60;

  it('round-trips its own claims', () => {
    expect(signer.verify(signer.issue({ sub: 'wang', sid: 's1', exp }), now)).toEqual({ sub: 'wang', sid: 's1', exp });
  });

  it('refuses changed claims, other secrets, garbage and expired tokens with 401 codes', () => {
    const token = signer.issue({ sub: 'wang', sid: 's1', exp });
    const [, signature] = token.split('.');
    const forged = `${Buffer.from(JSON.stringify({ sub: 'admin', sid: 's1', exp })).toString('base64url')}.${signature}`;
    for (const bad of [forged, createTokenSigner('another-secret-of-32-characters-!!!').issue({ sub: 'wang', sid: 's1', exp }), 'abc', 'a.b', '']) {
      expect(() => signer.verify(bad, now)).toThrow(expect.objectContaining({ status: 401, code: 'UNAUTHENTICATED' }));
    }
    expect(() => signer.verify(token, new Date((exp + 1) * 1000))).toThrow(expect.objectContaining({ status: 401, code: 'TOKEN_EXPIRED' }));
  });
});

describe('login limiter', () => {
  it('locks a user name after the allowed failures for the rest of the window, and a success clears it', () => {
    const limiter = createLoginLimiter({ maxFailuresPerUser: 3, maxFailuresPerAddress: 100, windowMs: 60_000 });
    for (let i = 0; i < 3; i++) limiter.recordFailure('li', '10.0.0.1', 1_000 + i);
    expect(limiter.retryAfterSeconds('li', '10.0.0.9', 2_000)).toBe(59);
    expect(limiter.retryAfterSeconds('zhang', '10.0.0.1', 2_000)).toBe(0);
    expect(limiter.retryAfterSeconds('li', '10.0.0.1', 61_001)).toBe(0);
    limiter.recordSuccess('li');
    expect(limiter.retryAfterSeconds('li', '10.0.0.1', 2_000)).toBe(0);
  });

  it('locks an address that sprays many user names', () => {
    const limiter = createLoginLimiter({ maxFailuresPerUser: 100, maxFailuresPerAddress: 5, windowMs: 60_000 });
    for (let i = 0; i < 5; i++) limiter.recordFailure(`user${i}`, '10.0.0.2', 1_000);
    expect(limiter.retryAfterSeconds('someone-else', '10.0.0.2', 1_000)).toBe(60);
  });
});
