/**
 * `decideForm` as a pure function: the state table decides who may act when, each transition
 * returns the right state, thread event, duties and recipients, and the input is never mutated.
 */
import { describe, expect, it } from 'vitest';
import { decideForm, type FormAction, type FormContext } from '../../../src/domain/form/decide-form.js';
import type { LiaisonForm } from '../../../src/domain/form/form.js';
import { localInstant } from '../../../src/domain/local-time.js';
import { isRefusal } from '../../../src/domain/refusal.js';
import { createWorkCalendar } from '../../../src/domain/work-calendar.js';
import { demoOrg, policyWith, TZ } from '../../helpers/app.js';

const org = demoOrg();
const policy = policyWith();
const calendar = createWorkCalendar(policy.workingTime, TZ);
const now = localInstant('2026-11-24 09:00', TZ);
const ctx = (extra: Partial<FormContext> = {}): FormContext => ({ org, policy, calendar, now, eventSeq: 3, ...extra });

function form(over: Partial<LiaisonForm> = {}): LiaisonForm {
  return {
    id: 7, number: 'SCB20261101', state: 'issued', issuingDept: 'SCB', receivingDept: 'JSB', issuer: 'zheng',
    subject: '图纸确认', nature: 'assist', urgent: false, details: {}, deadline: localInstant('2026-11-27 17:30', TZ),
    implementers: [], followUps: 0, revision: 0, escalated: false, createdAt: now - 3_600_000, ...over,
  };
}

function ok(f: LiaisonForm, actor: string, action: FormAction, c = ctx()) {
  const d = decideForm(c, f, actor, action);
  if (isRefusal(d)) throw new Error(`refused: ${d.message}`);
  return d;
}

describe('decideForm', () => {
  // [action, state, allowed actors, some refused actors]
  const table: Array<[FormAction, LiaisonForm['state'], string[], string[]]> = [
    [{ kind: 'approve' }, 'draft', ['zhao'], ['zheng', 'lin', 'wang']],
    [{ kind: 'reject', reason: '不清楚' }, 'draft', ['zhao'], ['zheng', 'lin']],
    [{ kind: 'sign' }, 'issued', ['lin'], ['zheng', 'zhao', 'he', 'wang']],
    [{ kind: 'dispute', reason: '太紧' }, 'issued', ['lin'], ['he', 'zheng']],
    [{ kind: 'assign', implementers: ['he'] }, 'signed', ['lin'], ['he', 'zheng']],
    [{ kind: 'done', result: '好了' }, 'in_progress', ['he', 'lin'], ['zheng', 'luo']],
    [{ kind: 'close', evaluation: '好' }, 'done', ['zheng', 'zhao'], ['lin', 'he', 'wang']],
    [{ kind: 'follow_up', text: '' }, 'in_progress', ['zheng', 'zhao'], ['lin', 'he', 'shi']],
    [{ kind: 'escalate', reason: '' }, 'issued', ['zheng', 'zhao'], ['lin', 'shi']],
  ];
  it.each(table)('%o in %s: allowed %o, refused %o', (action, state, allowed, refused) => {
    const f = form({ state, implementers: state === 'in_progress' ? ['he'] : [] });
    for (const a of allowed) expect(isRefusal(decideForm(ctx({ number: 'SCB20261101' }), f, a, action)), a).toBe(false);
    for (const r of refused) {
      const d = decideForm(ctx({ number: 'SCB20261101' }), f, r, action);
      expect(isRefusal(d) && d.code, r).toBe('role');
    }
  });

  it('refuses a step in the wrong state, naming the state', () => {
    const d = decideForm(ctx(), form({ state: 'closed' }), 'lin', { kind: 'sign' });
    expect(isRefusal(d) && d.message).toBe('这张联络单当前状态为「已结案」,不能签收(只能在「待签收/有异议」时签收)。这张联络单已经结束,无需再处理。');
  });

  it('approval numbers the form and owes the receiving leader a signature within the window', () => {
    const f = form({ state: 'draft', number: undefined });
    const frozen = structuredClone(f);
    const d = ok(f, 'zhao', { kind: 'approve' }, ctx({ number: 'SCB20261101' }));
    expect(f).toEqual(frozen);
    expect(d.form).toMatchObject({ state: 'issued', number: 'SCB20261101', issuedAt: now });
    expect(d.newDuties).toEqual([
      expect.objectContaining({ person: 'lin', rule: 'liaison_form', dueAt: localInstant('2026-11-24 14:30', TZ) }),
    ]);
    expect(d.messages.map((m) => m.to)).toContainEqual({ kind: 'thread', formId: 7, formNumber: 'SCB20261101', person: 'lin' });
    expect(d.messages.every((m) => m.key.startsWith('form:7:e3:'))).toBe(true);
  });

  it('dispute discharges the sign duty; revision re-issues with a new one', () => {
    const disputed = ok(form(), 'lin', { kind: 'dispute', reason: '太紧' });
    expect(disputed.discharge).toEqual(['liaison_form']);
    expect(disputed.form.state).toBe('disputed');
    const revised = ok(disputed.form, 'zheng', { kind: 'edit', changes: { deadline: localInstant('2026-11-30 17:30', TZ) } });
    expect(revised.form).toMatchObject({ state: 'issued', revision: 1 });
    expect(revised.event.kind).toBe('revised');
    expect(revised.newDuties).toHaveLength(1);
  });

  it('a change request only before the deadline and only for a later one', () => {
    const f = form({ state: 'in_progress', implementers: ['he'] });
    const later = localInstant('2026-12-01 17:30', TZ);
    expect(ok(f, 'he', { kind: 'request_change', newDeadline: later, reason: '缺料' }).form.changeRequest).toMatchObject({ by: 'he' });
    const tooLate = decideForm(ctx({ now: f.deadline + 1 }), f, 'he', { kind: 'request_change', newDeadline: later, reason: '缺料' });
    expect(isRefusal(tooLate) && tooLate.code).toBe('change_late');
    const earlier = decideForm(ctx(), f, 'he', { kind: 'request_change', newDeadline: f.deadline - 1, reason: '缺料' });
    expect(isRefusal(earlier) && earlier.code).toBe('change_not_later');
  });

  it('the third follow-up, and only from the third, tells 总经办', () => {
    const f = form({ state: 'in_progress', implementers: ['he'], followUps: 1 });
    const second = ok(f, 'zheng', { kind: 'follow_up', text: '' });
    expect(second.messages.some((m) => m.to.kind === 'person' && m.to.person === 'wang')).toBe(false);
    const third = ok(second.form, 'zheng', { kind: 'follow_up', text: '请加快' });
    expect(third.form.followUps).toBe(3);
    expect(third.messages.filter((m) => m.to.kind === 'person' && m.to.person === 'wang')).toHaveLength(1);
  });

  it('escalation goes to the receiving department’s supervisor as a duty; closing cancels it', () => {
    const esc = ok(form(), 'zheng', { kind: 'escalate', reason: '不配合' });
    expect(esc.newDuties[0]).toMatchObject({ person: 'chen', rule: 'form_escalation' });
    const closed = ok(form({ state: 'done' }), 'zheng', { kind: 'close', evaluation: '好' });
    expect(closed.cancel).toContain('form_escalation');
  });
});
