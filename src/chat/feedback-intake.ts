/**
 * The one-line intake `反馈 <类别> <内容>` (and `匿名反馈 …`) → a `FeedbackDraft`, with a precise
 * message for what is missing or wrong. Fields may follow on their own lines (`部门: SCB`,
 * `时间: 11月20日起`, `期望: 尽快维修`, `匿名: 是`) or after a `;` on the first line; other lines
 * belong to the description.
 */
import type { FeedbackDraft } from '../app/feedback/submit-feedback.js';
import type { Org } from '../domain/org.js';
import { TF } from '../texts/feedback.js';
import { fieldTooLong } from './input-hygiene.js';
import { INTAKE_FIELDS, leadingCategory, lookup, NO, YES } from './feedback-words.js';

const FIELD_LINE = /^([^:：\s]{1,8})\s*[:：]\s*([\s\S]*)$/;

/** The draft, or a message saying what to fix. `anonymous` comes from the command word. */
export function parseIntake(org: Org, text: string, anonymous: boolean): FeedbackDraft | { message: string } {
  const found = leadingCategory(text);
  if (!found) {
    const word = text.trim().split(/\s+/)[0] ?? '';
    return { message: word ? `${TF.badCategory(word)}\n${TF.usage}` : TF.usage };
  }
  const description: string[] = [];
  const draft: FeedbackDraft = { category: found.category, description: '', anonymous };
  const [first = '', ...more] = found.rest.split('\n');
  const firstParts = first.split(/[;；]/);
  const pieces = [firstParts[0]!, ...firstParts.slice(1).map((p) => ({ field: p })), ...more.map((l) => ({ field: l }))];
  for (const piece of pieces) {
    if (typeof piece === 'string') {
      if (piece.trim()) description.push(piece.trim());
      continue;
    }
    const m = FIELD_LINE.exec(piece.field.trim());
    const key = m ? lookup(INTAKE_FIELDS, m[1]!) : undefined;
    if (!m || !key) {
      if (piece.field.trim()) description.push(piece.field.trim());
      continue;
    }
    const value = m[2]!.trim();
    if (key === 'dept') {
      const code = value.toUpperCase();
      if (!org.deptByCode.has(code)) return { message: TF.unknownDept(value) };
      draft.dept = code;
    } else if (key === 'anonymous') {
      if (YES.includes(value.toLowerCase())) draft.anonymous = true;
      else if (!NO.includes(value.toLowerCase())) return { message: TF.unknownField(`匿名: ${value}`) };
    } else if (value) draft[key] = value;
  }
  draft.description = description.join('\n');
  if (!draft.description) return { message: TF.descriptionMissing };
  const long = fieldTooLong({ timeNode: draft.timeNode, expected: draft.expected }, { timeNode: '时间', expected: '期望' });
  return long ? { message: long } : draft;
}
