/**
 * `PlatformRecords` (src/chat/platform-records.ts) on the store: what platform senders persist
 * about the messages they post, each call its own short transaction (senders run in the outbox
 * dispatcher, outside any transaction), and the live views they keep up to date.
 */
import type { AppDeps } from '../../app/deps.js';
import { liveFormCard, noticeStatusView } from '../../chat/live-views.js';
import type { PlatformRecords } from '../../chat/platform-records.js';

/** The records of `deps.store`, with live views in the policy's timezone. */
export function platformRecords(deps: Pick<AppDeps, 'store' | 'org' | 'policy'>): PlatformRecords {
  const { store } = deps;
  const tz = deps.policy.timezone;
  return {
    threadRoot: (formId, platform) => store.transaction((tx) => tx.platformThreads.get(formId, platform)),
    putThreadRoot: (root) => store.transaction((tx) => tx.platformThreads.put(root)),
    putMessage: (m) => store.transaction((tx) => tx.platformMessages.put(m)),
    findMessage: (platform, channel, id) => store.transaction((tx) => tx.platformMessages.find(platform, channel, id)),
    messagesOf: (platform, kind, id) => store.transaction((tx) => tx.platformMessages.forSubject(platform, kind, id)),
    formDepts: (formId) =>
      store.transaction(async (tx) => {
        const form = await tx.forms.byId(formId);
        return form ? { issuingDept: form.issuingDept, receivingDept: form.receivingDept } : undefined;
      }),
    liveFormCard: (formId) =>
      store.transaction(async (tx) => {
        const form = await tx.forms.byId(formId);
        return form ? liveFormCard(form, await tx.formEvents.forForm(formId), deps.org, tz) : undefined;
      }),
    noticeStatus: (ref) =>
      store.transaction(async (tx) => {
        const notice = await tx.notices.byRef(ref);
        return notice ? { id: notice.id, view: noticeStatusView(notice, await tx.duties.forSubjects('notice', [notice.id]), deps.org, tz) } : undefined;
      }),
    // Until the read-receipt record lands (issue 17), a read is kept as an audit row.
    markRead: (noticeId, person, platform, readAt) =>
      store.transaction((tx) => tx.audit.append([{ at: readAt, actor: person, action: 'notice.read', entity: 'notice', entityId: String(noticeId), after: { platform } }])),
  };
}
