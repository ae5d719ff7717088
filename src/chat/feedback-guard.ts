import type { Command } from './command.js';

/**
 * Errors out of feedback handling, made safe to log (SPEC §2: logs never carry an item's text or
 * an anonymous sender). A database error can carry the statement's parameters — the description,
 * the sealed address — and a logger that serialises errors prints them, so what leaves a feedback
 * command is a new error naming only the original's class. The transaction has already rolled
 * back; the router logs this and answers its usual apology.
 */
export class FeedbackFailure extends Error {
  constructor(original: unknown) {
    super(`feedback command failed (${original instanceof Error ? original.name : typeof original})`);
    this.name = 'FeedbackFailure';
  }
}

/** Runs `work`; any error comes out as a `FeedbackFailure` without the original's message or fields. */
export async function guardFeedback<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw new FeedbackFailure(err);
  }
}

/** Feedback verbs that never start an answer in a form dialogue (the others are ordinary words: 确认, 解决 …). */
const OWN_WORDS = new Set(['new', 'anon', 'list', 'mine', 'search', 'stats', 'export', 'help']);

/**
 * Feedback intake (反馈, 匿名反馈), a feedback query, or a command about an FK item: the router then
 * skips the form dialogue's lookup by the sender's id (a form dialogue answer practically never
 * starts so), so no statement names the person next to their (possibly anonymous) feedback.
 */
export function isFeedbackIntakeOrItem(cmd: Command): boolean {
  return cmd.kind === 'feedback' && (cmd.cmd.ref !== undefined || OWN_WORDS.has(cmd.cmd.verb));
}
