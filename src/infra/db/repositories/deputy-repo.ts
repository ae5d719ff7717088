import { MoreThan } from 'typeorm';
import type { DeputyRepo } from '../../../app/ports.js';
import type { Deputy, NewDeputy } from '../../../domain/deputy/deputy.js';
import { DeputyEntity } from '../entities/deputy.entity.js';
import type { RepoContext } from './row-mapping.js';

const toDeputy = (r: DeputyEntity): Deputy => ({
  id: r.id,
  absent: r.absent,
  deputy: r.deputy,
  from: r.from,
  until: r.until,
  ...(r.reason !== null ? { reason: r.reason } : {}),
  setBy: r.setBy,
  createdAt: r.createdAt,
  ...(r.endedAt !== null ? { endedAt: r.endedAt } : {}),
});

/** `DeputyRepo` on TypeORM. */
export class TypeormDeputyRepo implements DeputyRepo {
  constructor(private readonly ctx: RepoContext) {}

  async insert(d: NewDeputy): Promise<Deputy> {
    const row = this.ctx.em.create(DeputyEntity, { ...d, reason: d.reason ?? null, endedAt: d.endedAt ?? null });
    return toDeputy(await this.ctx.em.save(row));
  }

  async end(id: number, at: number): Promise<void> {
    await this.ctx.em.update(DeputyEntity, { id }, { endedAt: at });
  }

  /** Appointments whose end is after `at` (active now or later); ended ones are filtered by the domain. */
  async current(at: number): Promise<Deputy[]> {
    const rows = await this.ctx.em.find(DeputyEntity, { where: { until: MoreThan(at) }, order: { id: 'ASC' } });
    return rows.map(toDeputy);
  }

  /** Every appointment that overlaps [from, to) — for deciding whose a past miss was. */
  async overlapping(from: number, to: number): Promise<Deputy[]> {
    const rows = await this.ctx.em.find(DeputyEntity, { where: { until: MoreThan(from) }, order: { id: 'ASC' } });
    return rows.map(toDeputy).filter((d) => d.from < to);
  }
}
