/**
 * Who hears about each step of a form, and what they see. Every message after issue goes to the
 * form's thread, pushed to the people who must act or are waiting; drafts are direct messages.
 * Keys are `form:<id>:e<eventSeq>:<target>` so a transition's messages are stored once.
 */
import type { Button, OutgoingMessage, Recipient } from '../message.js';
import { deptWithRole, personName, type PersonId } from '../org.js';
import type { LiaisonForm } from './form.js';
import type { FormContext } from './decide-form.js';
import type { FormActionKind } from './form-transitions.js';
import { formCard, formLabel, formRef, gmOfficeLeaders } from './form-views.js';
import { formatLocal } from '../local-time.js';
import { signDueAt } from './sign-due.js';

export function formMessages(
  ctx: FormContext,
  before: LiaisonForm,
  form: LiaisonForm,
  actor: PersonId,
  action: FormActionKind,
  text: string,
): OutgoingMessage[] {
  const { org, policy } = ctx;
  const tz = policy.timezone;
  const ref = formRef(form);
  const line = `${personName(org, actor)} ${text}`;
  const out: OutgoingMessage[] = [];
  const key = (target: string) => `form:${form.id}:e${ctx.eventSeq}:${target}`;
  const receivingLeaders = org.deptByCode.get(form.receivingDept)!.leaders;
  const issuingLeaders = org.deptByCode.get(form.issuingDept)!.leaders;
  const thread = (person: PersonId, lines: string[], buttons: Button[] = [], card = false) => {
    const to: Recipient = { kind: 'thread', formId: form.id, formNumber: form.number!, person };
    const v = card ? { ...formCard(form, org, tz, buttons), lines } : { title: `联络单 ${formLabel(form)}`, lines, buttons };
    out.push({ key: key(person), to, view: v });
  };
  const dm = (person: PersonId, lines: string[], buttons: Button[] = [], card = false) => {
    const v = card ? { ...formCard(form, org, tz, buttons), lines } : { title: `联络单 ${formLabel(form)}`, lines, buttons };
    out.push({ key: key(person), to: { kind: 'person', person }, view: v });
  };
  const others = (people: PersonId[]) => [...new Set(people)].filter((p) => p !== actor);
  const receivingSide = [...receivingLeaders, ...form.implementers];
  const signBy = () => `请于 ${formatLocal(signDueAt(ctx, form), tz)} 前签收或提出异议(回复期限,工作时间计)。`;

  switch (action) {
    case 'approve': {
      const buttons = [
        { label: '签收', command: `签收 ${ref}` },
        { label: '有异议', command: `有异议 ${ref}` },
      ];
      for (const p of receivingLeaders) thread(p, [line, signBy()], buttons, true);
      if (org.deptByCode.get(form.issuingDept)!.role === 'gm_office') {
        for (const p of deptWithRole(org, 'hr').leaders) thread(p, [line, '(总经办督办联络单,抄送人力行政部)'], [], true);
      }
      for (const p of others([form.issuer])) thread(p, [line]);
      break;
    }
    case 'reject':
      for (const p of others([form.issuer])) dm(p, [line, `请修改后发送「提交 ${ref}」重新提交。`]);
      break;
    case 'submit':
      for (const p of others(issuingLeaders)) {
        dm(p, [line], [{ label: '同意', command: `同意 ${ref}` }, { label: '驳回', command: `驳回 ${ref}` }], true);
      }
      break;
    case 'edit':
      if (before.state === 'disputed') {
        const buttons = [{ label: '签收', command: `签收 ${ref}` }, { label: '有异议', command: `有异议 ${ref}` }];
        for (const p of others(receivingLeaders)) thread(p, [line, `请于 ${formatLocal(signDueAt(ctx, form), tz)} 前签收修订后的联络单(或提出异议)。`], buttons, true);
      }
      break;
    case 'sign':
    case 'dispute':
    case 'done':
    case 'request_change': {
      const buttons: Button[] =
        action === 'done'
          ? [{ label: '结案', command: `结案 ${ref}` }]
          : action === 'request_change'
            ? [{ label: '同意延期', command: `同意 ${ref}` }, { label: '驳回延期', command: `驳回 ${ref}` }]
            : [];
      const tail = action === 'dispute' ? ['请在本线程协商,修改后发送「修改 字段: 值」。'] : [];
      for (const p of others([form.issuer])) thread(p, [line, ...tail], buttons);
      break;
    }
    case 'escalate': {
      const sup = org.deptByCode.get(form.receivingDept)!.supervisor!;
      thread(sup, [line, '接收部门未予配合,请主管领导处理。'], [{ label: '收到', command: `收到 ${ref}` }], true);
      break;
    }
    case 'assign':
      for (const p of others(form.implementers)) {
        thread(p, [line, '请按期完成;完成不了须在期限前申请延期。'], [{ label: '完成', command: `完成 ${ref}` }], true);
      }
      break;
    case 'accept_change':
    case 'decline_change':
      for (const p of others([before.changeRequest?.by ?? receivingLeaders[0]!])) thread(p, [line]);
      break;
    case 'close':
      for (const p of others(receivingSide)) thread(p, [line]);
      break;
    case 'withdraw': {
      // The other side, and everyone who was waiting on it, hears that it ended and why.
      const everyone = [form.issuer, ...issuingLeaders, ...(form.number ? receivingSide : [])];
      for (const p of others(everyone)) (form.number ? thread : dm)(p, [line, '这张联络单已作废,相关待办已取消。']);
      break;
    }
    case 'transfer': {
      const buttons = [
        { label: '签收', command: `签收 ${ref}` },
        { label: '有异议', command: `有异议 ${ref}` },
      ];
      for (const p of others(receivingLeaders)) thread(p, [line, signBy()], buttons, true);
      const previous = [...org.deptByCode.get(before.receivingDept)!.leaders, ...before.implementers];
      for (const p of others([form.issuer, ...previous]).filter((p) => !receivingLeaders.includes(p))) thread(p, [line]);
      break;
    }
    case 'follow_up':
      for (const p of others(receivingSide)) thread(p, [line, '请尽快处理并在本线程回复。']);
      if (form.followUps >= policy.followUpNotifyGmAt) {
        for (const p of gmOfficeLeaders(org)) {
          if (p === actor) continue;
          out.push({
            key: key(`gm:${p}`),
            to: { kind: 'person', person: p },
            view: { ...formCard(form, org, tz), lines: [`【跟催通报】${formLabel(form)} 已被跟催 ${form.followUps} 次,按制度通知总经办。`] },
          });
        }
      }
      break;
    case 'comment': {
      const onReceivingSide = receivingSide.includes(actor);
      const targets = form.number ? (onReceivingSide ? [form.issuer] : receivingSide) : issuingLeaders;
      for (const p of others(targets)) (form.number ? thread : dm)(p, [line]);
      break;
    }
  }
  return out;
}
