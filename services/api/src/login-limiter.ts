/**
 * Failed logins, counted per user name and per client address in a sliding window. While either is over its
 * limit, every login for it is refused (a right password too): guessing costs the window, not one request.
 */
export function createLoginLimiter(options: { maxFailuresPerUser: number; maxFailuresPerAddress: number; windowMs: number }) {
  const failures = new Map<string, number[]>();
  const recent = (key: string, now: number) => (failures.get(key) ?? []).filter((at) => at > now - options.windowMs);

  return {
    /** Seconds until the next attempt may be made, or 0 when it may be made now. */
    retryAfterSeconds(username: string, address: string, now = Date.now()): number {
      let wait = 0;
      for (const [key, limit] of [[`user:${username}`, options.maxFailuresPerUser], [`addr:${address}`, options.maxFailuresPerAddress]] as const) {
        const times = recent(key, now);
        if (times.length >= limit) wait = Math.max(wait, Math.ceil((times[times.length - limit]! + options.windowMs - now) / 1000));
      }
      return wait;
    },
    recordFailure(username: string, address: string, now = Date.now()) {
      for (const key of [`user:${username}`, `addr:${address}`]) failures.set(key, [...recent(key, now), now]);
      if (failures.size > 100_000) failures.clear(); // bounded memory under a spray of names
    },
    recordSuccess(username: string) {
      failures.delete(`user:${username}`);
    },
  };
}
export type LoginLimiter = ReturnType<typeof createLoginLimiter>;
