/**
 * The conversation a message belongs to, for ordering: the outbox sends at most one message of a
 * conversation at a time, oldest first. A form's thread is one conversation whoever the message
 * is pushed to, so a thread reads in the order its events happened.
 */
import { createHash } from 'node:crypto';
import type { Recipient } from '../../domain/message.js';

/**
 * `thread:<formId>`, `person:<person id>`, `dept:<dept code>`, or `sealed:<hash>` for an anonymous
 * sender (a hash of the sealed recipient: short enough for the column, and revealing nothing).
 */
export function conversationKey(to: Recipient): string {
  switch (to.kind) {
    case 'thread':
      return `thread:${to.formId}`;
    case 'person':
      return `person:${to.person}`;
    case 'dept':
      return `dept:${to.dept}`;
    case 'announcements':
      return 'announcements';
    case 'reply':
      // Ordered with the person's other messages; a stranger's answers by a hash of their id.
      return to.person ? `person:${to.person}` : `reply:${to.platform}:${createHash('sha256').update(to.user).digest('hex').slice(0, 32)}`;
    case 'sealed':
      return `sealed:${createHash('sha256').update(to.sealed).digest('hex').slice(0, 32)}`;
  }
}
