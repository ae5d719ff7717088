/**
 * Chat intake (反馈 / 匿名反馈): checks what anonymity needs — a secret to seal the sender with, and
 * a direct message (a group has already seen who wrote) — then registers the item and confirms it
 * with its number and time. For an anonymous item the sender's address is sealed before anything
 * is stored, and the person id never reaches the item, its history, its duties or the audit.
 */
import type { FeedbackInput } from '../../domain/feedback/feedback-intake.js';
import { formatLocal } from '../../domain/local-time.js';
import type { DeptCode } from '../../domain/org.js';
import { TF } from '../../texts/feedback.js';
import type { AppDeps, Reply } from '../deps.js';
import { transact } from '../transact.js';
import type { FeedbackActor } from './feedback-lookup.js';
import { registerFeedback } from './register-feedback.js';
import { addressOf } from './sealer.js';
import { submitReportFromFeedback } from '../work-reports/submit-report.js';

/** What the submitter filled in (the guided dialogue or the one-line command); who and how come from the channel. */
export type FeedbackDraft = Omit<FeedbackInput, 'submitter' | 'customer' | 'source'>;

/** Where the message was written: a direct message, a department group chat, or a form thread. */
export type IntakeChannel = { kind: 'dm' } | { kind: 'dept'; dept: DeptCode } | { kind: 'thread'; formNumber: string };

export async function submitFeedback(deps: AppDeps, actor: FeedbackActor, where: IntakeChannel, draft: FeedbackDraft): Promise<Reply> {
  if (draft.anonymous && !deps.sealer) return { refused: true, lines: [TF.anonymousUnavailable] };
  if (draft.anonymous && where.kind !== 'dm') return { refused: true, lines: [TF.anonymousOnlyInDm] };
  const sealed = draft.anonymous ? deps.sealer!.seal(addressOf(deps.org, actor.person, actor.platform)) : undefined;
  const channel = where.kind === 'dm' ? 'dm' : where.kind === 'dept' ? `dept:${where.dept}` : `thread:${where.formNumber}`;
  return transact(deps, async (tx) => {
    const item = await registerFeedback(
      tx,
      deps,
      {
        category: draft.category,
        description: draft.description,
        ...(draft.dept ? { dept: draft.dept } : {}),
        ...(draft.timeNode ? { timeNode: draft.timeNode } : {}),
        ...(draft.expected ? { expected: draft.expected } : {}),
        anonymous: draft.anonymous,
        ...(draft.anonymous ? {} : { submitter: actor.person }),
        source: { platform: actor.platform, channel },
      },
      sealed,
    );
    const at = formatLocal(item.registeredAt, deps.policy.timezone);
    if (!draft.anonymous) {
      // 汇报制度: a named 工作汇报 item also submits its sender's open work report.
      const report = draft.category === 'work_report' ? await submitReportFromFeedback(tx, deps, actor.person, draft.description, item.number) : undefined;
      return { lines: [TF.registered(item.number, at), ...(report ? [report] : [])] };
    }
    return { lines: [TF.registeredAnonymous(item.number, at)], confidential: true };
  });
}
