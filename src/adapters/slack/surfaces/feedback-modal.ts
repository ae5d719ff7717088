/**
 * The 信息反馈 intake modal (issue 13 part 4; https://docs.slack.dev/surfaces/modals): the six
 * pieces of content of the guided dialogue at once — 类别 (a static select of the policy's
 * categories), 具体描述 (multiline), 涉及部门 (a static select of the directory's departments),
 * 时间节点 and 期望的解决方案 (free text), 匿名 (a checkbox, offered only when the deployment can
 * seal a sender). The block ids are the field names of src/chat/feedback-form.ts, so its errors
 * land on their fields (`response_action: "errors"`).
 *
 * A submission is the command `反馈` with those fields; it goes through the inbox like any other
 * event and is registered by the chat intake (src/chat/feedback-dialogue.ts `submitFeedbackForm`).
 */
import type { KnownBlock, ModalView } from '@slack/web-api';
import { categoryChoices, deptChoices, FEEDBACK_FORM_FIELDS, type FeedbackFormField } from '../../../chat/feedback-form.js';
import type { InputRequest } from '../../../domain/message.js';
import type { Org } from '../../../domain/org.js';
import { TFF } from '../../../texts/feedback-form.js';
import type { SubmissionIn } from '../decode.js';

/** `callback_id` of the modal and of the global shortcut that opens it. */
export const FEEDBACK_CALLBACK = 'shoudao_new_feedback';
/** The command a submission stands for (the form's content comes as fields). */
export const FEEDBACK_FORM_COMMAND = '反馈';

type FeedbackInput = Extract<InputRequest, { kind: 'new_feedback' }>;

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });
const option = (text: string, value: string) => ({ text: plain(text.slice(0, 75)), value });
const block = (id: FeedbackFormField, label: string, element: Record<string, unknown>, optional = false): KnownBlock =>
  ({ type: 'input', block_id: id, label: plain(label), optional, element: { action_id: id, ...element } }) as KnownBlock;
const text = (placeholder: string, opts: { multiline?: boolean; max: number }) => ({
  type: 'plain_text_input', multiline: opts.multiline ?? false, max_length: opts.max, placeholder: plain(placeholder),
});

/** The modal for `input` (what the app asked for: anonymity preset and available, a category preset). */
export function feedbackModal(org: Org, input: FeedbackInput): ModalView {
  const categories = categoryChoices().map((c) => option(c.label, c.value));
  const preset = categories.find((c) => c.value === input.category);
  const depts = deptChoices(org).map((d) => option(d.label, d.value)).slice(0, 100);
  const anonymousOption = option(TFF.anonymousOption, '是');
  const blocks: KnownBlock[] = [
    block('category', TFF.category, { type: 'static_select', options: categories, ...(preset ? { initial_option: preset } : {}) }),
    block('description', TFF.description, text(TFF.descriptionHint, { multiline: true, max: 3000 })),
    block('dept', TFF.dept, { type: 'static_select', options: depts, placeholder: plain(TFF.deptHint.slice(0, 150)) }, true),
    block('timeNode', TFF.timeNode, text(TFF.timeNodeHint, { max: 2000 }), true),
    block('expected', TFF.expected, text(TFF.expected, { multiline: true, max: 2000 }), true),
  ];
  if (input.anonymity) {
    blocks.push(block('anonymous', TFF.anonymous, { type: 'checkboxes', options: [anonymousOption], ...(input.anonymous ? { initial_options: [anonymousOption] } : {}) }, true));
  } else {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: TFF.noAnonymity }] });
  }
  return {
    type: 'modal',
    callback_id: FEEDBACK_CALLBACK,
    title: plain(input.anonymous ? TFF.titleAnonymous : TFF.title),
    submit: plain(TFF.submit),
    close: plain(TFF.close),
    blocks,
  };
}

/** A submission's values as the form's fields (`anonymous`: 是 when ticked, else 否). */
export function feedbackFields(s: SubmissionIn): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const k of FEEDBACK_FORM_FIELDS) {
    const v = s.values[k];
    if (k === 'anonymous') fields[k] = Array.isArray(v) && v.includes('是') ? '是' : '否';
    else if (typeof v === 'string' && v.trim()) fields[k] = v;
  }
  return fields;
}
