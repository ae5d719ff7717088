/**
 * An access token cached for a platform API client (Feishu's tenant_access_token; the same shape
 * as WeCom's and DingTalk's tokens): fetched when missing or about to expire, concurrent callers
 * sharing one fetch (single flight), and dropped after the platform said it is invalid — only if
 * it is still the cached one, so many calls failing on one stale token cause one refresh.
 */

/** A fetched token and how long the platform says it lives. */
export interface FetchedToken {
  token: string;
  ttlMs: number;
}

export interface TokenCache {
  get(): Promise<string>;
  /** The platform refused `token`: the next `get` fetches a new one. */
  drop(token: string): void;
}

/** `marginMs`: refresh this long before expiry (at most a fifth of the lifetime). */
export function createTokenCache(fetchToken: () => Promise<FetchedToken>, now: () => number, marginMs: number): TokenCache {
  let cached: { token: string; expiresAt: number } | undefined;
  let inflight: Promise<string> | undefined;
  const refresh = async () => {
    const t = await fetchToken();
    cached = { token: t.token, expiresAt: now() + t.ttlMs - Math.min(marginMs, t.ttlMs / 5) };
    return t.token;
  };
  return {
    get() {
      if (cached && now() < cached.expiresAt) return Promise.resolve(cached.token);
      inflight ??= refresh().finally(() => {
        inflight = undefined;
      });
      return inflight;
    },
    drop(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}
