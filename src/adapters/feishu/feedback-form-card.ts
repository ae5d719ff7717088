/**
 * The 信息反馈 intake form on a Feishu card (issue 13 part 4): a JSON 2.0 form container
 * (https://open.feishu.cn/document/feishu-cards/card-json-v2-components/containers/form-container)
 * with the six pieces of content of the guided dialogue — 类别 and 涉及部门 as `select_static`,
 * 具体描述 / 时间节点 / 期望 as `input`, 匿名 as a `select_static` of 署名 / 匿名 (offered only where
 * the deployment can seal a sender) — and a submit button (`form_action_type: submit`). Feishu
 * sends what was filled in as `action.form_value` of a `card.action.trigger` callback; the button's
 * value says it is this form (`form: 'feedback'`) and whether the card is in a direct chat.
 * Component names are the field names of src/chat/feedback-form.ts. Pure.
 *
 * Fields as documented for JSON 2.0: `input` (name, required, label, label_position, input_type
 * `multiline_text`, rows, max_length ≤ 1,000, width;
 * https://open.feishu.cn/document/feishu-cards/card-json-v2-components/interactive-components/input)
 * and `select_static` (name, required, placeholder, options, initial_option, width;
 * …/interactive-components/select-static). Not yet tried on a real tenant: the fake does not
 * validate card schemas.
 */
import { categoryChoices } from '../../chat/feedback-form.js';
import type { InputRequest } from '../../domain/message.js';
import { TFF } from '../../texts/feedback-form.js';

type FeedbackInput = Extract<InputRequest, { kind: 'new_feedback' }>;

/** The callback value of the form's submit button. */
export interface FormButtonValue {
  cmd: string;
  form: 'feedback';
  dm?: boolean;
}

/** Feishu's input component takes at most 1,000 characters (`max_length`). */
const INPUT_MAX = 1000;
const plain = (content: string) => ({ tag: 'plain_text', content });
const select = (name: string, label: string, options: Array<{ value: string; label: string }>, opts: { required?: boolean; initial?: string } = {}) => ({
  tag: 'select_static', name, required: opts.required ?? false, placeholder: plain(label), width: 'fill',
  options: options.map((o) => ({ text: plain(o.label), value: o.value })),
  ...(opts.initial ? { initial_option: opts.initial } : {}),
});
const input = (name: string, label: string, placeholder: string, opts: { required?: boolean; multiline?: boolean } = {}) => ({
  tag: 'input', name, required: opts.required ?? false, label: plain(label), label_position: 'top', placeholder: plain(placeholder), max_length: INPUT_MAX, width: 'fill',
  ...(opts.multiline ? { input_type: 'multiline_text', rows: 4 } : {}),
});

/** The card elements of the form (a note, then the form container). */
export function feedbackFormElements(req: FeedbackInput, dm: boolean | undefined): Array<Record<string, unknown>> {
  const fields: Array<Record<string, unknown>> = [
    select('category', TFF.category, categoryChoices(), { required: true, ...(req.category ? { initial: req.category } : {}) }),
    input('description', TFF.description, TFF.descriptionHint, { required: true, multiline: true }),
    req.depts?.length ? select('dept', TFF.dept, req.depts) : input('dept', TFF.dept, TFF.deptHint),
    input('timeNode', TFF.timeNode, TFF.timeNodeHint),
    input('expected', TFF.expected, TFF.expected, { multiline: true }),
  ];
  if (req.anonymity) {
    fields.push(select('anonymous', TFF.anonymous, [{ value: '否', label: '署名' }, { value: '是', label: '匿名' }], { initial: req.anonymous ? '是' : '否' }));
  }
  const value: FormButtonValue = { cmd: '反馈', form: 'feedback', ...(dm ? { dm: true } : {}) };
  fields.push({ tag: 'button', name: 'submit', text: plain(TFF.submit), type: 'primary', form_action_type: 'submit', behaviors: [{ type: 'callback', value }] });
  return [
    { tag: 'markdown', content: `**${req.anonymous ? TFF.titleAnonymous : TFF.title}** · ${TFF.formOrDialogue}${req.anonymity ? '' : ` ${TFF.noAnonymity}`}` },
    { tag: 'form', name: 'feedback_form', elements: fields },
  ];
}

/** `action.form_value` → the form's fields (strings; a select's option value; anything else dropped). */
export function formFields(formValue: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(formValue)) {
    const s: unknown = Array.isArray(v) ? (v as unknown[])[0] : v;
    if (typeof s === 'string' && s.trim()) out[k] = s.slice(0, 5000);
    else if (typeof s === 'boolean') out[k] = s ? '是' : '否';
  }
  return out;
}
