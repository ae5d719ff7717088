/**
 * `InstanceRepo` on TypeORM (src/app/ports.ts): one upserted row per running server process.
 */
import type { InstanceRepo } from '../../../app/ports.js';
import { param, type RepoContext } from './row-mapping.js';

export class TypeormInstanceRepo implements InstanceRepo {
  constructor(private readonly ctx: RepoContext) {}

  async beat(id: string, now: number): Promise<void> {
    const p = (n: number) => param(this.ctx.dialect, n);
    await this.ctx.em.query(`INSERT INTO instance (id, seen_at) VALUES (${p(1)}, ${p(2)}) ON CONFLICT (id) DO UPDATE SET seen_at = EXCLUDED.seen_at`, [id, now]);
  }

  async remove(id: string): Promise<void> {
    await this.ctx.em.query(`DELETE FROM instance WHERE id = ${param(this.ctx.dialect, 1)}`, [id]);
  }

  async prune(before: number): Promise<number> {
    const gone = (await this.ctx.em.query(`SELECT id FROM instance WHERE seen_at < ${param(this.ctx.dialect, 1)}`, [before])) as Array<{ id: string }>;
    if (gone.length) await this.ctx.em.query(`DELETE FROM instance WHERE seen_at < ${param(this.ctx.dialect, 1)}`, [before]);
    return gone.length;
  }
}
