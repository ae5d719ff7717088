/**
 * The neutral message model every adapter renders (ARCHITECTURE "views"): a title, text lines,
 * label/value fields and buttons. A button carries the chat command it stands for, so pressing it
 * is the same as typing it.
 */
import type { DeptCode, PersonId, Platform } from './org.js';

/** A file sent with a message (导出's XLSX): its name, MIME type and bytes in base64. */
export interface FileAttachment {
  name: string;
  mime: string;
  base64: string;
}

export interface Button {
  label: string;
  /** The command text the button sends, e.g. `签收 SCB20261101`. */
  command: string;
}

/**
 * What a message is about, so that no adapter or sender scrapes references out of text or keys
 * (ARCHITECTURE rule 12): a form (`ref` its number), a draft (`#12`), a notice (`TZ12`), a
 * feedback item (`FK…`), a violation (`WG3`); `id` the record's id where known.
 */
export interface MessageAbout {
  kind: 'form' | 'draft' | 'notice' | 'feedback' | 'violation';
  ref: string;
  id?: number;
  /**
   * This message is how a notice reaches its recipient (the bot's own message to them, not a
   * reminder about it): if it is never delivered, the recipient cannot owe the notice's duty
   * (src/app/undelivered-notice.ts).
   */
  delivers?: true;
}

/**
 * Input a platform may collect with a form of its own instead of text (Slack modals): the step of
 * a form that needs more than a click (`有异议`, `指派`, …, with the form's ref), or a new form.
 * A platform without such forms shows `lines` (the usage) and reads the typed answer instead.
 */
export type InputRequest =
  | { kind: 'form_step'; word: string; ref: string }
  | { kind: 'new_form' }
  /**
   * The 信息反馈 intake form (src/chat/feedback-form.ts): `anonymous` preset (匿名反馈), `anonymity`
   * whether the deployment can seal a sender at all (else the form has no anonymity choice),
   * `category` preset (`反馈 投诉`), `depts` the departments to choose from (for renderers
   * without the directory).
   */
  | { kind: 'new_feedback'; anonymous: boolean; anonymity: boolean; category?: string; depts?: Array<{ value: string; label: string }> };

export interface MessageView {
  title?: string;
  lines: string[];
  fields?: Array<[label: string, value: string]>;
  buttons?: Button[];
  /** What the message is about (see `MessageAbout`). */
  about?: MessageAbout;
  /**
   * Ring the recipient where the platform can (DingTalk DING, Feishu 加急): `app` in-app, `sms`
   * and `phone` cost money and are only used when the policy names them. Elsewhere: an ordinary message.
   */
  ring?: 'app' | 'sms' | 'phone';
  /** This message asks for input a platform may collect with its own form (see `InputRequest`). */
  input?: InputRequest;
  /**
   * A file that goes with the message (导出's XLSX). The console names it; platform senders that
   * cannot upload yet send the text alone, whose lines say how to get the file otherwise.
   */
  attachment?: FileAttachment;
  /**
   * An answer to an inbound event, and what that event did (for platforms that show it in place):
   * `acknowledged`: the notices/forms this event acknowledged or signed (Slack adds ✅ to the
   * message and refreshes their live status lines); `clicked`: who did what, to show on the card
   * that was clicked (`赵强 已签收`); `noticeCreated`: this answer is the live status line of a
   * notice just created by the message it answers.
   */
  outcome?: { acknowledged?: string[]; clicked?: string; noticeCreated?: { id: number; ref: string } };
}

/**
 * Where a message goes: a person directly, a department's group chat, a form's thread
 * (optionally pushed to one person, who must see it even where threads are quiet), or the sender
 * of an anonymous feedback item (`sealed`: their `{ platform, address }` encrypted with the
 * deployment's secret — see src/app/feedback/sealer.ts; only the delivering adapter opens it).
 */
export type Recipient =
  | { kind: 'person'; person: PersonId }
  /**
   * The answer to an inbound event, back where it was said (`replyTo`: the adapter's routing data,
   * see `ReplyTo`), to platform user `user` — the person `person` when they are in the directory
   * (a stranger has none). Ordered with the person's other messages.
   */
  | { kind: 'reply'; platform: Exclude<Platform, 'console'>; user: string; person?: PersonId; replyTo: ReplyTo }
  | { kind: 'dept'; dept: DeptCode }
  /** The company-wide channel of the 公示 (`Org.announcements`), else 总经办's channel. */
  | { kind: 'announcements' }
  | { kind: 'thread'; formId: number; formNumber: string; person?: PersonId }
  | { kind: 'sealed'; sealed: string };

/**
 * Where and how an answer to an inbound event goes back, as the platform adapter's decode produced
 * it: plain JSON that only the same adapter's sender reads (Slack: channel, thread ts, ephemeral
 * user, response URL; WeCom: the clicked card's response code). Stored with the reply in the
 * outbox — inside the sealed recipient when the reply is confidential.
 */
export type ReplyTo = { [key: string]: string | number | boolean | undefined };

/** A message the domain wants sent; `key` makes it idempotent (one row per key in the outbox). */
export interface OutgoingMessage {
  key: string;
  to: Recipient;
  view: MessageView;
}

export function view(lines: string[] | string, extra: Omit<MessageView, 'lines'> = {}): MessageView {
  return { lines: Array.isArray(lines) ? lines : [lines], ...extra };
}
