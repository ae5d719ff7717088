import type { FeedbackEventRepo } from '../../../app/feedback/feedback-ports.js';
import type { FeedbackEvent } from '../../../domain/feedback/feedback.js';
import { FeedbackEventEntity } from '../entities/feedback-event.entity.js';
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

  async countForItem(feedbackId: number): Promise<number> {
    const sql = `SELECT COUNT(*) AS n FROM feedback_event WHERE feedback_id = ${param(this.ctx.dialect, 1)}`;
    const rows = (await this.ctx.em.query(sql, [feedbackId])) as Array<{ n: number | string }>;
    return Number(rows[0]?.n ?? 0);
  }

  async forItem(feedbackId: number): Promise<FeedbackEvent[]> {
    const rows = await this.ctx.em.find(FeedbackEventEntity, { where: { feedbackId }, order: { id: 'ASC' } });
    return rows.map(({ id, feedbackId: f, at, actor, kind, text }) => ({ id, feedbackId: f, at, actor, kind, text }));
  }
}
