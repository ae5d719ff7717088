/**
 * 通知 / 邮件 / 未接来电: a superior's notice (or tracked email) to named people creates one duty
 * each; a missed call creates the subordinate's duty to call back. All in one transaction.
 */
import { formatLocal } from '../domain/local-time.js';
import { NOTICE_KIND_ZH, NOTICE_RULE, type NoticeKind } from '../domain/notice.js';
import { isSuperiorOf, personName, type DeptCode, type PersonId } from '../domain/org.js';
import { TN } from '../texts/notices.js';
import type { AppDeps, Reply } from './deps.js';
import { createDuties, createDuty } from './duty-ops.js';
import { transact } from './transact.js';

export interface NoticeInput {
  kind: Exclude<NoticeKind, 'missed_call'>;
  recipients: PersonId[];
  text: string;
  dept?: DeptCode;
}

export async function sendNotice(deps: AppDeps, actor: PersonId, input: NoticeInput): Promise<Reply> {
  const { org } = deps;
  const recipients = [...new Set(input.recipients)].filter((p) => p !== actor);
  const kindZh = NOTICE_KIND_ZH[input.kind];
  if (!recipients.length) return { refused: true, lines: [input.recipients.length ? TN.onlySelf(kindZh) : TN.noRecipients] };
  if (!input.text.trim()) return { refused: true, lines: [TN.noText] };
  const notSup = recipients.filter((p) => !isSuperiorOf(org, actor, p));
  if (notSup.length) return { refused: true, lines: [TN.notSuperior(kindZh, notSup.map((p) => personName(org, p)).join('、'))] };
  return transact(deps, async (tx) => {
    const now = deps.clock.now();
    const notice = await tx.notices.insert({ kind: input.kind, from: actor, text: input.text.trim(), recipients, dept: input.dept, createdAt: now });
    const dueAt = deps.calendar.addWorkingTime(now, deps.policy.rules[NOTICE_RULE[input.kind]].windowMs);
    const due = formatLocal(dueAt, deps.policy.timezone);
    // One multi-row insert for all the duties, however many recipients (a whole department tree).
    await createDuties(
      tx,
      deps,
      recipients.map((p) => ({
        person: p, rule: NOTICE_RULE[input.kind], subject: { kind: 'notice', id: notice.id, ref: notice.ref },
        title: notice.text, from: actor, createdAt: now, dueAt,
      })),
    );
    await tx.outbox.enqueue(
      recipients.map((p) => ({
        key: `notice:${notice.id}:${p}`,
        to: { kind: 'person' as const, person: p },
        view: {
          title: `${kindZh} ${notice.ref}`, lines: [TN.noticeToYou(kindZh, personName(org, actor), due), notice.text], buttons: [{ label: '收到', command: `收到 ${notice.ref}` }],
          about: { kind: 'notice', ref: notice.ref, id: notice.id, delivers: true },
        },
      })),
      now,
    );
    await tx.audit.append([{ at: now, actor, action: `notice.${input.kind}`, entity: 'notice', entityId: String(notice.id), after: notice }]);
    return {
      lines: [TN.noticeSent(notice.ref, kindZh, recipients.map((p) => personName(org, p)).join('、'), due)],
      about: { kind: 'notice', ref: notice.ref, id: notice.id },
      outcome: { noticeCreated: { id: notice.id, ref: notice.ref } },
    };
  });
}

/**
 * 未接来电 @某人: said by the subordinate about a superior's call (their own duty to call back), or
 * by the superior about the subordinate they could not reach (the subordinate's duty).
 */
export async function logMissedCall(deps: AppDeps, actor: PersonId, other: PersonId): Promise<Reply> {
  const { org } = deps;
  let subordinate: PersonId;
  let superior: PersonId;
  if (isSuperiorOf(org, other, actor)) [subordinate, superior] = [actor, other];
  else if (isSuperiorOf(org, actor, other)) [subordinate, superior] = [other, actor];
  else return { refused: true, lines: [TN.missedCallNoRelation(personName(org, other))] };
  return transact(deps, async (tx) => {
    const now = deps.clock.now();
    const text = `${personName(org, superior)} 的来电`;
    const notice = await tx.notices.insert({ kind: 'missed_call', from: superior, text, recipients: [subordinate], createdAt: now });
    const dueAt = deps.calendar.addWorkingTime(now, deps.policy.rules.missed_call.windowMs);
    const due = formatLocal(dueAt, deps.policy.timezone);
    await createDuty(tx, deps, {
      person: subordinate, rule: 'missed_call', subject: { kind: 'notice', id: notice.id, ref: notice.ref },
      title: text, from: superior, createdAt: now, dueAt,
    });
    if (subordinate !== actor) {
      await tx.outbox.enqueue([{
        key: `notice:${notice.id}:${subordinate}`, to: { kind: 'person', person: subordinate },
        view: { title: `未接来电 ${notice.ref}`, lines: [TN.missedCallToYou(personName(org, superior), due)], buttons: [{ label: '收到', command: `收到 ${notice.ref}` }], about: { kind: 'notice', ref: notice.ref, id: notice.id, delivers: true } },
      }], now);
    }
    await tx.audit.append([{ at: now, actor, action: 'notice.missed_call', entity: 'notice', entityId: String(notice.id), after: notice }]);
    return { lines: [TN.missedCallLogged(notice.ref, personName(org, subordinate), due)] };
  });
}
