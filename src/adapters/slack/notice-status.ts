/**
 * A notice's live status on Slack (issue 5 §4). When a notice is created from Slack, the message
 * that created it (a channel message starting with 【通知】, or the notice command) is recorded as
 * the notice, and the bot's answer — posted in that message's thread, or in the DM — becomes its
 * status line ("已确认 3/5", who has and who has not, and a 收到 button), kept up to date with
 * `chat.update` after every acknowledgement that arrives through Slack.
 */
import type { AppDeps } from '../../app/deps.js';
import type { PlatformMessage } from '../../app/ports.js';
import type { MessageView } from '../../domain/message.js';
import { noticeStatusView } from './live-views.js';
import { postAnswer, updateMessage, type SlackApi } from './slack-out.js';

/** Where a notice was created: a channel message (`ts`), or a DM (answer at top level / in `threadTs`). */
export interface NoticeOrigin {
  channel: string;
  /** The channel message that is the notice; its thread holds the status line. */
  noticeTs?: string;
  threadTs?: string;
}

/** Records and keeps notices' status lines; see the module comment. */
export interface NoticeStatus {
  created(ref: string, origin: NoticeOrigin): Promise<void>;
  refresh(refs: string[]): Promise<void>;
}

/** Notice status lines on `api`, read from and recorded in `deps.store`. */
export function createNoticeStatus(deps: AppDeps, api: SlackApi): NoticeStatus {
  const tz = deps.policy.timezone;
  const message = (channel: string, ts: string, kind: PlatformMessage['subjectKind'], id: number, ref: string): PlatformMessage =>
    ({ platform: 'slack', channel, messageId: ts, subjectKind: kind, subjectId: id, subjectRef: ref, createdAt: deps.clock.now() });

  /** The notice's status view and its status messages, read in one transaction. */
  const load = (ref: string) =>
    deps.store.transaction(async (tx) => {
      const notice = await tx.notices.byRef(ref);
      if (!notice) return undefined;
      const duties = await tx.duties.forSubjects('notice', [notice.id]);
      const lines = await tx.platformMessages.forSubject('slack', 'notice_status', notice.id);
      return { notice, view: noticeStatusView(notice, duties, deps.org, tz) as MessageView, lines };
    });

  return {
    async created(ref, origin) {
      const loaded = await load(ref);
      if (!loaded) return;
      const { notice, view } = loaded;
      if (origin.noticeTs) {
        await deps.store.transaction((tx) => tx.platformMessages.put(message(origin.channel, origin.noticeTs!, 'notice', notice.id, ref)));
      }
      const threadTs = origin.noticeTs ?? origin.threadTs;
      const posted = await postAnswer(api, { channel: origin.channel, ...(threadTs ? { threadTs } : {}) }, view);
      if (posted.ts) await deps.store.transaction((tx) => tx.platformMessages.put(message(posted.channel, posted.ts!, 'notice_status', notice.id, ref)));
    },

    async refresh(refs) {
      for (const ref of new Set(refs)) {
        const loaded = await load(ref);
        for (const line of loaded?.lines ?? []) await updateMessage(api, line.channel, line.messageId, loaded!.view);
      }
    },
  };
}
