/**
 * 通知 (Notice): a superior's message that creates duties to acknowledge (SPEC §4). `kind` picks the
 * rule: a notice (30m), a tracked email (12h), or a missed call (30m, call back and log it).
 */
import type { Duty } from './duty/duty.js';
import type { DeptCode, PersonId } from './org.js';
import type { WindowRule } from './policy.js';

export type NoticeKind = 'notice' | 'email' | 'missed_call';

export const NOTICE_RULE: Record<NoticeKind, WindowRule> = {
  notice: 'superior_notice',
  email: 'superior_email',
  missed_call: 'missed_call',
};

export const NOTICE_KIND_ZH: Record<NoticeKind, string> = {
  notice: '通知',
  email: '工作邮件',
  missed_call: '未接来电',
};

/**
 * Whether a notice's duty ended because the notice never reached its recipient. A notice's duty is
 * cancelled only then (src/app/undelivered-notice.ts); forms and feedback cancel theirs for other
 * reasons, so this reads only a notice's duties.
 */
export function neverReached(duty: Pick<Duty, 'status'>): boolean {
  return duty.status === 'cancelled';
}

export interface Notice {
  id: number;
  /** Human reference `TZ<id>`, typed back in `收到 TZ12`. */
  ref: string;
  kind: NoticeKind;
  from: PersonId;
  text: string;
  recipients: PersonId[];
  /** The group chat it was posted in, if any. */
  dept?: DeptCode;
  createdAt: number;
}

export function noticeRef(id: number): string {
  return `TZ${id}`;
}
