/**
 * How a form reads in chat: its card (title, fields, the next-step buttons) and the one-line
 * label used in messages. Pure; adapters render the neutral `MessageView`.
 */
import { formatLocal } from '../local-time.js';
import type { Button, MessageView } from '../message.js';
import { deptWithRole, personName, type Org } from '../org.js';
import type { FormEvent, LiaisonForm } from './form.js';
import { FORM_NATURE_ZH, FORM_STATE_ZH } from './form.js';

/** `SCB20261101《主题》`, or `草稿 #12《主题》` before it is numbered. */
export function formLabel(form: LiaisonForm): string {
  return `${formRef(form)}《${displaySubject(form.subject)}》`;
}

/** How many characters of a 主题 cards and lines show; 查看 shows the whole of it. */
export const SUBJECT_DISPLAY_LENGTH = 40;

/** The 主题 cut to its display length (with …), so a long one is not repeated whole in every card. */
export function displaySubject(subject: string): string {
  const chars = [...subject];
  return chars.length > SUBJECT_DISPLAY_LENGTH ? `${chars.slice(0, SUBJECT_DISPLAY_LENGTH).join('')}…` : subject;
}

/** The reference people type back: the number, or `#id` for a draft. */
export function formRef(form: Pick<LiaisonForm, 'number' | 'id'>): string {
  return form.number ?? `#${form.id}`;
}

export function deptName(org: Org, code: string): string {
  return org.deptByCode.get(code)?.name ?? code;
}

/** The card: every field of SPEC §3 that is filled in, with the buttons for `viewer`'s next steps. */
export function formCard(form: LiaisonForm, org: Org, tz: string, buttons: Button[] = []): MessageView {
  const d = form.details;
  const fields: Array<[string, string]> = [
    ['状态', FORM_STATE_ZH[form.state]],
    ['发函部门', `${deptName(org, form.issuingDept)} · 承办人 ${personName(org, form.issuer)}`],
    ['接收部门', deptName(org, form.receivingDept)],
    ['性质', FORM_NATURE_ZH[form.nature] + (form.urgent ? ' · 紧急' : '')],
    ['期限', formatLocal(form.deadline, tz)],
  ];
  if (form.replyBy !== undefined) fields.push(['回复期限', formatLocal(form.replyBy, tz)]);
  if (d.time) fields.push(['时间', d.time]);
  if (d.place) fields.push(['地点', d.place]);
  if (d.people) fields.push(['人物', d.people]);
  if (d.event) fields.push(['事件', d.event]);
  if (d.requiredResult) fields.push(['要求完成结果', d.requiredResult]);
  if (d.attachments) fields.push(['附件', d.attachments]);
  if (form.implementers.length) fields.push(['实施人', form.implementers.map((p) => personName(org, p)).join('、')]);
  if (form.changeRequest) {
    fields.push(['延期申请', `${formatLocal(form.changeRequest.newDeadline, tz)}(${form.changeRequest.reason})`]);
  }
  if (form.followUps) fields.push(['跟催', `${form.followUps} 次`]);
  if (form.result) fields.push(['完成结果', form.result]);
  if (form.evaluation) fields.push(['评价', form.evaluation]);
  return { title: `工作联络单 ${formLabel(form)}`, lines: [], fields, buttons };
}

/** One line of the thread history for `查看`. */
export function eventLine(e: FormEvent, org: Org, tz: string): string {
  return `${formatLocal(e.at, tz)} ${personName(org, e.actor)}:${e.text}`;
}

/** The leaders of 总经办, who hear about the third follow-up and top-level escalations. */
export function gmOfficeLeaders(org: Org): string[] {
  return deptWithRole(org, 'gm_office').leaders;
}
