/**
 * The 工作联络单 (LiaisonForm) record and its states (SPEC §3). Pure data: the transitions live
 * in `form-transitions.ts` and `decide-form.ts`.
 */
import type { DeptCode, PersonId } from '../org.js';

/**
 * draft 待审批 → (approve) issued 待签收 | (reject) returned 已退回 → (submit) draft
 * issued → (sign) signed 已签收 | (dispute) disputed 有异议 → (revise) issued
 * signed → (assign) in_progress 实施中 → (done) done 已完成 → (close) closed 已结案
 * any open state → (withdraw 撤回/作废, with a reason) withdrawn 已撤回: it ends the form and its duties
 * issued | disputed → (transfer 转交) issued again, to another receiving department, same number
 */
export type FormState = 'draft' | 'returned' | 'issued' | 'disputed' | 'signed' | 'in_progress' | 'done' | 'closed' | 'withdrawn';

export const FORM_STATE_ZH: Record<FormState, string> = {
  draft: '待审批',
  returned: '已退回',
  issued: '待签收',
  disputed: '有异议',
  signed: '已签收',
  in_progress: '实施中',
  done: '已完成',
  closed: '已结案',
  withdrawn: '已撤回',
};

export type FormNature = 'assist' | 'directive' | 'follow_up' | 'other';

export const FORM_NATURE_ZH: Record<FormNature, string> = {
  assist: '要求协助',
  directive: '工作指令',
  follow_up: '事件跟催',
  other: '其他',
};

/** The free-text fields of the seed's form (时间、地点、人物、事件、要求完成结果). */
export interface FormDetails {
  time?: string;
  place?: string;
  people?: string;
  event?: string;
  requiredResult?: string;
  attachments?: string;
}

/** A change (延期/修改) an implementer asked for, awaiting the issuer's answer. */
export interface ChangeRequest {
  by: PersonId;
  at: number;
  newDeadline: number;
  reason: string;
}

export interface LiaisonForm {
  id: number;
  /** Set when issued: dept code + YYYYMM + sequence (`RXB20170508`). */
  number?: string;
  state: FormState;
  issuingDept: DeptCode;
  receivingDept: DeptCode;
  issuer: PersonId;
  subject: string;
  nature: FormNature;
  urgent: boolean;
  details: FormDetails;
  /** 期限: when the work must be done (epoch ms). */
  deadline: number;
  /** 回复期限 set by the issuer; when absent, the policy's liaison_form window applies on issue. */
  replyBy?: number;
  implementers: PersonId[];
  changeRequest?: ChangeRequest;
  followUps: number;
  revision: number;
  escalated: boolean;
  result?: string;
  evaluation?: string;
  createdAt: number;
  issuedAt?: number;
  closedAt?: number;
}

/** One entry of a form's thread history. */
export type FormEventKind =
  | 'drafted'
  | 'edited'
  | 'approved'
  | 'rejected'
  | 'submitted'
  | 'issued'
  | 'signed'
  | 'disputed'
  | 'revised'
  | 'escalated'
  | 'assigned'
  | 'change_requested'
  | 'change_accepted'
  | 'change_declined'
  | 'done'
  | 'closed'
  | 'withdrawn'
  | 'transferred'
  | 'followed_up'
  | 'comment';

export interface FormEvent {
  id?: number;
  formId: number;
  at: number;
  actor: PersonId;
  kind: FormEventKind;
  text: string;
}
