import type { QueryDeepPartialEntity } from 'typeorm';
import type { Dialogue, DialogueRepo } from '../../../app/ports.js';
import type { PersonId } from '../../../domain/org.js';
import { DialogueEntity } from '../entities/dialogue.entity.js';
import { param, type RepoContext } from './row-mapping.js';

/** `DialogueRepo` on TypeORM: at most one `dialogue` row per person (the primary key). */
export class TypeormDialogueRepo implements DialogueRepo {
  constructor(private readonly ctx: RepoContext) {}

  /** Raw SQL: read by the card binding and the router for nearly every inbound message. */
  async get(person: PersonId): Promise<Dialogue | undefined> {
    const sql = `SELECT person, kind, data, updated_at FROM dialogue WHERE person = ${param(this.ctx.dialect, 1)}`;
    const row = (await this.ctx.em.query<Array<{ person: string; kind: string; data: unknown; updated_at: number | string }>>(sql, [person]))[0];
    if (!row) return undefined;
    const data = (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as Record<string, unknown>;
    return { person: row.person, kind: row.kind, data, updatedAt: Number(row.updated_at) };
  }

  /** Creates or replaces the person's dialogue (`INSERT … ON CONFLICT (person) DO UPDATE`). */
  async put(d: Dialogue): Promise<void> {
    const row: DialogueEntity = { person: d.person, kind: d.kind, data: d.data, updatedAt: d.updatedAt };
    // TypeORM's deep-partial type cannot see through Record<string, unknown>; the row is complete.
    await this.ctx.em.upsert(DialogueEntity, row as QueryDeepPartialEntity<DialogueEntity>, { conflictPaths: ['person'], skipUpdateIfNoValuesChanged: false });
  }

  /** Removes the person's dialogue; removing none is fine. */
  async delete(person: PersonId): Promise<void> {
    await this.ctx.em.delete(DialogueEntity, { person });
  }
}
