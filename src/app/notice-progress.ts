/**
 * Tells a notice's sender how its acknowledgements go, by the rule in
 * src/domain/notice-progress.ts: every acknowledgement of a small notice; for a large one the
 * first, then at most one message per interval, and the last. An acknowledgement held back marks
 * the notice due; `flushNoticeProgress` (run by every sweep) sends the count when it is.
 */
import type { Notice } from '../domain/notice.js';
import { EACH_ACK_UP_TO, EVERY_MS, progressStep } from '../domain/notice-progress.js';
import type { OutgoingMessage } from '../domain/message.js';
import { TN } from '../texts/notices.js';
import type { AppDeps } from './deps.js';
import type { Tx } from './ports.js';

/** After `name`'s acknowledgement (duty `dutyId`, already discharged in `tx`) of `notice`. */
export async function reportAck(tx: Tx, notice: Notice, name: string, dutyId: number, now: number): Promise<void> {
  const total = notice.recipients.length;
  // One count for the whole notice (idx_duty_subject), not a query per recipient: a notice to
  // 2,000 people acknowledged by all of them would otherwise cost 4,000,000 queries. It comes
  // with the progress, in one round trip.
  const p = await tx.notices.progress(notice.id);
  const done = total - p.unacknowledged;
  const step = progressStep(p, done, total, now);
  if (step.kind === 'report' && (await tx.notices.reportProgress(notice.id, p.reportedAt, done, now))) {
    const more = done - p.reported;
    const lines = [more > 1 ? TN.ackToSenderWithOthers(name, more - 1, notice.ref, done, total) : TN.ackToSender(name, notice.ref, done, total)];
    await tx.outbox.enqueue([{ key: `duty:${dutyId}:ack`, to: { kind: 'person', person: notice.from }, view: { lines } }], now);
    return;
  }
  // Held back — or another acknowledgement reported a moment ago (PostgreSQL: it held the row, we
  // lost the compare-and-set): the sweep reports the count at the end of the interval, or at
  // once when this one may be the last.
  const urgent = total <= EACH_ACK_UP_TO || done >= total;
  await tx.notices.holdProgress(notice.id, step.kind === 'hold' ? step.until : urgent ? now : now + EVERY_MS);
}

/** How many due notices one transaction of `flushNoticeProgress` reports. */
const FLUSH_BATCH = 50;

/**
 * Reports the held-back acknowledgements of every notice due at `now`: one message per notice
 * with the count at this moment. Returns how many messages it enqueued.
 */
export async function flushNoticeProgress(deps: Pick<AppDeps, 'store'>, now: number): Promise<number> {
  let sent = 0;
  for (let round = 0; round < 100; round += 1) {
    const r = await deps.store.transaction(async (tx) => {
      const ids = await tx.notices.progressDue(now, FLUSH_BATCH);
      const messages: OutgoingMessage[] = [];
      for (const id of ids) {
        const notice = await tx.notices.byId(id);
        const p = await tx.notices.progress(id);
        if (!notice || p.dueAt === undefined || p.dueAt > now) continue; // reported meanwhile
        const total = notice.recipients.length;
        const done = total - p.unacknowledged;
        if (!(await tx.notices.reportProgress(id, p.reportedAt, Math.max(done, p.reported), done > p.reported ? now : (p.reportedAt ?? now)))) continue;
        if (done <= p.reported) continue; // nothing new since the last message
        messages.push({ key: `notice:${id}:progress:${done}`, to: { kind: 'person', person: notice.from }, view: { lines: [TN.ackProgress(notice.ref, done - p.reported, done, total)] } });
      }
      if (messages.length) await tx.outbox.enqueue(messages, now);
      return { ids: ids.length, sent: messages.length };
    });
    sent += r.sent;
    if (r.ids < FLUSH_BATCH) break;
  }
  return sent;
}
