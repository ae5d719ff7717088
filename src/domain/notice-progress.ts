/**
 * How a notice's sender hears that it is being acknowledged (issue 14 §3). One "k/n received"
 * message per acknowledgement is right for a notice to a few people and wrong for one to the
 * whole company: 2,000 acknowledgements would be 2,000 messages to one person, queued behind each
 * other at the platform's per-conversation limit (Slack 1/s: half an hour of them).
 *
 * The rule, per notice:
 * - a notice to at most `EACH_ACK_UP_TO` people reports every acknowledgement, as before;
 * - a larger one reports the first acknowledgement at once, then at most one message per
 *   `EVERY_MS` with the count at that moment ("又有 37 人确认收到(已确认 120/2000)"), and the
 *   moment the last recipient acknowledges ("全部 2000 人已确认收到");
 * - an acknowledgement held back is never lost: the notice is marked due at the end of the
 *   interval, and the sweep (every minute) sends the count then, so the last message always
 *   carries the final count, whether or not everyone acknowledged.
 * So a notice to n > EACH_ACK_UP_TO people sends its sender at most 2 + (time until the last
 * acknowledgement) / EVERY_MS progress messages, whatever n is.
 *
 * Platforms that edit the notice's status line in place (Slack, Feishu) keep doing so for every
 * acknowledgement; this is only about the messages to the sender.
 */

/** Notices to at most this many people report every acknowledgement. */
export const EACH_ACK_UP_TO = 10;
/** The least time between two progress messages of one larger notice. */
export const EVERY_MS = 10 * 60_000;

/** What the sender was last told about a notice. */
export interface NoticeProgress {
  /** The count in the last progress message (0: none yet). */
  reported: number;
  /** When that message was enqueued. */
  reportedAt?: number;
  /** Set while acknowledgements are held back: when the sweep sends their count. */
  dueAt?: number;
}

/** What to do about an acknowledgement that brought the notice to `done` of `total`. */
export type ProgressStep = { kind: 'report' } | { kind: 'hold'; until: number };

export function progressStep(p: NoticeProgress, done: number, total: number, now: number): ProgressStep {
  if (total <= EACH_ACK_UP_TO || done >= total || p.reported === 0 || p.reportedAt === undefined) return { kind: 'report' };
  const next = p.reportedAt + EVERY_MS;
  return next <= now ? { kind: 'report' } : { kind: 'hold', until: next };
}
