/**
 * `PlatformRecords` (src/chat/platform-records.ts) on the store: what platform senders persist
 * about the messages they post, each call its own short transaction (senders run in the outbox
 * dispatcher, outside any transaction), and the live views they keep up to date.
 */
import type { AppDeps } from '../../app/deps.js';
import { liveFormCard, noticeStatusView } from '../../chat/live-views.js';
import type { PlatformRecords } from '../../chat/platform-records.js';
import { recordReads, type RecordReadDeps } from '../../app/record-read.js';
import { SystemClock } from '../clock.js';
import { createWorkCalendar } from '../../domain/work-calendar.js';

/**
 * The records of `deps.store`, with live views in the policy's timezone. Reads are recorded by
 * the shared use case (src/app/record-read.ts); without `clock`/`calendar` the system clock and the
 * policy's work calendar are used.
 */
export function platformRecords(deps: Pick<AppDeps, 'store' | 'org' | 'policy'> & Partial<Pick<AppDeps, 'clock' | 'calendar'>>): PlatformRecords {
  const { store } = deps;
  const tz = deps.policy.timezone;
  const readDeps: RecordReadDeps = { store, org: deps.org, policy: deps.policy, clock: deps.clock ?? new SystemClock(), calendar: deps.calendar ?? createWorkCalendar(deps.policy.workingTime, deps.policy.timezone) };
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
        if (!notice) return undefined;
        const [duties, reads] = [await tx.duties.forSubjects('notice', [notice.id]), await tx.readReceipts.forNotices([notice.id])];
        return { id: notice.id, view: noticeStatusView(notice, duties, deps.org, tz, reads) };
      }),
    noticeRecipients: (noticeId) => store.transaction(async (tx) => (await tx.notices.byId(noticeId))?.recipients ?? []),
    markRead: async (noticeId, person, platform, readAt) => {
      await recordReads(readDeps, platform, [{ noticeId, person, readAt }]);
    },
    recordReads: async (platform, reads) => (await recordReads(readDeps, platform, reads)).recorded,
    watchReads: async (w) => {
      await store.transaction((tx) => tx.readWatches.add(w));
    },
    dueReadWatches: (platform, now, limit) => store.transaction((tx) => tx.readWatches.due(platform, now, limit)),
    updateReadWatch: (id, readers, nextPollAt) => store.transaction((tx) => tx.readWatches.update(id, { readers, nextPollAt })),
    endReadWatch: (id) => store.transaction((tx) => tx.readWatches.remove(id)),
  };
}
