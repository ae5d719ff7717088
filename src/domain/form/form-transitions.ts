/**
 * The 工作联络单 state table (SPEC §3, the seed's flow chart): for every action, the states it is
 * allowed in, who may take it, and the state it leads to. `decide-form.ts` reads this table first;
 * the per-action code only adds guards (deadlines) and effects.
 */
import type { FormState } from './form.js';

/** The parts people play on one form. */
export type FormRole = 'issuer' | 'issuing_leader' | 'receiving_leader' | 'implementer' | 'gm_office' | 'party';

export type FormActionKind =
  | 'approve'
  | 'reject'
  | 'submit'
  | 'edit'
  | 'sign'
  | 'dispute'
  | 'escalate'
  | 'assign'
  | 'request_change'
  | 'accept_change'
  | 'decline_change'
  | 'done'
  | 'close'
  | 'withdraw'
  | 'transfer'
  | 'follow_up'
  | 'comment';

export interface TransitionRule {
  from: readonly FormState[];
  who: readonly FormRole[];
  /** The next state; `same` keeps it (edits, follow-ups). `edit` in `disputed` is the revision. */
  to: FormState | 'same';
}

const OPEN_AFTER_ISSUE: readonly FormState[] = ['issued', 'disputed', 'signed', 'in_progress', 'done'];

export const FORM_TRANSITIONS: Record<FormActionKind, TransitionRule> = {
  approve: { from: ['draft'], who: ['issuing_leader'], to: 'issued' },
  reject: { from: ['draft'], who: ['issuing_leader'], to: 'returned' },
  submit: { from: ['returned'], who: ['issuer'], to: 'draft' },
  edit: { from: ['draft', 'returned', 'disputed'], who: ['issuer', 'issuing_leader'], to: 'same' },
  sign: { from: ['issued', 'disputed'], who: ['receiving_leader'], to: 'signed' },
  dispute: { from: ['issued'], who: ['receiving_leader'], to: 'disputed' },
  escalate: { from: ['issued', 'disputed', 'signed', 'in_progress'], who: ['issuer', 'issuing_leader'], to: 'same' },
  assign: { from: ['signed', 'in_progress'], who: ['receiving_leader'], to: 'in_progress' },
  request_change: { from: ['signed', 'in_progress'], who: ['implementer', 'receiving_leader'], to: 'same' },
  accept_change: { from: ['signed', 'in_progress'], who: ['issuer', 'issuing_leader'], to: 'same' },
  decline_change: { from: ['signed', 'in_progress'], who: ['issuer', 'issuing_leader'], to: 'same' },
  done: { from: ['signed', 'in_progress'], who: ['implementer', 'receiving_leader'], to: 'done' },
  close: { from: ['done'], who: ['issuer', 'issuing_leader'], to: 'closed' },
  // 撤回/作废: the issuing side ends a form at any open step, with a reason; its duties end too.
  withdraw: { from: ['draft', 'returned', ...OPEN_AFTER_ISSUE], who: ['issuer', 'issuing_leader'], to: 'withdrawn' },
  // 转交: the receiving leader hands it to another department before signing; the issuer may
  // re-address it after a dispute (decide-form.ts guards that). Same number, new sign duty.
  transfer: { from: ['issued', 'disputed'], who: ['receiving_leader', 'issuer', 'issuing_leader'], to: 'issued' },
  follow_up: { from: OPEN_AFTER_ISSUE, who: ['issuer', 'issuing_leader'], to: 'same' },
  comment: {
    from: ['draft', 'returned', 'issued', 'disputed', 'signed', 'in_progress', 'done', 'closed', 'withdrawn'],
    who: ['party'],
    to: 'same',
  },
};

export const ACTION_ZH: Record<FormActionKind, string> = {
  approve: '审批同意',
  reject: '驳回',
  submit: '重新提交',
  edit: '修改',
  sign: '签收',
  dispute: '提出异议',
  escalate: '上报主管领导',
  assign: '指派实施人',
  request_change: '申请延期',
  accept_change: '同意延期',
  decline_change: '驳回延期',
  done: '报告完成',
  close: '结案',
  withdraw: '撤回',
  transfer: '转交',
  follow_up: '跟催',
  comment: '留言',
};

export const ROLE_ZH: Record<FormRole, string> = {
  issuer: '承办人',
  issuing_leader: '发函部门领导',
  receiving_leader: '接收部门领导',
  implementer: '具体实施人',
  gm_office: '总经办',
  party: '双方部门人员',
};
