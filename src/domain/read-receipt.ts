/**
 * Read receipts (已读, SPEC §6 and glossary `readUnanswered`): where a platform reports that a
 * person has read a notice message (DingTalk `readStatus`, Feishu `read_users`), the bot keeps the
 * first read time as evidence. A read receipt is not an acknowledgement — the policy wants a reply
 * 收到/已读 — so it discharges nothing unless the policy says so (`readReceiptAcknowledges`).
 * Platform-neutral: a platform adapter polls what it sent (`ReadWatch`) and reports reads; the
 * shared use case (src/app/record-read.ts) records them.
 */
import type { PersonId } from './org.js';

/** One person's first read of a notice, as a platform reported it. */
export interface ReadReceipt {
  noticeId: number;
  person: PersonId;
  /** The platform that reported it (`dingtalk`, `feishu`). */
  platform: string;
  readAt: number;
}

/**
 * A sent notice message whose read status the platform can be asked about, until `until` (the
 * notice's window end): the platform's handle for the message (DingTalk `processQueryKey`, Feishu
 * `message_id`), the conversation it went to (`channel`: a group's id, or empty for a direct
 * message) and the people it went to, with each one's platform user id.
 */
export interface ReadWatch {
  id: number;
  platform: string;
  noticeId: number;
  handle: string;
  channel: string;
  /** Platform user id → person, for the people the message reached who have not been seen reading it. */
  readers: Record<string, PersonId>;
  until: number;
  nextPollAt: number;
  createdAt: number;
}

export type NewReadWatch = Omit<ReadWatch, 'id'>;

/** Whether `person` read notice `noticeId` (first read time), from a list of receipts. */
export function readTimeOf(receipts: readonly ReadReceipt[], noticeId: number, person: PersonId): number | undefined {
  return receipts.find((r) => r.noticeId === noticeId && r.person === person)?.readAt;
}
