/**
 * An access-token cache for a platform API client (WeCom gettoken, DingTalk oauth2/accessToken):
 * the token is kept until `marginMs` before it expires (at most a fifth of its lifetime), and
 * concurrent callers share one fetch (single flight). `invalidate(token)` drops the cached token
 * only if it is still that one, so many calls failing on the same stale token cause one refresh.
 */

/** A fetched token and how long the platform says it lives. */
export interface FetchedToken {
  token: string;
  ttlMs: number;
}

export interface TokenCache {
  get(): Promise<string>;
  invalidate(token: string): void;
}

export function createTokenCache(fetchToken: () => Promise<FetchedToken>, now: () => number, marginMs = 5 * 60_000): TokenCache {
  let cached: { token: string; expiresAt: number } | undefined;
  let inflight: Promise<string> | undefined;
  return {
    get() {
      if (cached && now() < cached.expiresAt) return Promise.resolve(cached.token);
      inflight ??= fetchToken()
        .then(({ token, ttlMs }) => {
          cached = { token, expiresAt: now() + ttlMs - Math.min(marginMs, ttlMs / 5) };
          return token;
        })
        .finally(() => {
          inflight = undefined;
        });
      return inflight;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}
