import type { FormEventRepo } from '../../../app/ports.js';
import type { FormEvent } from '../../../domain/form/form.js';
import { FormEventEntity } from '../entities/form-event.entity.js';
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
}
