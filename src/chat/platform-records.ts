/**
 * What platform senders persist about the messages they post, and what they read back to keep
 * messages live — the adapters' window onto the store (they never see a repository or a
 * transaction). Implemented on the store in src/infra/outbox/platform-records-store.ts.
 *
 * - Thread roots: the first message for a form in a channel becomes its thread root (Slack,
 *   Feishu); later messages reply in that thread, which never forks (first writer wins).
 * - Platform messages that stand for something: a form's root, a notice card sent to a person, a
 *   notice's live status line — so that a reply in its thread, a reaction on it or a click on it
 *   is tied back, and live lines can be updated in place.
 * - Live views: a form's current card (state and next-step buttons), a notice's status line.
 * - Read receipts (DingTalk, Feishu): when the platform says a person has read a notice message.
 */
import type { MessageView } from '../domain/message.js';
import type { PersonId } from '../domain/org.js';
import type { NewReadWatch, ReadWatch } from '../domain/read-receipt.js';

/** Where a form's thread lives on a platform: the channel and the id of its root message. */
export interface ThreadRoot {
  formId: number;
  platform: string;
  channel: string;
  rootId: string;
  createdAt: number;
}

/** What a platform message stands for: a form's thread root, a notice, or a notice's live status line. */
export type PlatformMessageSubject = 'form' | 'notice' | 'notice_status';

/** A message on a platform (channel + message id) that stands for a form or a notice. */
export interface PlatformMessageRecord {
  platform: string;
  channel: string;
  messageId: string;
  subjectKind: PlatformMessageSubject;
  subjectId: number;
  /** The form number or the notice ref (`TZ12`). */
  subjectRef: string;
  createdAt: number;
}

/** The records senders keep; every method runs in its own short transaction. */
export interface PlatformRecords {
  threadRoot(formId: number, platform: string): Promise<ThreadRoot | undefined>;
  /** Stores the root unless one is stored already; returns the stored one (first writer wins). */
  putThreadRoot(root: ThreadRoot): Promise<ThreadRoot>;
  /** Records a message unless it is recorded already (the first record stays). */
  putMessage(message: PlatformMessageRecord): Promise<void>;
  findMessage(platform: string, channel: string, messageId: string): Promise<PlatformMessageRecord | undefined>;
  /** The messages of one subject on a platform, oldest first. */
  messagesOf(platform: string, kind: PlatformMessageSubject, subjectId: number): Promise<PlatformMessageRecord[]>;
  /** The departments of a form (they never change once issued), or undefined. */
  formDepts(formId: number): Promise<{ issuingDept: string; receivingDept: string } | undefined>;
  /** The form's live card (every field, the latest event, next-step buttons), or undefined. */
  liveFormCard(formId: number): Promise<MessageView | undefined>;
  /** The notice's live status line (已确认 n/m, who has and who has not) and its id, or undefined. */
  noticeStatus(ref: string): Promise<{ id: number; view: MessageView } | undefined>;
  /** The people notice `noticeId` was sent to (empty when there is no such notice). */
  noticeRecipients(noticeId: number): Promise<PersonId[]>;
  /** The platform reports that `person` read a message of notice `noticeId` at `readAt` (kept: the first time). */
  markRead(noticeId: number, person: PersonId, platform: string, readAt: number): Promise<void>;
  /**
   * Records a batch of reads (src/app/record-read.ts: evidence, and an acknowledgement only when
   * the policy says so); answers how many were new.
   */
  recordReads(platform: string, reads: Array<{ noticeId: number; person: PersonId; readAt: number }>): Promise<number>;
  /** Starts polling a sent notice message for read status (src/chat/read-receipts.ts). */
  watchReads(watch: NewReadWatch): Promise<void>;
  /** Watches of `platform` due at `now`, soonest first. */
  dueReadWatches(platform: string, now: number, limit: number): Promise<ReadWatch[]>;
  /** Who is still unread, and when to ask again. */
  updateReadWatch(id: number, readers: Record<string, PersonId>, nextPollAt: number): Promise<void>;
  /** Stops polling (everyone read it, or the window ended). */
  endReadWatch(id: number): Promise<void>;
}
