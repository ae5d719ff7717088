import type { FormQuery, FormRepo } from '../../../app/ports.js';
import type { DeptCode } from '../../../domain/org.js';
import type { LiaisonForm } from '../../../domain/form/form.js';
import { LiaisonFormEntity } from '../entities/liaison-form.entity.js';
import { formFromRow, formToRow } from './form-mapper.js';
import { expectOne, insertedId, param, type RepoContext } from './row-mapping.js';

/** `FormRepo` on TypeORM: forms in `liaison_form`, numbering counters in `form_sequence`. */
export class TypeormFormRepo implements FormRepo {
  constructor(private readonly ctx: RepoContext) {}

  async insert(form: Omit<LiaisonForm, 'id'>): Promise<LiaisonForm> {
    const id = insertedId(await this.ctx.em.insert(LiaisonFormEntity, formToRow(form)));
    return { ...form, id };
  }

  async update(form: LiaisonForm): Promise<void> {
    expectOne(await this.ctx.em.update(LiaisonFormEntity, { id: form.id }, formToRow(form)), `form ${form.id}`);
  }

  /** PostgreSQL: `SELECT … FOR UPDATE`. SQLite: a plain read; its transactions are serial already. */
  async getForUpdate(id: number): Promise<LiaisonForm | undefined> {
    if (this.ctx.dialect === 'sqlite') return this.byId(id);
    const row = await this.ctx.em
      .createQueryBuilder(LiaisonFormEntity, 'f')
      .where('f.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
    return row ? formFromRow(row) : undefined;
  }

  async byNumber(number: string): Promise<LiaisonForm | undefined> {
    const row = await this.ctx.em.findOneBy(LiaisonFormEntity, { number });
    return row ? formFromRow(row) : undefined;
  }

  async byId(id: number): Promise<LiaisonForm | undefined> {
    const row = await this.ctx.em.findOneBy(LiaisonFormEntity, { id });
    return row ? formFromRow(row) : undefined;
  }

  /**
   * Forms matching every given criterion, in id order. The implementer criterion is a LIKE
   * pre-filter on the JSON text (LIKE's `_` and case rules differ by dialect, so it may let
   * extra rows through) followed by an exact check on the parsed array.
   */
  async list(query: FormQuery): Promise<LiaisonForm[]> {
    const qb = this.ctx.em.createQueryBuilder(LiaisonFormEntity, 'f').orderBy('f.id', 'ASC');
    if (query.states !== undefined) {
      if (query.states.length === 0) return [];
      qb.andWhere('f.state IN (:...states)', { states: query.states });
    }
    if (query.issuingDept !== undefined) qb.andWhere('f.issuingDept = :issuingDept', { issuingDept: query.issuingDept });
    if (query.receivingDept !== undefined)
      qb.andWhere('f.receivingDept = :receivingDept', { receivingDept: query.receivingDept });
    if (query.issuer !== undefined) qb.andWhere('f.issuer = :issuer', { issuer: query.issuer });
    // NULL issued_at (drafts) never matches a comparison, so a range selects issued forms only.
    if (query.issuedFrom !== undefined) qb.andWhere('f.issuedAt >= :issuedFrom', { issuedFrom: query.issuedFrom });
    if (query.issuedTo !== undefined) qb.andWhere('f.issuedAt < :issuedTo', { issuedTo: query.issuedTo });
    if (query.involving !== undefined) {
      const { person, leads } = query.involving;
      const parts = ['f.issuer = :invPerson', 'f.implementers LIKE :invPattern'];
      if (leads.length) parts.push('f.issuingDept IN (:...invLeads)', 'f.receivingDept IN (:...invLeads)');
      qb.andWhere(`(${parts.join(' OR ')})`, { invPerson: person, invPattern: `%${JSON.stringify(person)}%`, invLeads: leads });
    }
    const implementer = query.implementer;
    if (implementer !== undefined) {
      qb.andWhere('f.implementers LIKE :pattern', { pattern: `%${JSON.stringify(implementer)}%` });
    }
    const forms = (await qb.getMany()).map(formFromRow);
    return implementer === undefined ? forms : forms.filter((f) => f.implementers.includes(implementer));
  }

  /**
   * One upsert on both dialects (SQLite ≥ 3.35 has UPSERT … RETURNING). On PostgreSQL the
   * updated counter row stays locked until commit, so concurrent issuers of the same department
   * and month queue behind it and a rollback returns the number; on SQLite transactions are
   * serial. Either way the numbers are gapless and unique.
   */
  async nextSequence(dept: DeptCode, yyyymm: string): Promise<number> {
    const { em, dialect } = this.ctx;
    const sql =
      `INSERT INTO form_sequence (dept, yyyymm, "last") VALUES (${param(dialect, 1)}, ${param(dialect, 2)}, 1) ` +
      `ON CONFLICT (dept, yyyymm) DO UPDATE SET "last" = form_sequence."last" + 1 RETURNING "last"`;
    const rows = await em.query<Array<{ last: number | string }>>(sql, [dept, yyyymm]);
    const last = rows[0]?.last;
    if (last === undefined) throw new Error('form_sequence upsert returned no row');
    return Number(last);
  }
}
