/**
 * The fields a person fills in (新建联络单 and 修改) and their validation: a new draft, or changes to
 * an existing one. Times arrive already parsed (epoch ms); the chat layer parses the text.
 */
import { formatLocal } from '../local-time.js';
import { type DeptCode, type Org, type PersonId } from '../org.js';
import type { Policy } from '../policy.js';
import { refuse, type Refusal } from '../refusal.js';
import { T } from '../../texts/zh.js';
import { FORM_NATURE_ZH, type FormDetails, type FormNature, type LiaisonForm } from './form.js';

export interface FormChanges {
  receivingDept?: DeptCode;
  subject?: string;
  nature?: FormNature;
  urgent?: boolean;
  deadline?: number;
  replyBy?: number;
  details?: FormDetails;
}

export interface FormInput extends FormChanges {
  receivingDept: DeptCode;
  subject: string;
  deadline: number;
}

interface Ctx {
  org: Org;
  policy: Policy;
  now: number;
}

/** A new draft by `issuer` (its department issues), or the reason it cannot be made. */
export function newFormDraft(ctx: Ctx, issuer: PersonId, input: FormInput): Omit<LiaisonForm, 'id'> | Refusal {
  const person = ctx.org.personById.get(issuer)!;
  const draft: Omit<LiaisonForm, 'id'> = {
    state: 'draft',
    issuingDept: person.department,
    receivingDept: input.receivingDept,
    issuer,
    subject: input.subject.trim(),
    nature: input.nature ?? 'assist',
    urgent: input.urgent ?? false,
    details: { ...(input.details ?? {}) },
    deadline: input.deadline,
    implementers: [],
    followUps: 0,
    revision: 0,
    escalated: false,
    createdAt: ctx.now,
  };
  if (input.replyBy !== undefined) draft.replyBy = input.replyBy;
  const bad = validate(ctx, draft);
  return bad ?? draft;
}

/** Applies changes to a form being edited or revised; returns a summary of what changed. */
export function applyChanges(ctx: Ctx, form: LiaisonForm, c: FormChanges): { summary: string } | Refusal {
  const parts: string[] = [];
  const tz = ctx.policy.timezone;
  if (c.receivingDept !== undefined && c.receivingDept !== form.receivingDept) {
    if (form.state === 'disputed') return refuse('dept_fixed', T.deptFixedAfterIssue);
    form.receivingDept = c.receivingDept;
    parts.push(`接收部门 ${c.receivingDept}`);
  }
  if (c.subject !== undefined) {
    form.subject = c.subject.trim();
    parts.push(`主题《${form.subject}》`);
  }
  if (c.nature !== undefined) {
    form.nature = c.nature;
    parts.push(`性质 ${FORM_NATURE_ZH[c.nature]}`);
  }
  if (c.urgent !== undefined) {
    form.urgent = c.urgent;
    parts.push(c.urgent ? '紧急' : '非紧急');
  }
  if (c.deadline !== undefined) {
    form.deadline = c.deadline;
    parts.push(`期限 ${formatLocal(c.deadline, tz)}`);
  }
  if (c.replyBy !== undefined) {
    form.replyBy = c.replyBy;
    parts.push(`回复期限 ${formatLocal(c.replyBy, tz)}`);
  }
  for (const [k, v] of Object.entries(c.details ?? {}) as Array<[keyof FormDetails, string]>) {
    form.details[k] = v;
    parts.push(`${DETAIL_ZH[k]} ${v}`);
  }
  if (!parts.length) return refuse('nothing', T.nothingToRevise);
  const bad = validate(ctx, form);
  return bad ?? { summary: parts.join(';') };
}

export const DETAIL_ZH: Record<keyof FormDetails, string> = {
  time: '时间',
  place: '地点',
  people: '人物',
  event: '事件',
  requiredResult: '要求完成结果',
  attachments: '附件',
};

function validate(ctx: Ctx, f: Omit<LiaisonForm, 'id'>): Refusal | undefined {
  const tz = ctx.policy.timezone;
  if (!ctx.org.deptByCode.has(f.receivingDept)) return refuse('dept', T.unknownDept(f.receivingDept));
  if (f.receivingDept === f.issuingDept) return refuse('same_dept', T.sameDept);
  if (!f.subject) return refuse('subject', T.subjectMissing);
  if (f.deadline <= ctx.now) return refuse('deadline_past', T.deadlineInPast(formatLocal(f.deadline, tz)));
  if (f.replyBy !== undefined) {
    if (f.replyBy <= ctx.now) return refuse('reply_past', T.deadlineInPast(formatLocal(f.replyBy, tz)));
    if (f.replyBy > f.deadline) return refuse('reply_after', T.replyByAfterDeadline);
  }
  return undefined;
}
