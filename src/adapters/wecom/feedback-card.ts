/**
 * The guided 反馈's first question as a WeCom `multiple_interaction` template card (issue 13
 * part 4): up to three selects — the category, the department concerned, and 署名/匿名 (only when
 * the deployment can seal, and not for 匿名反馈, which fixed it) — and a submit button. The
 * submitted choices answer those dialogue steps; the description (and time, expected solution)
 * then follow as typed text. Pure: encode for message/send, decode a callback's `SelectedItems`.
 *
 * Limits (path/90236 多项选择型): at most 3 selects of at most 10 options each. A directory with
 * more departments than fit shows the first 8 in directory order plus 跳过 and 其他(稍后回复);
 * 其他 leaves the department to the dialogue's typed step. The card never shows who is asking.
 */
import { CATEGORY_ZH, FEEDBACK_CATEGORIES, type FeedbackCategory } from '../../domain/feedback/feedback.js';
import type { InputRequest, MessageView } from '../../domain/message.js';
import { TFF } from '../../texts/feedback-form.js';
import type { SelectedItem } from './wire/xml.js';

type FeedbackInput = Extract<InputRequest, { kind: 'new_feedback' }>;

/** The submit button's key (not a command key: it never decodes as a typed command). */
export const FEEDBACK_CARD_KEY = 'sd_feedback_card';
/** The question keys, and the option ids that are not a category or a department. */
export const Q = { category: 'category', dept: 'dept', anonymous: 'anonymous' } as const;
export const DEPT_SKIP = 'skip';
export const DEPT_OTHER = 'other';
const DEPT_PREFIX = 'd_';
const DEPT_CODE = /^[A-Za-z0-9]{1,16}$/;
export const ANON = { named: 'named', anonymous: 'anon' } as const;
export const CARD_LIMITS = { selects: 3, options: 10, selectTitle: 13, optionText: 11 } as const;

export interface MultipleInteractionCard {
  card_type: 'multiple_interaction';
  main_title: { title: string; desc?: string };
  task_id: string;
  select_list: Array<{ question_key: string; title: string; selected_id?: string; option_list: Array<{ id: string; text: string }> }>;
  submit_button: { text: string; key: string };
}

/** The choices a submitted card made, by dialogue step (the department as a code, `skip` or `other`). */
export interface CardChoices {
  category?: string;
  dept?: string;
  anonymous?: 'yes' | 'no';
}

const cut = (s: string, max: number) => {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
};

/** The department select's options: all of them when they fit, else the first 8 and 其他. */
function deptOptions(depts: NonNullable<FeedbackInput['depts']>): Array<{ id: string; text: string }> {
  const room = CARD_LIMITS.options - 1;
  const fits = depts.length <= room;
  const shown = (fits ? depts : depts.slice(0, room - 1)).filter((d) => DEPT_CODE.test(d.value));
  const opts = [{ id: DEPT_SKIP, text: TFF.cardDeptSkip }, ...shown.map((d) => ({ id: DEPT_PREFIX + d.value, text: cut(d.label, CARD_LIMITS.optionText) }))];
  if (!fits || shown.length < depts.length) opts.push({ id: DEPT_OTHER, text: TFF.cardDeptOther });
  return opts;
}

/** The card for a view asking the dialogue's first question (`input.kind === 'new_feedback'`). */
export function feedbackCard(view: MessageView, input: FeedbackInput, taskId: string): MultipleInteractionCard {
  const selects: MultipleInteractionCard['select_list'] = [
    { question_key: Q.category, title: TFF.category, option_list: FEEDBACK_CATEGORIES.map((c) => ({ id: c, text: CATEGORY_ZH[c] })) },
  ];
  if (input.depts?.length) selects.push({ question_key: Q.dept, title: TFF.cardDept, option_list: deptOptions(input.depts) });
  if (input.anonymity && !input.anonymous) {
    selects.push({ question_key: Q.anonymous, title: TFF.cardAnonymity, selected_id: ANON.named, option_list: [{ id: ANON.named, text: TFF.cardNamed }, { id: ANON.anonymous, text: TFF.cardAnonymous }] });
  }
  const title = view.title ?? (input.anonymous ? TFF.titleAnonymous : TFF.title);
  return {
    card_type: 'multiple_interaction',
    main_title: { title: cut(TFF.cardTitle(title), 36), desc: cut(TFF.cardHint, 44) },
    task_id: taskId,
    select_list: selects.map((s) => ({ ...s, title: cut(s.title, CARD_LIMITS.selectTitle) })),
    submit_button: { text: TFF.submit, key: FEEDBACK_CARD_KEY },
  };
}

/**
 * A submitted card's `SelectedItems` → the choices, or undefined for anything this card did not
 * offer: an unknown question key, more than one option for a question, an unknown category or
 * anonymity id, a department id of another shape. (Whether the department exists is the dialogue's
 * check: decode knows no directory.)
 */
export function readCardChoices(items: SelectedItem[]): CardChoices | undefined {
  const out: CardChoices = {};
  for (const { questionKey, optionIds } of items) {
    if (optionIds.length !== 1) return undefined;
    const id = optionIds[0]!;
    if (questionKey === Q.category) {
      if (!(FEEDBACK_CATEGORIES as readonly string[]).includes(id)) return undefined;
      out.category = CATEGORY_ZH[id as FeedbackCategory];
    } else if (questionKey === Q.dept) {
      if (id === DEPT_SKIP || id === DEPT_OTHER) out.dept = id;
      else if (id.startsWith(DEPT_PREFIX) && DEPT_CODE.test(id.slice(DEPT_PREFIX.length))) out.dept = id.slice(DEPT_PREFIX.length);
      else return undefined;
    } else if (questionKey === Q.anonymous) {
      if (id === ANON.anonymous) out.anonymous = 'yes';
      else if (id === ANON.named) out.anonymous = 'no';
      else return undefined;
    } else return undefined;
  }
  return out;
}
