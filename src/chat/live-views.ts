/**
 * The two messages platforms with threads (Slack, Feishu) keep up to date in place: a form's thread
 * root, which always shows the form's current state and the buttons of its next steps, so a
 * department's channel reads as a list of live forms; and a notice's status line ("已确认 3/5").
 * Pure views over domain records; each adapter renders them like any other message.
 *
 * A channel message looks the same to everyone, so the root carries the buttons of every next
 * step whoever may take it; a press by someone who may not is answered privately with the reason
 * (the use case's refusal).
 */
import type { Duty } from '../domain/duty/duty.js';
import { FORM_TRANSITIONS, type FormActionKind } from '../domain/form/form-transitions.js';
import type { FormEvent, LiaisonForm } from '../domain/form/form.js';
import { eventLine, formCard } from '../domain/form/form-views.js';
import { formatLocal } from '../domain/local-time.js';
import type { Button, MessageView } from '../domain/message.js';
import { neverReached, NOTICE_KIND_ZH, type Notice } from '../domain/notice.js';
import { personName, type Org } from '../domain/org.js';
import { readTimeOf, type ReadReceipt } from '../domain/read-receipt.js';
import { TN } from '../texts/notices.js';

/** The root's buttons, in this order: [action, label, command word]. */
const ROOT_BUTTONS: Array<[FormActionKind, string, string]> = [
  ['sign', '签收', '签收'],
  ['dispute', '有异议', '有异议'],
  ['assign', '指派', '指派'],
  ['request_change', '申请延期', '申请延期'],
  ['accept_change', '同意延期', '同意'],
  ['decline_change', '驳回延期', '驳回'],
  ['done', '完成', '完成'],
  ['close', '结案', '结案'],
  ['follow_up', '跟催', '跟催'],
];

/** Whether `action` can be taken on the form in its current state by someone (roles aside). */
function possible(form: LiaisonForm, action: FormActionKind): boolean {
  if (!FORM_TRANSITIONS[action].from.includes(form.state)) return false;
  const change = form.changeRequest !== undefined;
  if (action === 'accept_change' || action === 'decline_change') return change;
  if (action === 'request_change') return !change;
  return true;
}

/** The buttons of the form's possible next steps (any role). */
export function rootButtons(form: LiaisonForm): Button[] {
  if (!form.number) return [];
  return ROOT_BUTTONS.filter(([a]) => possible(form, a)).map(([, label, word]) => ({ label, command: `${word} ${form.number}` }));
}

/** The live root card: every field, the latest event, and the buttons of the next steps. */
export function liveFormCard(form: LiaisonForm, events: FormEvent[], org: Org, tz: string): MessageView {
  const card = formCard(form, org, tz, rootButtons(form));
  const last = events.at(-1);
  return { ...card, lines: last ? [`最新 · ${eventLine(last, org, tz)}`] : [] };
}

/**
 * The live status of a notice: who has acknowledged, who not yet — and of those, who the platform
 * says has read it (已读未回, with the read time: `reads`), whom it never reached — and a 收到 button.
 */
export function noticeStatusView(notice: Notice, duties: Duty[], org: Org, tz: string, reads: readonly ReadReceipt[] = []): MessageView {
  const acked = new Set(duties.filter((d) => d.status === 'done').map((d) => d.person));
  const unreached = new Set(duties.filter((d) => neverReached(d) && !acked.has(d.person)).map((d) => d.person));
  const done = notice.recipients.filter((p) => acked.has(p));
  const missed = notice.recipients.filter((p) => unreached.has(p));
  const open = notice.recipients.filter((p) => !acked.has(p) && !unreached.has(p));
  const names = (ps: string[]) => ps.map((p) => personName(org, p)).join('、');
  const due = duties.length ? formatLocal(Math.max(...duties.map((d) => d.dueAt)), tz) : '';
  const lines = [`已确认 ${done.length}/${notice.recipients.length}`];
  if (done.length) lines.push(`✅ ${names(done)}`);
  if (open.length) lines.push(`⏳ ${names(open)}${due ? `(请在 ${due} 前回复「收到」、点 ✅/👀 或按下方按钮)` : ''}`);
  const readOpen = open.flatMap((p) => {
    const at = readTimeOf(reads, notice.id, p);
    return at === undefined ? [] : [`${personName(org, p)} ${formatLocal(at, tz).slice(11)}`];
  });
  if (readOpen.length) lines.push(TN.readUnansweredList(readOpen.join('、')));
  if (missed.length) lines.push(TN.undeliveredList(names(missed)));
  return {
    title: `${NOTICE_KIND_ZH[notice.kind]} ${notice.ref} · ${personName(org, notice.from)}`,
    lines,
    buttons: open.length ? [{ label: '收到', command: `收到 ${notice.ref}` }] : [],
  };
}
