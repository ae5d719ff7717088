/**
 * Acknowledging (收到/已读): which replies count, and which open duty a reply discharges. A bare ack
 * in a direct message discharges the only pending duty; with several, the bot asks which.
 */
import type { Policy } from '../policy.js';
import type { Duty } from './duty.js';

const TRAILING = /[\s。.!！~～]+$/u;

/** Whether a whole message is an acknowledgement (case-insensitive, trailing punctuation ignored). */
export function isAckText(text: string, policy: Policy): boolean {
  const t = text.trim().replace(TRAILING, '').toLowerCase();
  return t.length > 0 && policy.ackKeywords.some((k) => k.toLowerCase() === t);
}

export type AckTarget =
  | { kind: 'one'; duty: Duty }
  | { kind: 'all'; duties: Duty[] }
  | { kind: 'none' }
  | { kind: 'ambiguous'; duties: Duty[] };

/**
 * Picks the duties a reply acknowledges. `ref` is a typed reference (TZ12 / SCB20261101) or the
 * thread's form; without it, the only open duty, else ambiguous.
 */
export function chooseAckTarget(open: Duty[], ref?: string): AckTarget {
  if (ref !== undefined) {
    const hits = open.filter((d) => d.subject.ref === ref);
    if (hits.length === 0) return { kind: 'none' };
    return hits.length === 1 ? { kind: 'one', duty: hits[0]! } : { kind: 'all', duties: hits };
  }
  if (open.length === 0) return { kind: 'none' };
  const refs = new Set(open.map((d) => d.subject.ref));
  if (refs.size === 1) return open.length === 1 ? { kind: 'one', duty: open[0]! } : { kind: 'all', duties: open };
  return { kind: 'ambiguous', duties: open };
}
