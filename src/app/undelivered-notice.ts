/**
 * A notice that never reached its recipient (its message went dead: the person has no account on
 * any enabled platform, the platform refused the id, or every attempt failed for hours). Nobody can
 * answer a notice they never received, so its duty is not owed (a decision: SPEC §4 is silent, and
 * fining someone for a message the bot could not deliver is what HR would call wrong):
 *
 * - the recipient's open duty is cancelled (no reminder, escalation or violation follows); a
 *   violation already recorded for it — the window can end while delivery is still being retried —
 *   is waived by `system`, with the reason, and the person's later violations that month move down
 *   a tier as after any waiver;
 * - the notice's sender hears that it did not reach that person and must tell them another way;
 * - a notice posted in a group chat (`notice.dept`) keeps its duties: the superior's own message
 *   is in the group, and the bot's private copy was only a second way in.
 *
 * Called in the transaction that marks the rows dead (the dispatcher's outcome commit), so the
 * duty, the waiver, the sender's message and the audit rows commit with the dead row or not at
 * all. Only the notice's own message counts (`about.delivers`); a reminder that fails changes
 * nothing, since the notice itself arrived.
 */
import type { OutgoingMessage } from '../domain/message.js';
import { personName } from '../domain/org.js';
import { TN } from '../texts/notices.js';
import type { AppDeps } from './deps.js';
import { cancelDuty, waiveViolation } from './duty-ops.js';
import type { OutboxRow, Tx } from './ports.js';

/** Who acts on an undelivered notice's duty and violation in the audit trail. */
export const UNDELIVERED_ACTOR = 'system';

/** Settles the duties of the notices that `dead` (rows just marked dead) failed to deliver. */
export async function settleUndeliveredNotices(tx: Tx, deps: Pick<AppDeps, 'org' | 'policy'>, dead: OutboxRow[], now: number): Promise<void> {
  const messages: OutgoingMessage[] = [];
  for (const row of dead) {
    const about = row.view.about;
    if (about?.kind !== 'notice' || !about.delivers || about.id === undefined || row.to.kind !== 'person') continue;
    const person = row.to.person;
    const notice = await tx.notices.byId(about.id);
    if (!notice || notice.dept !== undefined) continue;
    const duties = (await tx.duties.openForSubject('notice', notice.id)).filter((d) => d.person === person);
    if (!duties.length) continue; // answered meanwhile (another way), or already settled
    let waived = false;
    for (const duty of duties) {
      // Cancelled first, then read again: on PostgreSQL the update waits for a sweep that holds the
      // row (it may be recording the violation this very moment), and the read after it sees what
      // that sweep committed — so a violation recorded in a race is waived too, never left standing.
      await cancelDuty(tx, duty, now, UNDELIVERED_ACTOR);
      const violationId = (await tx.duties.byId(duty.id))?.violationId ?? duty.violationId;
      const v = violationId !== undefined ? await tx.violations.byId(violationId) : undefined;
      if (v && !v.waived) {
        await waiveViolation(tx, deps, v, UNDELIVERED_ACTOR, TN.undeliveredWaiver, now);
        waived = true;
      }
    }
    await tx.audit.append([{ at: now, actor: UNDELIVERED_ACTOR, action: 'notice.undelivered', entity: 'notice', entityId: String(notice.id), after: { person, outbox: row.id } }]);
    messages.push({
      key: `notice:${notice.id}:${person}:undelivered`,
      to: { kind: 'person', person: notice.from },
      view: { lines: [TN.undeliveredToSender(notice.ref, personName(deps.org, person), waived)], about: { kind: 'notice', ref: notice.ref, id: notice.id } },
    });
  }
  if (messages.length) await tx.outbox.enqueue(messages, now);
}
