/**
 * The modals (https://docs.slack.dev/surfaces/modals): 新建联络单 with every field of SPEC §3, and
 * one small modal per form step that needs more than a press (有异议 → the reason, 指派 → a user
 * picker, 申请延期 → the new deadline and why, 完成 → the result, 结案 → the evaluation, 驳回 →
 * why a draft or a change request is turned down).
 *
 * Submissions are checked before the acknowledgement with pure functions, so a mistake shows on
 * its field (`response_action: "errors"`) while the modal is still open; the work itself runs
 * after the acknowledgement. A step modal becomes the command text it stands for, so it goes
 * through the same router as a typed reply.
 */
import type { KnownBlock, ModalView } from '@slack/web-api';
import type { RawFields } from '../../../chat/command.js';
import { toFormChanges } from '../../../chat/form-fields.js';
import { STEP_WORDS, type StepWord } from '../../../chat/input-request.js';
import { newFormDraft, type FormInput } from '../../../domain/form/form-input.js';
import { FORM_NATURE_ZH } from '../../../domain/form/form.js';
import type { Org, PersonId } from '../../../domain/org.js';
import type { Policy } from '../../../domain/policy.js';
import type { SubmissionIn } from '../decode.js';

/** `callback_id` of the new-form modal (also the shortcut's) and of the step modals. */
export const NEW_FORM_CALLBACK = 'shoudao_new_form';
export const STEP_CALLBACK = 'shoudao_step';


/** What a step modal carries to its submission (`private_metadata`, JSON). */
export interface StepContext {
  word: StepWord;
  ref: string;
  /** Where the button was, to answer there. */
  channel?: string;
  threadTs?: string;
}

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });
const option = (text: string, value: string) => ({ text: plain(text), value });

function input(blockId: string, label: string, element: Record<string, unknown>, optional = false): KnownBlock {
  return { type: 'input', block_id: blockId, label: plain(label), optional, element: { action_id: blockId, ...element } } as KnownBlock;
}
const textInput = (blockId: string, label: string, opts: { optional?: boolean; multiline?: boolean; placeholder?: string; max?: number } = {}) =>
  input(blockId, label, {
    type: 'plain_text_input', multiline: opts.multiline ?? false, max_length: opts.max ?? 2000,
    ...(opts.placeholder ? { placeholder: plain(opts.placeholder) } : {}),
  }, opts.optional);

/** The 新建联络单 modal: every field of SPEC §3; departments other than the person's own. */
export function newFormModal(org: Org, person: PersonId | undefined): ModalView {
  const own = person ? org.personById.get(person)?.department : undefined;
  const depts = org.departments.filter((d) => d.code !== own).map((d) => option(`${d.name} ${d.code}`, d.code));
  const natures = Object.values(FORM_NATURE_ZH).map((zh) => option(zh, zh));
  return {
    type: 'modal',
    callback_id: NEW_FORM_CALLBACK,
    title: plain('新建工作联络单'),
    submit: plain('保存草稿'),
    close: plain('取消'),
    blocks: [
      input('receivingDept', '收文部门 · receiving department', { type: 'static_select', options: depts.slice(0, 100) }),
      textInput('subject', '主题 · subject', { max: 200 }),
      input('nature', '性质 · nature', { type: 'static_select', options: natures, initial_option: natures[0] }),
      input('deadline_date', '期限(日期)· deadline', { type: 'datepicker' }),
      input('deadline_time', '期限(时间,默认下班时间)', { type: 'timepicker' }, true),
      input('replyBy_date', '回复期限(日期,可选)· reply by', { type: 'datepicker' }, true),
      input('replyBy_time', '回复期限(时间)', { type: 'timepicker' }, true),
      textInput('time', '时间 · when the task concerns', { optional: true }),
      textInput('place', '地点 · place', { optional: true }),
      textInput('people', '人物 · people', { optional: true, placeholder: '性别、年龄、职务、人数、接待规格' }),
      textInput('event', '事件 · event', { optional: true, multiline: true }),
      textInput('requiredResult', '要求完成结果 · required result', { optional: true, multiline: true }),
      textInput('attachments', '附件(链接)· attachments', { optional: true }),
      input('urgent', '紧急 · urgent', { type: 'checkboxes', options: [option('紧急事项,须立即发出', '是')] }, true),
    ],
  };
}

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v)?.trim() || undefined;
const when = (date?: string, time?: string) => (date ? (time ? `${date} ${time}` : date) : undefined);

/** The new-form submission as typed fields (the same `RawFields` the chat command produces). */
export function newFormFields(s: SubmissionIn): RawFields {
  const v = s.values;
  const raw: RawFields = {};
  const set = (key: string, value: string | undefined) => {
    if (value !== undefined) raw[key] = value;
  };
  set('receivingDept', one(v['receivingDept']));
  set('subject', one(v['subject']));
  set('nature', one(v['nature']));
  set('deadline', when(one(v['deadline_date']), one(v['deadline_time'])));
  set('replyBy', when(one(v['replyBy_date']), one(v['replyBy_time'])));
  for (const key of ['time', 'place', 'people', 'event', 'requiredResult', 'attachments']) set(key, one(v[key]));
  raw['urgent'] = Array.isArray(v['urgent']) && v['urgent'].length > 0 ? '是' : '否';
  return raw;
}

/** Which input block a refusal of `newFormDraft` is about. */
const BLOCK_OF: Record<string, string> = {
  dept: 'receivingDept', same_dept: 'receivingDept', subject: 'subject',
  deadline_past: 'deadline_date', reply_past: 'replyBy_date', reply_after: 'replyBy_date',
};

/** Validates a new-form submission: the form input, or errors by block id for Slack to show. */
export function checkNewForm(s: SubmissionIn, ctx: { org: Org; policy: Policy; now: number; person: PersonId }):
  { ok: true; input: FormInput } | { ok: false; errors: Record<string, string> } {
  const raw = newFormFields(s);
  for (const [key, block] of [['deadline', 'deadline_date'], ['replyBy', 'replyBy_date']] as const) {
    if (raw[key] === undefined) continue;
    const c = toFormChanges({ [key]: raw[key] }, ctx.policy, { org: ctx.org, now: ctx.now });
    if ('message' in c) return { ok: false, errors: { [block]: c.message } };
  }
  const c = toFormChanges(raw, ctx.policy, { org: ctx.org, now: ctx.now });
  if ('message' in c) return { ok: false, errors: { subject: c.message } };
  if (!c.receivingDept || !c.subject || c.deadline === undefined) return { ok: false, errors: { subject: '请填写收文部门、主题和期限。' } };
  const input: FormInput = { ...c, receivingDept: c.receivingDept, subject: c.subject, deadline: c.deadline };
  const draft = newFormDraft(ctx, ctx.person, input);
  if ('refused' in draft) return { ok: false, errors: { [BLOCK_OF[draft.code] ?? 'subject']: draft.message } };
  return { ok: true, input };
}

const STEP_TITLE: Record<StepWord, string> = { 有异议: '提出异议', 指派: '指派实施人', 申请延期: '申请延期', 完成: '报告完成', 结案: '结案', 驳回: '驳回' };

/** The modal of one form step. */
export function stepModal(ctx: StepContext): ModalView {
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: `联络单 *${ctx.ref}*` } }];
  switch (ctx.word) {
    case '有异议':
      blocks.push(textInput('text', '异议理由 · reason', { multiline: true }));
      break;
    case '指派':
      blocks.push(input('people', '具体实施人 · implementers', { type: 'multi_users_select' }));
      break;
    case '申请延期':
      blocks.push(input('date', '新期限(日期)', { type: 'datepicker' }), input('time', '新期限(时间)', { type: 'timepicker' }, true));
      blocks.push(textInput('text', '原因 · reason', { multiline: true }));
      break;
    case '完成':
      blocks.push(textInput('text', '完成结果 · result', { multiline: true }));
      break;
    case '结案':
      blocks.push(textInput('text', '完成结果与评价 · evaluation', { multiline: true }));
      break;
    case '驳回':
      blocks.push(textInput('text', '驳回理由 · reason', { multiline: true }));
      break;
  }
  return {
    type: 'modal', callback_id: STEP_CALLBACK, title: plain(STEP_TITLE[ctx.word]), submit: plain('提交'), close: plain('取消'),
    private_metadata: JSON.stringify(ctx), blocks,
  };
}

/** The step's context from `private_metadata`, or undefined if it is not ours. */
export function stepContext(s: SubmissionIn): StepContext | undefined {
  try {
    const c = JSON.parse(s.privateMetadata) as Partial<StepContext>;
    return c.word && (STEP_WORDS as readonly string[]).includes(c.word) && typeof c.ref === 'string' ? (c as StepContext) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A step submission → the command text it stands for (`有异议 SCB20261101 理由…`), or errors by
 * block (an implementer who is not in the org directory).
 */
export function stepCommand(ctx: StepContext, s: SubmissionIn, personOf: (user: string) => PersonId | undefined):
  { ok: true; text: string } | { ok: false; errors: Record<string, string> } {
  const v = s.values;
  if (ctx.word === '指派') {
    const users = Array.isArray(v['people']) ? v['people'] : [];
    const unknown = users.filter((u) => !personOf(u));
    if (unknown.length || !users.length) return { ok: false, errors: { people: `${unknown.map((u) => `<@${u}>`).join('、') || '所选人员'} 不在「收到」的通讯录中,无法指派。` } };
    return { ok: true, text: `指派 ${ctx.ref} ${users.map((u) => `@${personOf(u)!}`).join(' ')}` };
  }
  const text = one(v['text']) ?? '';
  if (ctx.word === '申请延期') return { ok: true, text: `申请延期 ${ctx.ref} ${when(one(v['date']), one(v['time'])) ?? ''} ${text}` };
  return { ok: true, text: `${ctx.word} ${ctx.ref} ${text}` };
}
