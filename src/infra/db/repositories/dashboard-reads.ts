/**
 * `DashboardReads` on TypeORM (src/app/dashboard/dashboard-ports.ts): the dashboard's pages filter,
 * count and limit here, on indexes — open duties by (status, due_at), forms by (receiving_dept,
 * state), by issued_at and by id — so a page reads the rows it shows plus one COUNT.
 */
import type { SelectQueryBuilder } from 'typeorm';
import type { DashboardReads, FormAccess, FormFilter, ReadScope } from '../../../app/dashboard/dashboard-ports.js';
import type { Duty } from '../../../domain/duty/duty.js';
import type { FormState, LiaisonForm } from '../../../domain/form/form.js';
import type { Notice } from '../../../domain/notice.js';
import type { PersonId } from '../../../domain/org.js';
import { AuditLogEntity } from '../entities/audit-log.entity.js';
import { DutyEntity } from '../entities/duty.entity.js';
import { LiaisonFormEntity } from '../entities/liaison-form.entity.js';
import { NoticeEntity } from '../entities/notice.entity.js';
import { chunks } from './chunks.js';
import { dutyFromRow } from './duty-mapper.js';
import { formFromRow } from './form-mapper.js';
import { noticeFromRow } from './notice-repo.js';
import type { RepoContext } from './row-mapping.js';

const OPEN_STATES: FormState[] = ['issued', 'disputed', 'signed', 'in_progress'];

/** LIKE pattern for a plain substring: `%`, `_` and `\` match themselves (ESCAPE '\'). */
export function likeSubstring(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export class TypeormDashboardReads implements DashboardReads {
  constructor(private readonly ctx: RepoContext) {}

  async overdueDuties(now: number, scope: ReadScope, limit: number): Promise<{ duties: Duty[]; total: number }> {
    if (scope !== 'all' && scope.people.length === 0) return { duties: [], total: 0 };
    const qb = this.ctx.em
      .createQueryBuilder(DutyEntity, 'd')
      .where('d.status = :open', { open: 'open' })
      .andWhere('d.dueAt < :now', { now })
      // What the 逾期 page lists (as the digest): notices, emails, missed calls, forms' sign duties
      // and work reports not submitted (汇报制度).
      .andWhere("(d.subjectKind IN ('notice', 'report') OR d.rule = 'liaison_form')");
    if (scope !== 'all') qb.andWhere('d.person IN (:...people)', { people: scope.people });
    const total = await qb.getCount();
    const rows = await qb.orderBy('d.dueAt', 'ASC').addOrderBy('d.id', 'ASC').limit(limit).getMany();
    return { duties: rows.map(dutyFromRow), total };
  }

  async overdueForms(now: number, states: FormState[], scope: ReadScope, limit: number): Promise<{ forms: LiaisonForm[]; total: number }> {
    if (states.length === 0 || (scope !== 'all' && scope.depts.length === 0)) return { forms: [], total: 0 };
    const qb = this.ctx.em
      .createQueryBuilder(LiaisonFormEntity, 'f')
      .where('f.state IN (:...states)', { states })
      .andWhere('(f.deadline < :now OR f.escalated = :yes)', { now, yes: true });
    if (scope !== 'all') qb.andWhere('f.receivingDept IN (:...depts)', { depts: scope.depts });
    const total = await qb.getCount();
    const rows = await qb.orderBy('f.deadline', 'ASC').addOrderBy('f.id', 'ASC').limit(limit).getMany();
    return { forms: rows.map(formFromRow), total };
  }

  async forms(filter: FormFilter, access: FormAccess, page: { limit: number; offset: number }): Promise<{ forms: LiaisonForm[]; total: number }> {
    const qb = this.ctx.em.createQueryBuilder(LiaisonFormEntity, 'f');
    applyAccess(qb, access);
    if (filter.states?.length) qb.andWhere('f.state IN (:...states)', { states: filter.states });
    if (filter.dept) qb.andWhere('(f.issuingDept = :dept OR f.receivingDept = :dept)', { dept: filter.dept });
    if (filter.issuedFrom !== undefined) qb.andWhere('f.issuedAt >= :issuedFrom', { issuedFrom: filter.issuedFrom });
    if (filter.issuedTo !== undefined) qb.andWhere('f.issuedAt < :issuedTo', { issuedTo: filter.issuedTo });
    if (filter.overdueAt !== undefined) {
      qb.andWhere('f.state IN (:...open)', { open: OPEN_STATES }).andWhere('f.deadline < :overdueAt', { overdueAt: filter.overdueAt });
    }
    if (filter.text) {
      qb.andWhere("(f.subject LIKE :text ESCAPE '\\' OR f.number LIKE :text ESCAPE '\\')", { text: likeSubstring(filter.text) });
    }
    const total = await qb.getCount();
    const rows = await qb.orderBy('f.id', 'DESC').limit(page.limit).offset(page.offset).getMany();
    return { forms: rows.map(formFromRow), total };
  }

  async formsByIds(ids: number[]): Promise<LiaisonForm[]> {
    const rows: LiaisonFormEntity[] = [];
    for (const part of chunks(ids)) rows.push(...(await this.ctx.em.createQueryBuilder(LiaisonFormEntity, 'f').where('f.id IN (:...part)', { part }).getMany()));
    return rows.sort((a, b) => a.id - b.id).map(formFromRow);
  }

  async notices(person: PersonId | null, limit: number): Promise<Notice[]> {
    const qb = this.ctx.em.createQueryBuilder(NoticeEntity, 'n');
    if (person !== null) qb.where('(n.fromPerson = :person OR n.recipients LIKE :pattern)', { person, pattern: `%${JSON.stringify(person)}%` });
    const rows = await qb.orderBy('n.id', 'DESC').limit(limit).getMany();
    // The LIKE is a pre-filter on the JSON text; the exact check is on the parsed list.
    return rows.map(noticeFromRow).filter((n) => person === null || n.from === person || n.recipients.includes(person));
  }

  async dataVersion(): Promise<number> {
    const raw = await this.ctx.em.createQueryBuilder(AuditLogEntity, 'a').select('MAX(a.id)', 'v').getRawOne<{ v: number | string | null }>();
    return Number(raw?.v ?? 0);
  }
}

/** `canView` as SQL: a party's departments (member, leader, supervisor), or the issuer or an implementer. */
function applyAccess(qb: SelectQueryBuilder<LiaisonFormEntity>, access: FormAccess): void {
  if (access === 'all') return;
  const implementer = `%${JSON.stringify(access.person)}%`;
  if (access.depts.length === 0) {
    qb.andWhere('(f.issuer = :person OR f.implementers LIKE :implementer)', { person: access.person, implementer });
    return;
  }
  qb.andWhere('(f.issuingDept IN (:...depts) OR f.receivingDept IN (:...depts) OR f.issuer = :person OR f.implementers LIKE :implementer)', {
    depts: access.depts,
    person: access.person,
    implementer,
  });
}
