/** Maps `feedback_item` rows to `FeedbackItem` records and back (see `row-mapping.ts` for NULLs). */
import type { FeedbackItem } from '../../../domain/feedback/feedback.js';
import type { FeedbackItemEntity } from '../entities/feedback-item.entity.js';
import { dropEmpty, nul } from './row-mapping.js';

/** A row's column values for insert or update, without the id and the sealed sender. */
export function feedbackToRow(f: Omit<FeedbackItem, 'id'>): Omit<FeedbackItemEntity, 'id' | 'sealedSender'> {
  return {
    number: f.number,
    category: f.category,
    state: f.state,
    priority: f.priority,
    description: f.description,
    dept: f.dept,
    details: f.details,
    anonymous: f.anonymous,
    // Belt and braces: an anonymous item never stores a submitter, whatever the caller passed.
    submitter: f.anonymous ? null : nul(f.submitter),
    sourcePlatform: f.source.platform,
    sourceChannel: f.source.channel,
    owner: nul(f.owner),
    links: f.links,
    registeredAt: f.registeredAt,
    responseDueAt: f.responseDueAt,
    firstResponseAt: nul(f.firstResponseAt),
    triagedAt: nul(f.triagedAt),
    resolutionDueAt: nul(f.resolutionDueAt),
    resolvedAt: nul(f.resolvedAt),
    satisfaction: nul(f.satisfaction),
    closedAt: nul(f.closedAt),
    autoCloseAt: nul(f.autoCloseAt),
    reopenCount: f.reopenCount,
  };
}

/** The record for a row; NULL columns become absent optional fields; the sealed sender stays out. */
export function feedbackFromRow(r: FeedbackItemEntity): FeedbackItem {
  return dropEmpty<FeedbackItem>({
    id: r.id,
    number: r.number,
    category: r.category,
    state: r.state,
    priority: r.priority,
    description: r.description,
    dept: r.dept,
    details: r.details,
    anonymous: r.anonymous,
    submitter: r.submitter ?? undefined,
    source: { platform: r.sourcePlatform, channel: r.sourceChannel },
    owner: r.owner ?? undefined,
    links: r.links,
    registeredAt: r.registeredAt,
    responseDueAt: r.responseDueAt,
    firstResponseAt: r.firstResponseAt ?? undefined,
    triagedAt: r.triagedAt ?? undefined,
    resolutionDueAt: r.resolutionDueAt ?? undefined,
    resolvedAt: r.resolvedAt ?? undefined,
    satisfaction: r.satisfaction ?? undefined,
    closedAt: r.closedAt ?? undefined,
    autoCloseAt: r.autoCloseAt ?? undefined,
    reopenCount: r.reopenCount,
  });
}
