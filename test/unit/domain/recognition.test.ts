/**
 * 表扬 (issue 16 part 4), the pure rule: thresholds at their edges, what counts as feedback
 * adopted (never anonymous, never a 投诉 or 举报, resolved in the month with an improvement, not
 * reopened), waived violations not counted, departments by their people's sum.
 */
import { describe, expect, it } from 'vitest';
import type { Violation } from '../../../src/domain/duty/violation.js';
import type { FeedbackCategory, FeedbackItem } from '../../../src/domain/feedback/feedback.js';
import { isAdopted, recognition, type PunctualityFact } from '../../../src/domain/report/recognition.js';
import { DEFAULT_COMMENDATION, type CommendationRule } from '../../../src/domain/report/commendation-rule.js';
import { demoOrg } from '../../helpers/app.js';

const FROM = Date.parse('2026-10-31T16:00:00Z');
const TO = Date.parse('2026-11-30T16:00:00Z');
const IN = FROM + 86_400_000;
const PUBLIC = new Set<FeedbackCategory>(['problem', 'suggestion', 'urgent', 'other']);
const isPublic = (c: FeedbackCategory) => PUBLIC.has(c);

const facts = (person: string, onTime: number, late: number, kind = 'ack'): PunctualityFact[] => [
  ...Array.from({ length: onTime }, () => ({ person, kind, onTime: true })),
  ...Array.from({ length: late }, () => ({ person, kind, onTime: false })),
];

let nextId = 1;
function fb(extra: Partial<FeedbackItem>): FeedbackItem {
  return {
    id: nextId++, number: `FK20261102-${String(nextId).padStart(3, '0')}`, category: 'suggestion', state: 'resolved', priority: 'normal',
    description: 'x', dept: 'SCB', details: { resolution: 'done', improvement: '改进' }, anonymous: false, submitter: 'zheng',
    source: { platform: 'console', channel: 'dm' }, links: [], registeredAt: IN, responseDueAt: IN, resolvedAt: IN, reopenCount: 0, ...extra,
  };
}

function violation(person: string, waived: boolean): Violation {
  return { id: nextId++, dutyId: nextId, person, rule: 'superior_notice', subjectRef: 'TZ1', title: 't', dueAt: IN, month: '2026-11', tier: 1, fine: 20, waived, recordedAt: IN };
}

const run = (f: PunctualityFact[], opts: { rule?: CommendationRule; items?: FeedbackItem[]; violations?: Violation[] } = {}) =>
  recognition({ org: demoOrg(), rule: opts.rule ?? DEFAULT_COMMENDATION, from: FROM, to: TO, facts: f, violations: opts.violations ?? [], resolvedItems: opts.items ?? [], isPublic });

describe('recognition: the 表扬名单 rule', () => {
  it('punctuality needs min_duties facts, the on-time share and no more violations than allowed', () => {
    const r = run([...facts('zheng', 5, 0), ...facts('shi', 4, 0), ...facts('wu', 5, 1)], { violations: [violation('zheng', true)] });
    expect(r.commendedPeople.map((p) => p.key)).toEqual(['zheng']); // shi: 4 < 5; wu: 5/6 < 100%
    expect(r.people.find((p) => p.key === 'zheng')).toMatchObject({ duties: 5, onTime: 5, violations: 0 }); // the waived one does not count
    const loose = run([...facts('shi', 4, 0), ...facts('wu', 4, 1)], { rule: { minDuties: 4, onTime: 0.8, feedbackAdopted: 0, maxViolations: 0 }, violations: [violation('wu', false)] });
    expect(loose.commendedPeople.map((p) => p.key)).toEqual(['shi']); // wu: 4/5 = 80% but one violation
    expect(loose.people.find((p) => p.key === 'wu')).toMatchObject({ duties: 5, onTime: 4, violations: 1, reasons: [] });
  });

  it('a department is commended by its people’s sum, on punctuality only', () => {
    const r = run([...facts('zheng', 3, 0), ...facts('shi', 2, 0), ...facts('zhou', 1, 0)], { items: [fb({ submitter: 'zhou' })] });
    expect(r.commendedDepartments.map((d) => [d.key, d.duties, d.onTime])).toEqual([['SCB', 5, 5]]);
    expect(r.departments.find((d) => d.key === 'JGCJ')).toMatchObject({ adopted: 1, reasons: [] });
    expect(r.commendedPeople.map((p) => [p.key, p.reasons])).toEqual([['zhou', ['feedback']]]);
  });

  it('feedback adopted: named, public category, resolved in the month with an improvement, not reopened', () => {
    expect(isAdopted(fb({}), FROM, TO, isPublic)).toBe(true);
    expect(isAdopted(fb({ state: 'closed' }), FROM, TO, isPublic)).toBe(true);
    expect(isAdopted(fb({ anonymous: true, submitter: undefined }), FROM, TO, isPublic)).toBe(false);
    expect(isAdopted(fb({ anonymous: true }), FROM, TO, isPublic)).toBe(false); // even if a submitter slipped through
    expect(isAdopted(fb({ category: 'complaint' }), FROM, TO, isPublic)).toBe(false);
    expect(isAdopted(fb({ category: 'whistleblowing' }), FROM, TO, isPublic)).toBe(false);
    expect(isAdopted(fb({ details: { resolution: 'done' } }), FROM, TO, isPublic)).toBe(false);
    expect(isAdopted(fb({ state: 'in_progress' }), FROM, TO, isPublic)).toBe(false);
    expect(isAdopted(fb({ resolvedAt: TO }), FROM, TO, isPublic)).toBe(false);
    expect(isAdopted(fb({ resolvedAt: FROM - 1 }), FROM, TO, isPublic)).toBe(false);
    const r = run([], { items: [fb({ anonymous: true, submitter: undefined }), fb({ category: 'complaint', submitter: 'wu' })] });
    expect(r.people).toEqual([]);
    expect(r.commendedPeople).toEqual([]);
  });

  it('feedback_adopted 0 turns the feedback criterion off', () => {
    const r = run([], { rule: { ...DEFAULT_COMMENDATION, feedbackAdopted: 0 }, items: [fb({}), fb({})] });
    expect(r.people.find((p) => p.key === 'zheng')).toMatchObject({ adopted: 2, reasons: [] });
  });
});
