/**
 * `InstanceRepo` on TypeORM (src/app/ports.ts): one upserted row per running server process.
 */
import type { InstanceRepo } from '../../../app/ports.js';
import { dbNowMs, param, type RepoContext } from './row-mapping.js';

export class TypeormInstanceRepo implements InstanceRepo {
  constructor(private readonly ctx: RepoContext) {}

  async beat(id: string): Promise<void> {
    await this.ctx.em.query(`INSERT INTO instance (id, seen_at) VALUES (${param(this.ctx.dialect, 1)}, ${dbNowMs(this.ctx.dialect)}) ON CONFLICT (id) DO UPDATE SET seen_at = EXCLUDED.seen_at`, [id]);
  }

  async remove(id: string): Promise<void> {
    await this.ctx.em.query(`DELETE FROM instance WHERE id = ${param(this.ctx.dialect, 1)}`, [id]);
  }

  async prune(silentForMs: number): Promise<number> {
    const old = `seen_at < ${dbNowMs(this.ctx.dialect)} - ${Math.floor(silentForMs)}`;
    const gone = await this.ctx.em.query<Array<{ id: string }>>(`SELECT id FROM instance WHERE ${old}`);
    if (gone.length) await this.ctx.em.query(`DELETE FROM instance WHERE ${old}`);
    return gone.length;
  }
}
