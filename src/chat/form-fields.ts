/**
 * Form fields as typed (`期限: 2026-12-01 14:00`, `性质: 工作指令`, `紧急: 是`) → the domain's
 * `FormChanges`, with a precise message for the first value that does not parse.
 */
import type { FormChanges } from '../domain/form/form-input.js';
import type { FormDetails } from '../domain/form/form.js';
import { parseDeadline } from '../domain/plain-date.js';
import { resolveDept, type Org } from '../domain/org.js';
import type { Policy } from '../domain/policy.js';
import { USAGE } from '../texts/usage.js';
import type { RawFields } from './command.js';
import { NATURE_WORDS } from './command-words.js';
import { fieldTooLong } from './input-hygiene.js';

const DETAIL_KEYS: Array<keyof FormDetails> = ['time', 'place', 'people', 'event', 'requiredResult', 'attachments'];
const YES = ['是', 'yes', 'y', 'true', '1', '紧急'];
const NO = ['否', 'no', 'n', 'false', '0', '不紧急'];
/** The field's name in a length refusal (the word people type). */
const FIELD_NAMES: Record<string, string> = {
  receivingDept: '收文部门', deadline: '期限', replyBy: '回复期限', nature: '性质', subject: '主题', time: '时间',
  place: '地点', people: '人物', event: '事件', requiredResult: '要求完成结果', urgent: '紧急', attachments: '附件',
};

/**
 * What reading fields needs besides the policy: the org (a department by name or lower-case code,
 * `技术部` / `jsb`) and the instant plain-language dates count from (`明天`, `下周一`, `12/04`).
 */
export interface FieldContext {
  org: Org;
  now: number;
}

export function toFormChanges(raw: RawFields, policy: Policy, ctx: FieldContext): FormChanges | { message: string } {
  // One length limit per field (input-hygiene.ts LIMITS): refused whole, never cut.
  const long = fieldTooLong(raw, FIELD_NAMES);
  if (long) return { message: long };
  const c: FormChanges = {};
  if (raw.receivingDept !== undefined) c.receivingDept = resolveDept(ctx.org, raw.receivingDept)?.code ?? raw.receivingDept.trim().toUpperCase();
  if (raw.subject !== undefined) c.subject = raw.subject;
  for (const key of ['deadline', 'replyBy'] as const) {
    if (raw[key] === undefined) continue;
    const t = parseDeadline(raw[key], policy, ctx.now);
    if (t === undefined) return { message: USAGE.badDate(raw[key]) };
    c[key] = t;
  }
  if (raw.nature !== undefined) {
    const n = NATURE_WORDS[raw.nature.trim().toLowerCase()] ?? NATURE_WORDS[raw.nature.trim()];
    if (!n) return { message: USAGE.badNature(raw.nature) };
    c.nature = n;
  }
  if (raw.urgent !== undefined) {
    const u = raw.urgent.trim().toLowerCase();
    if (YES.includes(u)) c.urgent = true;
    else if (NO.includes(u)) c.urgent = false;
    else return { message: USAGE.badUrgent(raw.urgent) };
  }
  const details: FormDetails = {};
  for (const k of DETAIL_KEYS) if (raw[k] !== undefined) details[k] = raw[k]!;
  if (Object.keys(details).length) c.details = details;
  return c;
}
