/**
 * 看板 login without passwords (issue 11): a one-time link, signed, bound to one person, valid for
 * `LINK_TTL_MS` and usable once, opens a browser session stored in the database (so it survives
 * restarts and can be revoked) that ends at logout or after `idleMs` without use. Only hashes of
 * the secrets are stored; the link's signature (HMAC-SHA256 under a key derived from
 * SHOUDAO_SECRET) lets a forged or mangled link be refused before the database is asked.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PersonId } from '../../domain/org.js';
import type { AppDeps } from '../deps.js';
import type { WebSession } from './dashboard-ports.js';

/** A login link is valid this long. */
export const LINK_TTL_MS = 10 * 60_000;
/** A session unused this long has ended (default; `DashboardConfig.idleMs`). */
export const SESSION_IDLE_MS = 8 * 3_600_000;
/** `touch` is written at most this often per session, so reading pages does not write on every request. */
const TOUCH_EVERY_MS = 60_000;

/** Where the dashboard is and how it signs: from SHOUDAO_PUBLIC_URL / PORT and SHOUDAO_SECRET. */
export interface DashboardConfig {
  /** Base of the links the bot sends, without a trailing slash (`http://localhost:3000`). */
  publicUrl: string;
  /** HMAC key for login links. */
  signingKey: Buffer;
  idleMs?: number;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const random = (bytes: number) => randomBytes(bytes).toString('base64url');

/**
 * The signing key for links, derived from SHOUDAO_SECRET. Without one (the console, a trial) it is
 * derived from `seed` (the database URL), so that `npx shoudao link` and the running bot agree:
 * such a signature only catches mangled links, and what protects a link is its random 144-bit id,
 * known to the database by its hash only, used once, within 10 minutes.
 */
export function linkSigningKey(secret: string | undefined, seed: string): Buffer {
  return createHmac('sha256', secret ?? `unsigned:${seed}`).update('shoudao dashboard login link').digest();
}

function signature(key: Buffer, id: string): string {
  return createHmac('sha256', key).update(id).digest('base64url').slice(0, 22);
}

/** A new one-time login link for `person` (who must be in the org). */
export async function createLoginLink(deps: AppDeps, config: DashboardConfig, person: PersonId): Promise<{ url: string; expiresAt: number }> {
  const now = deps.clock.now();
  const id = random(18);
  const expiresAt = now + LINK_TTL_MS;
  await deps.store.transaction((tx) => tx.web.addLogin({ id: sha256(id), person, createdAt: now, expiresAt }));
  return { url: `${config.publicUrl}/login/${id}.${signature(config.signingKey, id)}`, expiresAt };
}

/** A new session: the cookie value (given to the browser only) and the stored row. */
export interface OpenedSession {
  cookie: string;
  session: WebSession;
}

/** Redeems a login token (`<id>.<signature>`); undefined when forged, unknown, used or expired. */
export async function redeemLoginLink(deps: AppDeps, config: DashboardConfig, token: string): Promise<OpenedSession | undefined> {
  const m = /^([A-Za-z0-9_-]{24})\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!m) return undefined;
  const expected = Buffer.from(signature(config.signingKey, m[1]!));
  if (!timingSafeEqual(expected, Buffer.from(m[2]!))) return undefined;
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const person = await tx.web.redeem(sha256(m[1]!), now);
    if (!person) return undefined;
    const cookie = random(32);
    const session: WebSession = { id: sha256(cookie), person, csrf: random(24), createdAt: now, seenAt: now };
    await tx.web.addSession(session);
    await tx.audit.append([{ at: now, actor: person, action: 'dashboard.login', entity: 'system', entityId: 'dashboard' }]);
    return { cookie, session };
  });
}

/** The live session for a cookie value, its idle clock moved on; undefined when unknown, revoked or idle too long. */
export async function sessionFor(deps: AppDeps, config: DashboardConfig, cookie: string | undefined): Promise<WebSession | undefined> {
  if (!cookie || cookie.length > 64) return undefined;
  const id = sha256(cookie);
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const s = await tx.web.session(id);
    if (!s || s.revokedAt !== undefined || now - s.seenAt > (config.idleMs ?? SESSION_IDLE_MS)) return undefined;
    if (now - s.seenAt >= TOUCH_EVERY_MS) await tx.web.touch(id, now);
    return s;
  });
}

/** Logout: the session is revoked for good. */
export async function endSession(deps: AppDeps, session: WebSession): Promise<void> {
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    await tx.web.revoke(session.id, now);
    await tx.audit.append([{ at: now, actor: session.person, action: 'dashboard.logout', entity: 'system', entityId: 'dashboard' }]);
  });
}

/** Constant-time comparison of a submitted CSRF token with the session's. */
export function csrfMatches(session: WebSession, submitted: string | undefined): boolean {
  if (!submitted) return false;
  const a = Buffer.from(session.csrf);
  const b = Buffer.from(submitted);
  return a.length === b.length && timingSafeEqual(a, b);
}
