import type { FeedbackEventRepo } from '../../../app/feedback/feedback-ports.js';
import type { FeedbackEvent } from '../../../domain/feedback/feedback.js';
import { FeedbackEventEntity } from '../entities/feedback-event.entity.js';
import { chunks } from './chunks.js';
import { insertedId, param, type RepoContext } from './row-mapping.js';

/** `FeedbackEventRepo` on TypeORM: an item's history in `feedback_event`, append-only. */
export class TypeormFeedbackEventRepo implements FeedbackEventRepo {
  constructor(private readonly ctx: RepoContext) {}

  /** Stores the event (any `id` given is ignored) and returns it with its new id. */
  async append(event: FeedbackEvent): Promise<FeedbackEvent> {
    const { feedbackId, at, actor, kind, text } = event;
    const id = insertedId(await this.ctx.em.insert(FeedbackEventEntity, { feedbackId, at, actor, kind, text }));
    return { id, feedbackId, at, actor, kind, text };
  }

  async countsForItems(feedbackIds: number[]): Promise<Map<number, number>> {
    const out = new Map<number, number>(feedbackIds.map((id) => [id, 0]));
    for (const part of chunks(feedbackIds)) {
      const list = part.map((_, k) => param(this.ctx.dialect, k + 1)).join(', ');
      const sql = `SELECT feedback_id AS f, COUNT(*) AS n FROM feedback_event WHERE feedback_id IN (${list}) GROUP BY feedback_id`;
      for (const r of await this.ctx.em.query<Array<{ f: number | string; n: number | string }>>(sql, part)) out.set(Number(r.f), Number(r.n));
    }
    return out;
  }

  async appendMany(events: FeedbackEvent[]): Promise<void> {
    const { dialect } = this.ctx;
    for (let i = 0; i < events.length; i += 500) {
      const part = events.slice(i, i + 500);
      const values = part.map((_, k) => `(${[1, 2, 3, 4, 5].map((c) => param(dialect, k * 5 + c)).join(', ')})`).join(', ');
      await this.ctx.em.query(`INSERT INTO feedback_event (feedback_id, at, actor, kind, text) VALUES ${values}`, part.flatMap((e) => [e.feedbackId, e.at, e.actor, e.kind, e.text]));
    }
  }

  async forItem(feedbackId: number): Promise<FeedbackEvent[]> {
    const rows = await this.ctx.em.find(FeedbackEventEntity, { where: { feedbackId }, order: { id: 'ASC' } });
    return rows.map(({ id, feedbackId: f, at, actor, kind, text }) => ({ id, feedbackId: f, at, actor, kind, text }));
  }
}
