/**
 * When the receiving leader must sign or dispute a form issued (or re-issued) at `ctx.now`: its
 * 回复期限 if set and ahead, else the earlier of now + the policy's liaison_form window (working
 * time) and the form's 期限. The sign duty and the messages that state it both use this.
 */
import type { FormContext } from './decide-form.js';
import type { LiaisonForm } from './form.js';

export function signDueAt(ctx: Pick<FormContext, 'calendar' | 'policy' | 'now'>, form: LiaisonForm): number {
  const byWindow = ctx.calendar.addWorkingTime(ctx.now, ctx.policy.rules.liaison_form.windowMs);
  const due = form.replyBy !== undefined && form.replyBy > ctx.now ? form.replyBy : Math.min(byWindow, form.deadline);
  return Math.max(due, ctx.now);
}
