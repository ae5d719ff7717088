/**
 * The intake form of 信息反馈 (issue 13 part 4): the same six pieces of content as the guided
 * dialogue (feedback-dialogue.ts) — category, description, department concerned, time node,
 * expected solution, anonymous or not — submitted at once from a platform's own form (a Slack
 * modal, a Feishu form card). A submission arrives as the command `反馈` with these fields by
 * name; `checkFeedbackForm` turns them into the draft the chat intake registers, or says, per
 * field and in Chinese, what to fix. Pure: the Slack receiver runs it before acknowledging (so a
 * mistake shows on the field while the modal is open) and the router runs it again before
 * registering (a forged submission never gets further than a refusal).
 */
import type { FeedbackDraft } from '../app/feedback/submit-feedback.js';
import { CATEGORY_ZH, FEEDBACK_CATEGORIES, type FeedbackCategory } from '../domain/feedback/feedback.js';
import type { Org } from '../domain/org.js';
import { TF } from '../texts/feedback.js';
import { TFF } from '../texts/feedback-form.js';
import { TH } from '../texts/hygiene.js';
import { CATEGORY_WORDS, lookup, NO, YES } from './feedback-words.js';
import { fieldTooLong, LIMITS } from './input-hygiene.js';

/** The fields of the form, by name (the ids of the Slack blocks and Feishu inputs too). */
export const FEEDBACK_FORM_FIELDS = ['category', 'description', 'dept', 'timeNode', 'expected', 'anonymous'] as const;
export type FeedbackFormField = (typeof FEEDBACK_FORM_FIELDS)[number];

/** The categories a form offers: value (the category code) and label, in the policy's order. */
export function categoryChoices(): Array<{ value: FeedbackCategory; label: string }> {
  return FEEDBACK_CATEGORIES.map((c) => ({ value: c, label: CATEGORY_ZH[c] }));
}

/** The departments a form offers (the directory's, by code). */
export function deptChoices(org: Org): Array<{ value: string; label: string }> {
  return org.departments.map((d) => ({ value: d.code, label: `${d.name} ${d.code}` }));
}

/** The draft, or the first problem of each field that has one. */
export type FeedbackFormCheck = { ok: true; draft: FeedbackDraft } | { ok: false; errors: Partial<Record<FeedbackFormField, string>> };

/**
 * Checks submitted fields. `anonymity`: the deployment can seal a sender (it has a secret); a form
 * that asks for anonymity without it is refused on that field.
 */
export function checkFeedbackForm(org: Org, fields: Record<string, string | undefined>, anonymity: boolean): FeedbackFormCheck {
  const errors: Partial<Record<FeedbackFormField, string>> = {};
  const value = (k: FeedbackFormField) => fields[k]?.trim() || undefined;
  const categoryText = value('category');
  const category = categoryText ? ((FEEDBACK_CATEGORIES as readonly string[]).includes(categoryText) ? (categoryText as FeedbackCategory) : lookup(CATEGORY_WORDS, categoryText)) : undefined;
  if (!categoryText) errors.category = TFF.categoryMissing;
  else if (!category) errors.category = TF.badCategory(categoryText);
  const description = value('description');
  if (!description) errors.description = TF.descriptionMissing;
  else if (Array.from(description).length > LIMITS.message) errors.description = TH.fieldTooLong('描述', Array.from(description).length, LIMITS.message);
  const deptText = value('dept');
  const dept = deptText ? org.deptByCode.get(deptText.toUpperCase())?.code : undefined;
  if (deptText && !dept) errors.dept = TF.unknownDept(deptText);
  for (const [k, name] of [['timeNode', '时间'], ['expected', '期望']] as const) {
    const long = fieldTooLong({ [k]: value(k) }, { [k]: name });
    if (long) errors[k] = long;
  }
  const anonText = value('anonymous')?.toLowerCase();
  const anonymous = anonText !== undefined && YES.includes(anonText);
  if (anonText !== undefined && !anonymous && !NO.includes(anonText)) errors.anonymous = TF.unknownField(`匿名: ${anonText}`);
  else if (anonymous && !anonymity) errors.anonymous = TF.anonymousUnavailable;
  if (Object.keys(errors).length) return { ok: false, errors };
  const draft: FeedbackDraft = { category: category!, description: description!, anonymous };
  if (dept) draft.dept = dept;
  const timeNode = value('timeNode');
  const expected = value('expected');
  if (timeNode) draft.timeNode = timeNode;
  if (expected) draft.expected = expected;
  return { ok: true, draft };
}

/** The form's errors as one refusal line each, in the form's order (platforms that cannot show them on the field). */
export function formErrorLines(errors: Partial<Record<FeedbackFormField, string>>): string[] {
  return FEEDBACK_FORM_FIELDS.flatMap((k) => (errors[k] ? [errors[k]] : []));
}
