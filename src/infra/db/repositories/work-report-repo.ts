import type { WorkReportRepo } from '../../../app/work-reports/work-report-ports.js';
import type { PersonId } from '../../../domain/org.js';
import type { NewWorkReport, WorkReport } from '../../../domain/work-report/work-report.js';
import { WorkReportEntity } from '../entities/work-report.entity.js';
import { dropEmpty, expectOne, nul, param, type RepoContext } from './row-mapping.js';

function fromRow(r: WorkReportEntity): WorkReport {
  return dropEmpty<WorkReport>({
    id: r.id,
    reportKey: r.reportKey,
    period: r.period,
    person: r.person,
    recipients: r.recipients,
    openedAt: r.openedAt,
    dueAt: r.dueAt,
    state: r.state,
    dutyId: r.dutyId ?? undefined,
    submittedAt: r.submittedAt ?? undefined,
    late: r.late ?? undefined,
    lateMs: r.lateMs ?? undefined,
    content: r.content ?? undefined,
    feedbackRef: r.feedbackRef ?? undefined,
  });
}

/** `%`, `_` and `\` stand for themselves in a LIKE pattern with `ESCAPE '\'`. */
const likeEscaped = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** `WorkReportRepo` on TypeORM (`work_report`). */
export class TypeormWorkReportRepo implements WorkReportRepo {
  constructor(private readonly ctx: RepoContext) {}

  async insertIfAbsent(r: NewWorkReport): Promise<WorkReport | undefined> {
    const { em, dialect } = this.ctx;
    const p = (n: number) => param(dialect, n);
    const sql =
      `INSERT INTO work_report (report_key, period, person, recipients, opened_at, due_at, state) ` +
      `VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}) ` +
      `ON CONFLICT (report_key, period, person) DO NOTHING RETURNING id`;
    const rows = (await em.query(sql, [r.reportKey, r.period, r.person, JSON.stringify(r.recipients), r.openedAt, r.dueAt, r.state])) as Array<{ id: number | string }>;
    const id = rows[0]?.id;
    return id === undefined ? undefined : { ...r, id: Number(id) };
  }

  async update(r: WorkReport): Promise<void> {
    const row: Omit<WorkReportEntity, 'id'> = {
      reportKey: r.reportKey, period: r.period, person: r.person, recipients: r.recipients, openedAt: r.openedAt, dueAt: r.dueAt, state: r.state,
      dutyId: nul(r.dutyId), submittedAt: nul(r.submittedAt), late: nul(r.late), lateMs: nul(r.lateMs), content: nul(r.content), feedbackRef: nul(r.feedbackRef),
    };
    expectOne(await this.ctx.em.update(WorkReportEntity, { id: r.id }, row), `work_report ${r.id}`);
  }

  async peopleOf(reportKey: string, period: string): Promise<PersonId[]> {
    const rows = await this.ctx.em.find(WorkReportEntity, { select: { person: true }, where: { reportKey, period } });
    return rows.map((r) => r.person);
  }

  async openForUpdate(person: PersonId): Promise<WorkReport[]> {
    const q = this.ctx.em
      .createQueryBuilder(WorkReportEntity, 'w')
      .where('w.person = :person', { person })
      .andWhere('w.state = :state', { state: 'open' })
      .orderBy('w.dueAt', 'ASC')
      .addOrderBy('w.id', 'ASC');
    if (this.ctx.dialect === 'postgres') q.setLock('pessimistic_write');
    return (await q.getMany()).map(fromRow);
  }

  async visibleTo(person: PersonId, opts: { query?: string; limit: number }): Promise<WorkReport[]> {
    const q = this.ctx.em
      .createQueryBuilder(WorkReportEntity, 'w')
      .where('w.state = :state', { state: 'submitted' })
      .andWhere(`(w.person = :person OR w.recipients LIKE :quoted ESCAPE '\\')`, { person, quoted: `%${likeEscaped(JSON.stringify(person))}%` })
      .orderBy('w.submittedAt', 'DESC')
      .addOrderBy('w.id', 'DESC')
      .limit(opts.limit);
    const text = opts.query?.trim();
    if (text) q.andWhere(`LOWER(w.content) LIKE :text ESCAPE '\\'`, { text: `%${likeEscaped(text.toLowerCase())}%` });
    return (await q.getMany()).map(fromRow);
  }

  async dueBetween(from: number, to: number): Promise<WorkReport[]> {
    const rows = await this.ctx.em
      .createQueryBuilder(WorkReportEntity, 'w')
      .where('w.dueAt >= :from', { from })
      .andWhere('w.dueAt < :to', { to })
      .orderBy('w.id', 'ASC')
      .getMany();
    return rows.map(fromRow);
  }

  async submittedLateBetween(from: number, to: number): Promise<WorkReport[]> {
    const rows = await this.ctx.em
      .createQueryBuilder(WorkReportEntity, 'w')
      .where('w.submittedAt >= :from', { from })
      .andWhere('w.submittedAt < :to', { to })
      .andWhere('w.late = :late', { late: true })
      .orderBy('w.submittedAt', 'ASC')
      .getMany();
    return rows.map(fromRow);
  }
}
