/**
 * Telling an admin that a message went dead. The admins are the leaders of the 总经办 (gm_office)
 * department — the org file has no admin list, and its contract is not ours to change. The notice
 * names the message by its outbox key and recipient, never by its text (which may be confidential,
 * SPEC §2). A notice about a dead notice is never sent, so a broken admin account cannot loop.
 */
import type { OutboxRow } from '../../app/ports.js';
import type { OutgoingMessage, Recipient } from '../../domain/message.js';
import { deptWithRole, type Org, type PersonId } from '../../domain/org.js';

/** Keys of admin notices start with this; such rows never cause another notice. */
export const DEAD_NOTICE_PREFIX = 'outbox-dead:';

/** The admins who hear about dead messages: the leaders of the gm_office department. */
export function adminRecipients(org: Org): PersonId[] {
  return [...deptWithRole(org, 'gm_office').leaders];
}

export function isDeadNotice(row: Pick<OutboxRow, 'key'>): boolean {
  return row.key.startsWith(DEAD_NOTICE_PREFIX);
}

function describe(to: Recipient): string {
  switch (to.kind) {
    case 'person':
      return `人员 ${to.person}`;
    case 'dept':
      return `部门 ${to.dept}`;
    case 'announcements':
      return '公司公告频道(公示)';
    case 'thread':
      return `联络单 ${to.formNumber} 的线程${to.person ? `(推送给 ${to.person})` : ''}`;
    case 'reply':
      return to.person ? `人员 ${to.person}` : `${to.platform} 用户(不在通讯录中)`;
    case 'sealed':
      return '匿名反馈的提交人(anonymous sender)';
  }
}

/** One notice per admin about `row`, which went dead for `reason`; none for a dead notice. */
export function deadNotices(row: OutboxRow, reason: string, admins: PersonId[]): OutgoingMessage[] {
  if (isDeadNotice(row)) return [];
  return admins.map((admin) => ({
    key: `${DEAD_NOTICE_PREFIX}${row.id}:${admin}`,
    to: { kind: 'person', person: admin },
    view: {
      title: '消息投递失败 / Message not delivered',
      lines: [
        `发给${describe(row.to)}的消息(${row.key})在 ${row.attempts} 次尝试后仍未送达,已放弃。`,
        `原因 reason: ${reason.slice(0, 300)}`,
      ],
    },
  }));
}
