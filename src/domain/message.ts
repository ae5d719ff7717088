/**
 * The neutral message model every adapter renders (ARCHITECTURE "views"): a title, text lines,
 * label/value fields and buttons. A button carries the chat command it stands for, so pressing it
 * is the same as typing it.
 */
import type { DeptCode, PersonId } from './org.js';

export interface Button {
  label: string;
  /** The command text the button sends, e.g. `签收 SCB20261101`. */
  command: string;
}

export interface MessageView {
  title?: string;
  lines: string[];
  fields?: Array<[label: string, value: string]>;
  buttons?: Button[];
}

/**
 * Where a message goes: a person directly, a department's group chat, a form's thread
 * (optionally pushed to one person, who must see it even where threads are quiet), or the sender
 * of an anonymous feedback item (`sealed`: their `{ platform, address }` encrypted with the
 * deployment's secret — see src/app/feedback/sealer.ts; only the delivering adapter opens it).
 */
export type Recipient =
  | { kind: 'person'; person: PersonId }
  | { kind: 'dept'; dept: DeptCode }
  | { kind: 'thread'; formId: number; formNumber: string; person?: PersonId }
  | { kind: 'sealed'; sealed: string };

/** A message the domain wants sent; `key` makes it idempotent (one row per key in the outbox). */
export interface OutgoingMessage {
  key: string;
  to: Recipient;
  view: MessageView;
}

export function view(lines: string[] | string, extra: Omit<MessageView, 'lines'> = {}): MessageView {
  return { lines: Array.isArray(lines) ? lines : [lines], ...extra };
}
