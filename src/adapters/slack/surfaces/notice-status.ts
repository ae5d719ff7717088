/**
 * A notice's live status on Slack (issue 5 §4). When a notice is created from Slack, the message
 * that created it (a channel message starting with 【通知】, or the notice command) is recorded as
 * the notice, so a ✅/👀 reaction on it acknowledges the notice; and the bot's answer — posted in
 * that message's thread, or in the DM — becomes its status line ("已确认 3/5", who has and who has
 * not, and a 收到 button), updated in place (`chat.update`) after every acknowledgement that
 * arrives through Slack.
 */
import type { PlatformRecords } from '../../../chat/platform-records.js';
import type { MessageView } from '../../../domain/message.js';
import { postAnswer, updateMessage, type SlackApi } from '../api.js';

/** Where a notice was created: a channel message (`noticeTs`), or a DM (answer at top level / in `threadTs`). */
export interface NoticeOrigin {
  channel: string;
  /** The channel message that is the notice; its thread holds the status line. */
  noticeTs?: string;
  threadTs?: string;
}

/** Records and keeps notices' status lines; see the module comment. */
export interface NoticeStatus {
  /** Posts the status line of notice `ref` (falling back to `fallback` if it is gone); the posted ts. */
  created(ref: string, origin: NoticeOrigin, fallback: MessageView, metadata: Record<string, unknown>): Promise<{ channel: string; ts?: string }>;
  refresh(refs: string[]): Promise<void>;
}

export function createNoticeStatus(api: SlackApi, records: PlatformRecords, now: () => number): NoticeStatus {
  const record = (channel: string, ts: string, kind: 'notice' | 'notice_status', id: number, ref: string) =>
    records.putMessage({ platform: 'slack', channel, messageId: ts, subjectKind: kind, subjectId: id, subjectRef: ref, createdAt: now() });

  return {
    async created(ref, origin, fallback, metadata) {
      const status = await records.noticeStatus(ref);
      if (status && origin.noticeTs) await record(origin.channel, origin.noticeTs, 'notice', status.id, ref);
      const threadTs = origin.noticeTs ?? origin.threadTs;
      const posted = await postAnswer(api, { channel: origin.channel, ...(threadTs ? { threadTs } : {}) }, status?.view ?? fallback, metadata);
      if (status && posted.ts) await record(posted.channel, posted.ts, 'notice_status', status.id, ref);
      return posted;
    },

    async refresh(refs) {
      for (const ref of new Set(refs)) {
        const status = await records.noticeStatus(ref);
        if (!status) continue;
        for (const line of await records.messagesOf('slack', 'notice_status', status.id)) await updateMessage(api, line.channel, line.messageId, status.view);
      }
    },
  };
}
