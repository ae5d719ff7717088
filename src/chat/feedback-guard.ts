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
const OWN_WORDS = new Set(['new', 'anon', 'proxy', 'list', 'mine', 'search', 'stats', 'export', 'help']);

/**
 * Feedback intake (反馈, 匿名反馈), a feedback query, or a command about an FK item: the router then
 * skips the form dialogue's lookup by the sender's id (a form dialogue answer practically never
 * starts so), so no statement names the person next to their (possibly anonymous) feedback.
 */
export function isFeedbackIntakeOrItem(cmd: Command): boolean {
  return cmd.kind === 'feedback' && (cmd.cmd.ref !== undefined || OWN_WORDS.has(cmd.cmd.verb));
}

/** Answers a guided dialogue itself understands; they never count as a new command. */
const DIALOGUE_WORDS = new Set(['取消', 'cancel', '退出', '跳过', 'skip', '-', '完成', '好', '好了', '提交', 'done', 'ok', '是', '否']);

/**
 * Whether a message sent during a guided dialogue (新建联络单, 反馈) is itself a complete command
 * and so leaves the dialogue instead of being taken as the answer (issue 18): any command but
 * plain text, a malformed command word, an acknowledgement, the dialogue's own words, and a
 * step on a form without its number. Feedback
 * verbs that are ordinary words (确认, 解决 …) count only as intake, a query or with an FK number.
 */
export function leavesDialogue(cmd: Command, text: string): boolean {
  if (DIALOGUE_WORDS.has(text.trim().toLowerCase())) return false;
  // 汇报…: in a dialogue it is an answer (a 工作汇报 item's description may well start so).
  if (cmd.kind === 'text' || cmd.kind === 'invalid' || cmd.kind === 'ack' || cmd.kind === 'work_report') return false;
  // A step on a form is complete only with its number: 「跟催供应商交货」 is a subject, not a chase.
  if ('ref' in cmd && cmd.kind !== 'show') return cmd.ref !== undefined;
  return cmd.kind !== 'feedback' || isFeedbackIntakeOrItem(cmd);
}
