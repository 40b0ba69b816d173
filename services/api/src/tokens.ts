import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { ApiError } from './errors.ts';

const ClaimsSchema = z.object({
  /** user name */
  sub: z.string(),
  /** session id: revoked by logout */
  sid: z.string(),
  exp: z.number().int(),
});
export type TokenClaims = z.infer<typeof ClaimsSchema>;

/** Signed bearer tokens: base64url(JSON claims) "." base64url(HMAC-SHA256). Roles are read from the user record. */
export function createTokenSigner(secret: string) {
  const sign = (payload: string) => createHmac('sha256', secret).update(payload).digest();
  return {
    issue(claims: TokenClaims): string {
      const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
      return `${payload}.${sign(payload).toString('base64url')}`;
    },
    /** Throws 401 UNAUTHENTICATED for a token that is malformed or not ours, 401 TOKEN_EXPIRED for an old one. */
    verify(token: string, now: Date): TokenClaims {
      const [payload, signature] = token.split('.');
      const given = Buffer.from(signature ?? '', 'base64url');
      const expected = sign(payload ?? '');
      if (!payload || given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new ApiError(401, 'UNAUTHENTICATED', '登录凭证无效，请重新登录');
      }
      let claims: TokenClaims;
      try {
        claims = ClaimsSchema.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
      } catch {
        throw new ApiError(401, 'UNAUTHENTICATED', '登录凭证无效，请重新登录');
      }
      if (claims.exp * 1000 <= now.getTime()) throw new ApiError(401, 'TOKEN_EXPIRED', '登录已过期，请重新登录');
      return claims;
    },
  };
}
export type TokenSigner = ReturnType<typeof createTokenSigner>;
