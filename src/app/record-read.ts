/**
 * Records platform read receipts of notices (已读 as evidence, SPEC §6; src/domain/read-receipt.ts).
 * Platform-neutral: DingTalk's readStatus poll, Feishu's read users, anything that can say "this
 * person read this notice message at this time" calls it. One transaction for the batch:
 * each new read is stored (the first read of a person stays) with an audit row `notice.read`.
 *
 * A read receipt is not an acknowledgement. Only when the policy says so
 * (`read_receipt_acknowledges: true`) does a read discharge the person's open duty for the
 * notice — at the read time, or now if the platform's clock is ahead — and tell the sender, as a
 * 收到 would. Reads of unknown notices or by people the notice was not sent to are ignored.
 */
import type { PersonId } from '../domain/org.js';
import { personName } from '../domain/org.js';
import { TN } from '../texts/notices.js';
import type { AppDeps } from './deps.js';
import type { Tx } from './ports.js';
import { dischargeDuty } from './duty-ops.js';

/** A read as the platform reported it. */
export interface ReportedRead {
  noticeId: number;
  person: PersonId;
  readAt: number;
}

/** What a batch did: reads newly stored, duties discharged by them (policy permitting). */
export interface RecordReadsResult {
  recorded: number;
  acknowledged: number;
}

/** The deps the use case needs (a subset of `AppDeps`). */
export type RecordReadDeps = Pick<AppDeps, 'store' | 'org' | 'policy' | 'calendar' | 'clock'>;

export async function recordReads(deps: RecordReadDeps, platform: string, reads: ReportedRead[]): Promise<RecordReadsResult> {
  if (!reads.length) return { recorded: 0, acknowledged: 0 };
  return deps.store.transaction((tx) => recordReadsIn(tx, deps, platform, reads));
}

/**
 * A read the platform pushed (Feishu `im.message.message_read_v1`): platform user `user` read the
 * bot's messages `handles` at `readAt`. The read watches of those messages (src/chat/read-receipts.ts)
 * say which notice each is and which person `user` is; the reads are recorded as above and `user`
 * leaves those watches (a watch nobody is left in ends), so the poll stops asking about them. A
 * read the poll already recorded is not recorded again (the first read stays), and a message with
 * no watch (not a notice, or its watch ended) is ignored. One transaction.
 */
export async function recordPushedReads(deps: RecordReadDeps, platform: string, user: string, handles: string[], readAt: number): Promise<RecordReadsResult> {
  if (!handles.length) return { recorded: 0, acknowledged: 0 };
  return deps.store.transaction(async (tx) => {
    const reads: ReportedRead[] = [];
    for (const w of await tx.readWatches.byHandles(platform, handles)) {
      const person = w.readers[user];
      if (person === undefined) continue;
      reads.push({ noticeId: w.noticeId, person, readAt });
      const readers = { ...w.readers };
      delete readers[user];
      if (Object.keys(readers).length) await tx.readWatches.update(w.id, { readers, nextPollAt: w.nextPollAt });
      else await tx.readWatches.remove(w.id);
    }
    return reads.length ? recordReadsIn(tx, deps, platform, reads) : { recorded: 0, acknowledged: 0 };
  });
}

async function recordReadsIn(tx: Tx, deps: RecordReadDeps, platform: string, reads: ReportedRead[]): Promise<RecordReadsResult> {
  const now = deps.clock.now();
  let recorded = 0;
  let acknowledged = 0;
  for (const r of reads) {
    const notice = await tx.notices.byId(r.noticeId);
    if (!notice || !notice.recipients.includes(r.person)) continue;
    const readAt = Math.min(r.readAt, now);
    if (!(await tx.readReceipts.record({ noticeId: r.noticeId, person: r.person, platform, readAt }))) continue;
    recorded += 1;
    await tx.audit.append([{ at: readAt, actor: r.person, action: 'notice.read', entity: 'notice', entityId: String(r.noticeId), after: { platform, readAt } }]);
    if (!deps.policy.readReceiptAcknowledges) continue;
    const duty = (await tx.duties.openForSubject('notice', notice.id)).find((d) => d.person === r.person);
    if (!duty) continue;
    await dischargeDuty(tx, deps, duty, readAt, `${platform}:read`);
    acknowledged += 1;
    const open = await tx.duties.openForSubject('notice', notice.id);
    await tx.outbox.enqueue(
      [{ key: `duty:${duty.id}:ack`, to: { kind: 'person', person: notice.from }, view: { lines: [TN.ackToSender(personName(deps.org, r.person), notice.ref, notice.recipients.length - open.length, notice.recipients.length)] } }],
      now,
    );
  }
  return { recorded, acknowledged };
}
