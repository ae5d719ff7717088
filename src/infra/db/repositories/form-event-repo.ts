import type { FormEventRepo } from '../../../app/ports.js';
import type { FormEvent } from '../../../domain/form/form.js';
import { FormEventEntity } from '../entities/form-event.entity.js';
import { chunks } from './chunks.js';
import { insertedId, type RepoContext } from './row-mapping.js';

/** `FormEventRepo` on TypeORM: a form's thread history in `form_event`, append-only. */
export class TypeormFormEventRepo implements FormEventRepo {
  constructor(private readonly ctx: RepoContext) {}

  /** Stores the event (any `id` given is ignored) and returns it with its new id. */
  async append(event: FormEvent): Promise<FormEvent> {
    const { formId, at, actor, kind, text } = event;
    const id = insertedId(await this.ctx.em.insert(FormEventEntity, { formId, at, actor, kind, text }));
    return { id, formId, at, actor, kind, text };
  }

  /** The form's events in the order they were appended. */
  async forForm(formId: number): Promise<FormEvent[]> {
    const rows = await this.ctx.em.find(FormEventEntity, { where: { formId }, order: { id: 'ASC' } });
    return rows.map(({ id, formId: f, at, actor, kind, text }) => ({ id, formId: f, at, actor, kind, text }));
  }

  /** The events of several forms in id (append) order; `form_id IN (…)` in chunks, on idx_form_event_form_id. */
  async forForms(formIds: number[]): Promise<FormEvent[]> {
    const rows: FormEventEntity[] = [];
    for (const ids of chunks(formIds)) {
      rows.push(...(await this.ctx.em.createQueryBuilder(FormEventEntity, 'e').where('e.formId IN (:...ids)', { ids }).getMany()));
    }
    return rows.sort((a, b) => a.id - b.id).map(({ id, formId, at, actor, kind, text }) => ({ id, formId, at, actor, kind, text }));
  }
}
