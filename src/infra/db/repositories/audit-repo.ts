import type { AuditRepo } from '../../../app/ports.js';
import type { AuditEntry } from '../../../domain/audit.js';
import { AuditLogEntity } from '../entities/audit-log.entity.js';
import type { RepoContext } from './row-mapping.js';

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

  /** One multi-row INSERT for the batch; an empty batch writes nothing. */
  async append(entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const rows = entries.map((e) => ({
      at: e.at,
      actor: e.actor,
      action: e.action,
      entity: e.entity,
      entityId: e.entityId,
      beforeJson: toJson(e.before),
      afterJson: toJson(e.after),
    }));
    await this.ctx.em.createQueryBuilder().insert().into(AuditLogEntity).values(rows).updateEntity(false).execute();
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
