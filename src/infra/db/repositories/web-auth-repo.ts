/**
 * `WebAuthRepo` on TypeORM (src/app/dashboard/dashboard-ports.ts): `web_login` and `web_session`,
 * keyed by the SHA-256 of the secret the browser holds.
 */
import type { WebAuthRepo, WebSession } from '../../../app/dashboard/dashboard-ports.js';
import type { PersonId } from '../../../domain/org.js';
import { WebLoginEntity, WebSessionEntity } from '../entities/web-session.entity.js';
import { param, type RepoContext } from './row-mapping.js';

export class TypeormWebAuthRepo implements WebAuthRepo {
  constructor(private readonly ctx: RepoContext) {}

  async addLogin(row: { id: string; person: PersonId; createdAt: number; expiresAt: number }): Promise<void> {
    await this.ctx.em.insert(WebLoginEntity, { ...row, usedAt: null });
  }

  /** One UPDATE … WHERE used_at IS NULL AND expires_at > now RETURNING person: the check and the mark are one step. */
  async redeem(id: string, now: number): Promise<PersonId | undefined> {
    const p = (n: number) => param(this.ctx.dialect, n);
    const sql = `UPDATE web_login SET used_at = ${p(1)} WHERE id = ${p(2)} AND used_at IS NULL AND expires_at > ${p(3)} RETURNING person`;
    const out = (await this.ctx.em.query(sql, [now, id, now])) as unknown;
    // pg through TypeORM answers [rows, count] for UPDATE … RETURNING; better-sqlite3 answers rows.
    const rows = (Array.isArray(out) && Array.isArray(out[0]) ? out[0] : out) as Array<{ person: string }>;
    return rows[0]?.person;
  }

  async addSession(s: WebSession): Promise<void> {
    await this.ctx.em.insert(WebSessionEntity, { ...s, revokedAt: s.revokedAt ?? null });
  }

  async session(id: string): Promise<WebSession | undefined> {
    const r = await this.ctx.em.findOneBy(WebSessionEntity, { id });
    if (!r) return undefined;
    const s: WebSession = { id: r.id, person: r.person, csrf: r.csrf, createdAt: r.createdAt, seenAt: r.seenAt };
    if (r.revokedAt !== null) s.revokedAt = r.revokedAt;
    return s;
  }

  async touch(id: string, now: number): Promise<void> {
    await this.ctx.em.update(WebSessionEntity, { id }, { seenAt: now });
  }

  async revoke(id: string, now: number): Promise<void> {
    await this.ctx.em.update(WebSessionEntity, { id }, { revokedAt: now });
  }
}
