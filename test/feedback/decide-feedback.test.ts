/**
 * `decideFeedback` as a table: who may take which step in which state (the state table first,
 * then the role), the guards (reason, rating, reopen period, confidentiality of 举报), and that
 * an anonymous sender's steps carry no person id.
 */
import { describe, expect, it } from 'vitest';
import { decideFeedback, type FeedbackAction } from '../../src/domain/feedback/decide-feedback.js';
import type { FeedbackItem, FeedbackState } from '../../src/domain/feedback/feedback.js';
import { isRefusal } from '../../src/domain/refusal.js';
import { createWorkCalendar } from '../../src/domain/work-calendar.js';
import { localInstant } from '../../src/domain/local-time.js';
import { demoOrg, policyWith, TZ } from '../helpers/app.js';

const org = demoOrg();
const policy = policyWith();
const calendar = createWorkCalendar(policy.workingTime, policy.timezone);
const now = localInstant('2026-11-24 10:00', TZ);
const ctx = { org, policy, calendar, now, eventSeq: 3, submitterTo: { kind: 'person' as const, person: 'zheng' } };

function item(state: FeedbackState, extra: Partial<FeedbackItem> = {}): FeedbackItem {
  return {
    id: 1, number: 'FK20261124-001', category: 'problem', state, priority: 'normal', description: '照明不足', dept: 'SCB',
    details: {}, anonymous: false, submitter: 'zheng', source: { platform: 'console', channel: 'dm' }, owner: 'zhao', links: [],
    registeredAt: now - 3_600_000, responseDueAt: now, reopenCount: 0, ...extra,
  };
}

const code = (r: ReturnType<typeof decideFeedback>) => (isRefusal(r) ? r.code : 'ok');

describe('decideFeedback: state table and roles', () => {
  it.each<[string, FeedbackState, string, FeedbackAction, string]>([
    ['triage by the group', 'registered', 'yang', { kind: 'triage' }, 'ok'],
    ['triage by the owner (not in the group)', 'registered', 'zhao', { kind: 'triage' }, 'role'],
    ['triage twice', 'triaged', 'yang', { kind: 'triage' }, 'state'],
    ['progress by the owner', 'triaged', 'zhao', { kind: 'progress', text: '在修' }, 'ok'],
    ['progress by the submitter', 'triaged', 'zheng', { kind: 'progress', text: '在修' }, 'role'],
    ['resolve before triage', 'registered', 'zhao', { kind: 'resolve', resolution: '修好了' }, 'state'],
    ['resolve without a result', 'in_progress', 'zhao', { kind: 'resolve', resolution: ' ' }, 'resolution'],
    ['unresolvable without a suggestion', 'in_progress', 'zhao', { kind: 'unresolvable', reason: '没钱', suggestion: '' }, 'reason'],
    ['confirm by the submitter', 'resolved', 'zheng', { kind: 'confirm', satisfaction: 5 }, 'ok'],
    ['confirm with rating 6', 'resolved', 'zheng', { kind: 'confirm', satisfaction: 6 }, 'rating'],
    ['confirm by the owner', 'resolved', 'zhao', { kind: 'confirm', satisfaction: 5 }, 'role'],
    ['reopen while in progress', 'in_progress', 'zheng', { kind: 'reopen', reason: '没好' }, 'state'],
    ['anyone unrelated', 'triaged', 'qian', { kind: 'progress', text: 'x' }, 'unknown_feedback'],
  ])('%s', (_name, state, person, action, expected) => {
    expect(code(decideFeedback(ctx, item(state), { person }, action))).toBe(expected);
  });

  it('reopens a closed item only within the policy’s period', () => {
    const closedAt = now - policy.feedback.reopenWithinMs;
    expect(code(decideFeedback(ctx, item('closed', { closedAt }), { person: 'zheng' }, { kind: 'reopen', reason: '没好' }))).toBe('ok');
    expect(code(decideFeedback(ctx, item('closed', { closedAt: closedAt - 1 }), { person: 'zheng' }, { kind: 'reopen', reason: '没好' }))).toBe('reopen_late');
  });

  it('keeps 举报 confidential: not re-categorised out of it, owned only by HR’s leader or 总经办', () => {
    const report = item('registered', { category: 'whistleblowing', owner: undefined, dept: 'ZJB' });
    expect(code(decideFeedback(ctx, report, { person: 'liu' }, { kind: 'triage', category: 'suggestion' }))).toBe('category_restricted');
    expect(code(decideFeedback(ctx, report, { person: 'liu' }, { kind: 'triage', owner: 'zhao' }))).toBe('owner');
    expect(code(decideFeedback(ctx, report, { person: 'yang' }, { kind: 'triage' }))).toBe('unknown_feedback');
    expect(code(decideFeedback(ctx, report, { person: 'liu' }, { kind: 'triage', owner: 'sun' }))).toBe('ok');
  });

  it('names the anonymous sender nowhere: actor `anonymous`, messages to the sealed recipient', () => {
    const anon = item('triaged', { anonymous: true, submitter: undefined });
    const sealedCtx = { ...ctx, submitterTo: { kind: 'sealed' as const, sealed: 'CIPHERTEXT' } };
    expect(code(decideFeedback(sealedCtx, anon, { person: 'jiang' }, { kind: 'reply', text: '十月' }))).toBe('unknown_feedback');
    const d = decideFeedback(sealedCtx, anon, { person: 'jiang', isSender: true }, { kind: 'reply', text: '十月' });
    if (isRefusal(d)) throw new Error(d.message);
    expect(d.event.actor).toBe('anonymous');
    expect(JSON.stringify(d)).not.toContain('jiang');
    expect(d.messages.map((m) => m.view.lines[0])).toEqual(['匿名反馈人 回复:十月']);
    const asked = decideFeedback(sealedCtx, anon, { person: 'zhao' }, { kind: 'ask', text: '哪天?' });
    if (isRefusal(asked)) throw new Error(asked.message);
    expect(asked.messages[0]!.to).toEqual({ kind: 'sealed', sealed: 'CIPHERTEXT' });
    expect(asked.messages[0]!.key).toBe('fb:FK20261124-001:e3:submitter');
  });
});
