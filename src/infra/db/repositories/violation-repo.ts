import type { ViolationRepo } from '../../../app/ports.js';
import type { Violation } from '../../../domain/duty/violation.js';
import type { PersonId } from '../../../domain/org.js';
import type { DutyRule } from '../../../domain/policy.js';
import { ViolationEntity } from '../entities/violation.entity.js';
import { dropEmpty, expectOne, insertedId, nul, type RepoContext } from './row-mapping.js';

function toRow(v: Omit<Violation, 'id'>): Omit<ViolationEntity, 'id'> {
  return {
    dutyId: v.dutyId,
    person: v.person,
    rule: v.rule,
    subjectRef: v.subjectRef,
    title: v.title,
    dueAt: v.dueAt,
    month: v.month,
    tier: v.tier,
    fine: v.fine,
    resolvedAt: nul(v.resolvedAt),
    lateMs: nul(v.lateMs),
    waived: v.waived,
    waivedBy: nul(v.waivedBy),
    waiveReason: nul(v.waiveReason),
    recordedAt: v.recordedAt,
  };
}

function fromRow(r: ViolationEntity): Violation {
  return dropEmpty<Violation>({
    ...r,
    fine: Number(r.fine),
    resolvedAt: r.resolvedAt ?? undefined,
    lateMs: r.lateMs ?? undefined,
    waivedBy: r.waivedBy ?? undefined,
    waiveReason: r.waiveReason ?? undefined,
  });
}

/** `ViolationRepo` on TypeORM: `violation` rows, one per duty at most. */
export class TypeormViolationRepo implements ViolationRepo {
  constructor(private readonly ctx: RepoContext) {}

  async insert(v: Omit<Violation, 'id'>): Promise<Violation> {
    const id = insertedId(await this.ctx.em.insert(ViolationEntity, toRow(v)));
    return { ...v, id };
  }

  async update(v: Violation): Promise<void> {
    expectOne(await this.ctx.em.update(ViolationEntity, { id: v.id }, toRow(v)), `violation ${v.id}`);
  }

  async byId(id: number): Promise<Violation | undefined> {
    const row = await this.ctx.em.findOneBy(ViolationEntity, { id });
    return row ? fromRow(row) : undefined;
  }

  /**
   * PostgreSQL: `pg_advisory_xact_lock(hashtext(key))`, released at commit or rollback, so two
   * transactions deciding tiers for the same person, rule and month run one after the other
   * (a hash collision only serialises two unrelated keys, never breaks anything). SQLite: nothing
   * to do, its transactions are serial.
   */
  async lockTier(person: PersonId, rule: DutyRule, month: string): Promise<void> {
    if (this.ctx.dialect !== 'postgres') return;
    await this.ctx.em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`violation-tier:${person}:${rule}:${month}`]);
  }

  /** The month's violations of one person and rule, waived ones included, in due order. */
  async forPersonRuleMonth(person: PersonId, rule: DutyRule, month: string): Promise<Violation[]> {
    const rows = await this.ctx.em.find(ViolationEntity, {
      where: { person, rule, month },
      order: { dueAt: 'ASC', id: 'ASC' },
    });
    return rows.map(fromRow);
  }

  /** Violations matching every given criterion, in due order. */
  async list(query: { month?: string; person?: PersonId }): Promise<Violation[]> {
    const where: { month?: string; person?: PersonId } = {};
    if (query.month !== undefined) where.month = query.month;
    if (query.person !== undefined) where.person = query.person;
    const rows = await this.ctx.em.find(ViolationEntity, { where, order: { dueAt: 'ASC', id: 'ASC' } });
    return rows.map(fromRow);
  }
}
