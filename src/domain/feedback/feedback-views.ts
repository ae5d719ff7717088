/**
 * How a feedback item reads in chat: its label, its card, one line of its history, a list line.
 * Pure. Nothing here ever names the sender of an anonymous item: the card shows 匿名, and the
 * sender's own events read 匿名反馈人 (their actor is `anonymous`, never an id).
 */
import { formatLocal } from '../local-time.js';
import type { Button, MessageView } from '../message.js';
import { personName, type Org } from '../org.js';
import {
  ANONYMOUS_ACTOR,
  CATEGORY_ZH,
  CUSTOMER_ACTOR,
  FEEDBACK_STATE_ZH,
  OFFLINE_SOURCE_ZH,
  PRIORITY_ZH,
  SYSTEM_ACTOR,
  type FeedbackEvent,
  type FeedbackItem,
  type OfflineOrigin,
} from './feedback.js';
import { TFO } from '../../texts/feedback-offline.js';

/** What the anonymous sender is called wherever they appear. */
export const ANONYMOUS_NAME = '匿名反馈人';

/** `FK20261124-007【投诉】`. */
export function feedbackLabel(item: Pick<FeedbackItem, 'number' | 'category'>): string {
  return `${item.number}【${CATEGORY_ZH[item.category]}】`;
}

/** The description shortened for one-line lists (first line, at most `max` characters). */
export function summaryOf(text: string, max = 30): string {
  const first = text.trim().split('\n')[0] ?? '';
  const chars = [...first];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : first;
}

/** Who sent it, for people allowed to see the item: a name, 匿名, or the customer. */
export function submitterLabel(org: Org, item: FeedbackItem): string {
  if (item.anonymous) return '匿名';
  if (item.submitter) return personName(org, item.submitter);
  if (item.details.offline) return item.details.offline.originName ?? '未署名';
  return item.details.customer ? `客户 ${item.details.customer}` : '客户';
}

/** `会议纪要 · 2026-12-01 生产调度会`, `反馈箱`: where an item registered by a recorder came from. */
export function offlineSourceLabel(o: Pick<OfflineOrigin, 'source' | 'meeting'>): string {
  return TFO.sourceLabel(OFFLINE_SOURCE_ZH[o.source], o.meeting);
}

/** An event's actor as people read it. */
export function actorLabel(org: Org, actor: string): string {
  if (actor === ANONYMOUS_ACTOR) return ANONYMOUS_NAME;
  if (actor === CUSTOMER_ACTOR) return '客户(外部系统)';
  if (actor === SYSTEM_ACTOR) return '系统';
  return personName(org, actor);
}

/** The card: every field people may need, with `buttons` for the viewer's next steps. */
export function feedbackCard(item: FeedbackItem, org: Org, tz: string, buttons: Button[] = []): MessageView {
  const d = item.details;
  const fields: Array<[string, string]> = [
    ['状态', FEEDBACK_STATE_ZH[item.state]],
    ['优先级', PRIORITY_ZH[item.priority]],
    ['反馈人', submitterLabel(org, item)],
    ['相关部门', org.deptByCode.get(item.dept)?.name ?? item.dept],
    ['登记时间', formatLocal(item.registeredAt, tz)],
    ['内容', item.description],
  ];
  if (d.offline) fields.push(['来源', `${offlineSourceLabel(d.offline)}(代登记:${personName(org, d.offline.recordedBy)})`]);
  if (d.timeNode) fields.push(['时间节点', d.timeNode]);
  if (d.expected) fields.push(['期望解决方案', d.expected]);
  if (item.owner) fields.push(['处理人', personName(org, item.owner)]);
  if (item.state === 'registered') fields.push(['首次响应期限', formatLocal(item.responseDueAt, tz)]);
  if (item.resolutionDueAt !== undefined && (item.state === 'triaged' || item.state === 'in_progress')) {
    fields.push(['处理期限', formatLocal(item.resolutionDueAt, tz)]);
  }
  if (d.resolution) fields.push(['处理结果', d.resolution]);
  if (d.improvement) fields.push(['改进措施', d.improvement]);
  if (d.reason) fields.push(['无法解决原因', d.reason]);
  if (d.suggestion) fields.push(['建议', d.suggestion]);
  if (item.satisfaction !== undefined) fields.push(['满意度', `${item.satisfaction}/5`]);
  if (item.reopenCount) fields.push(['重开', `${item.reopenCount} 次`]);
  return { title: `信息反馈 ${feedbackLabel(item)}`, lines: [], fields, buttons };
}

/** One line of the history for 查看. */
export function feedbackEventLine(e: FeedbackEvent, org: Org, tz: string): string {
  return `${formatLocal(e.at, tz)} ${actorLabel(org, e.actor)}:${e.text}`;
}

/** One line of a list or search result (no submitter: lists never need it). */
export function feedbackListLine(item: FeedbackItem, org: Org, tz: string): string {
  const owner = item.owner ? ` · 处理人 ${personName(org, item.owner)}` : '';
  return `· ${feedbackLabel(item)} ${FEEDBACK_STATE_ZH[item.state]} · ${PRIORITY_ZH[item.priority]} · ${formatLocal(item.registeredAt, tz)}${owner} · ${summaryOf(item.description)}`;
}
