/**
 * Acknowledging (收到/已读): which replies count, and which open duty a reply discharges. A bare ack
 * in a direct message discharges the only pending duty; with several, the bot asks which.
 */
import type { Policy } from '../policy.js';
import type { Duty } from './duty.js';

/**
 * What counts as an acknowledgement (issue 18, "the way people write"), case-insensitive:
 * 1. a keyword (`ack_keywords`) alone, with spaces, closing punctuation or emoji after it
 *    (`收到`, `收到!`, `收到~`, `👍`);
 * 2. a keyword followed by particles from `ack_rule.particles` (`收到了`, `好的呀`, `收到啦!`);
 * 3. with `ack_rule.more_after_punctuation`, either of those, then a separating punctuation mark,
 *    then anything (`收到,马上到`, `好的。明早到`).
 * Not an acknowledgement: a keyword running into other words (`收到的货有问题`, `收到货了吗`),
 * a question (`收到?`, `收到了吗`), or a message that merely contains one (`我没收到`).
 * The table of examples lives in test/unit/domain/ack-rule.test.ts.
 */
export interface AckRule {
  keywords: string[];
  particles: string[];
  moreAfterPunctuation: boolean;
}

const CLOSING = /^[\s。.!！~～…]*$/u;
const EMOJI_ONLY = /^[\s\p{Extended_Pictographic}\u{FE0F}\u{200D}\u{1F3FB}-\u{1F3FF}]*$/u;
const SEPARATOR = /^[\s]*[,，、;；。.!！~～…]/u;

/** The ack rule of a policy. */
export function ackRuleOf(policy: Pick<Policy, 'ackKeywords' | 'ackRule'>): AckRule {
  return { keywords: policy.ackKeywords, particles: policy.ackRule.particles, moreAfterPunctuation: policy.ackRule.moreAfterPunctuation };
}

/** Whether `text` acknowledges under `rule` (see above). */
export function matchesAck(text: string, rule: AckRule): boolean {
  const t = text.trim().toLowerCase();
  // A question never acknowledges (收到? 收到了吗?).
  if (!t || /[?？]/.test(t)) return false;
  for (const k of [...rule.keywords].sort((a, b) => b.length - a.length)) {
    const key = k.toLowerCase();
    if (!t.startsWith(key)) continue;
    let rest = t.slice(key.length);
    for (let changed = true; changed; ) {
      changed = false;
      for (const p of rule.particles) {
        if (p && rest.startsWith(p)) {
          rest = rest.slice(p.length);
          changed = true;
        }
      }
    }
    if (CLOSING.test(rest) || EMOJI_ONLY.test(rest)) return true;
    if (rule.moreAfterPunctuation && SEPARATOR.test(rest)) return true;
  }
  return false;
}

/** Whether a whole message is an acknowledgement under the policy's rule. */
export function isAckText(text: string, policy: Policy): boolean {
  return matchesAck(text, ackRuleOf(policy));
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
