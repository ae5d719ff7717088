/**
 * The inbox dedupe key of a WeCom callback (protocols.md A.5, D). WeCom retries a callback up to
 * three times when it gets no 200 within 5 seconds; the inbox stores each key once, so a retry —
 * on this instance, another one, or after a restart — is acknowledged and not processed again.
 *
 * Keys: `MsgId` for messages. For events the documented `FromUserName + CreateTime` is too coarse
 * (distinct clicks in the same second would be dropped, WxJava#1745/#2880), so the key adds
 * `Event`, `EventKey`, `TaskId` and `AgentID` (and a submitted card's `SelectedItems`). (The inbox stores only a keyed hash of it.)
 */
import { createHash } from 'node:crypto';
import type { WecomMessage } from './xml.js';

/** The dedupe key of a parsed callback. */
export function dedupeKey(msg: WecomMessage): string {
  if (msg.msgType !== 'event' && msg.msgId) return `msg:${msg.msgId}`;
  if (msg.msgType === 'event') {
    const parts = [msg.fromUserName, msg.createTime, msg.event, msg.eventKey, msg.taskId, msg.agentId];
    // A submitted card's choices: a retry repeats them, a second submission may differ.
    if (msg.selectedItems) parts.push(msg.selectedItems.map((i) => `${i.questionKey}=${i.optionIds.join(',')}`).join(';'));
    return `event:${parts.map((p) => p ?? '').join('\u0001')}`;
  }
  // A message without MsgId (not expected): sender, second and content identify it.
  const digest = createHash('sha1').update(msg.content ?? '').digest('hex');
  return `msg:${msg.fromUserName}\u0001${msg.createTime}\u0001${digest}`;
}
