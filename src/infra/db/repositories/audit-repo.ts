import type { AuditRepo } from '../../../app/ports.js';
import type { AuditEntry } from '../../../domain/audit.js';
import { AuditLogEntity } from '../entities/audit-log.entity.js';
import type { RepoContext } from './row-mapping.js';
import { runRaw, valuesList } from './raw-sql.js';

/** `undefined` (no state) → NULL; anything else, `null` included, → its JSON text. */
const toJson = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));

function fromRow(r: AuditLogEntity): AuditEntry {
  const entry: AuditEntry = { at: r.at, actor: r.actor, action: r.action, entity: r.entity, entityId: r.entityId };
  if (r.beforeJson !== null) entry.before = JSON.parse(r.beforeJson) as unknown;
  if (r.afterJson !== null) entry.after = JSON.parse(r.afterJson) as unknown;
  return entry;
}

/** `AuditRepo` on TypeORM: `audit_log` is append-only; there is deliberately no update or delete. */
export class TypeormAuditRepo implements AuditRepo {
  constructor(private readonly ctx: RepoContext) {}

  /**
   * One multi-row INSERT for the batch, in raw SQL (TypeORM's insert builder cost more than the
   * insert): PostgreSQL `INSERT … SELECT FROM unnest(…) ORDER BY` the entries' order, SQLite
   * `VALUES` lists of at most 1,000 rows. Ids follow the entries' order. An empty batch writes nothing.
   */
  async append(entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const rows = entries.map((e) => [e.at, e.actor, e.action, e.entity, e.entityId, toJson(e.before), toJson(e.after)] as const);
    const into = 'INSERT INTO audit_log (at, actor, action, entity, entity_id, before_json, after_json)';
    if (this.ctx.dialect === 'postgres') {
      const types = ['int8', 'varchar', 'varchar', 'varchar', 'varchar', 'text', 'text'];
      const sql = `${into} SELECT a, b, c, d, e, f, g FROM unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')}) WITH ORDINALITY AS t(a, b, c, d, e, f, g, n) ORDER BY n`;
      await runRaw(this.ctx, sql, types.map((_, i) => rows.map((r) => r[i])));
      return;
    }
    for (let i = 0; i < rows.length; i += 1000) {
      const part = rows.slice(i, i + 1000);
      await runRaw(this.ctx, `${into} VALUES ${valuesList(part.length, 7)}`, part.flat());
    }
  }

  /** Entries matching every given criterion, in the order they were appended. */
  async list(query: { entity?: AuditEntry['entity']; entityId?: string }): Promise<AuditEntry[]> {
    const where: { entity?: AuditEntry['entity']; entityId?: string } = {};
    if (query.entity !== undefined) where.entity = query.entity;
    if (query.entityId !== undefined) where.entityId = query.entityId;
    const rows = await this.ctx.em.find(AuditLogEntity, { where, order: { id: 'ASC' } });
    return rows.map(fromRow);
  }
}
