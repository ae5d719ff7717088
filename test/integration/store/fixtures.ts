/** Record builders for the store tests: complete, valid records with only what a test varies overridden. */
import type { NewDuty } from '../../../src/domain/duty/duty.js';
import type { Violation } from '../../../src/domain/duty/violation.js';
import type { LiaisonForm } from '../../../src/domain/form/form.js';
import type { Notice } from '../../../src/domain/notice.js';

/** 2026-11-02 09:00 +08:00. */
export const T0 = Date.UTC(2026, 10, 2, 1, 0, 0);
export const MIN = 60_000;

/** A draft form with only the required fields (every optional one absent). */
export function aForm(over: Partial<Omit<LiaisonForm, 'id'>> = {}): Omit<LiaisonForm, 'id'> {
  return {
    state: 'draft',
    issuingDept: 'SCB',
    receivingDept: 'RXB',
    issuer: 'console:zhang',
    subject: '请协助盘点仓库',
    nature: 'assist',
    urgent: false,
    details: {},
    deadline: T0 + 3 * 24 * 60 * MIN,
    implementers: [],
    followUps: 0,
    revision: 0,
    escalated: false,
    createdAt: T0,
    ...over,
  };
}

/** A form with every optional field set. */
export function aFullForm(over: Partial<Omit<LiaisonForm, 'id'>> = {}): Omit<LiaisonForm, 'id'> {
  return aForm({
    number: 'SCB202611001',
    state: 'in_progress',
    urgent: true,
    details: { time: '11月3日', place: '二号仓', people: '王五', event: '盘点', requiredResult: '清单', attachments: 'a.xlsx' },
    replyBy: T0 + 30 * MIN,
    implementers: ['console:wang', 'console:li_si'],
    changeRequest: { by: 'console:wang', at: T0 + 5 * MIN, newDeadline: T0 + 5 * 24 * 60 * MIN, reason: '人手不足' },
    followUps: 2,
    revision: 1,
    escalated: true,
    result: '已盘点',
    evaluation: '满意',
    issuedAt: T0 + MIN,
    closedAt: T0 + 9 * MIN,
    ...over,
  });
}

/** A duty to acknowledge notice 1, due 30 minutes after T0. */
export function aDuty(over: Partial<NewDuty> = {}): NewDuty {
  return {
    person: 'console:wang',
    rule: 'superior_notice',
    subject: { kind: 'notice', id: 1, ref: 'TZ1' },
    title: '明早八点开会',
    from: 'console:zhang',
    createdAt: T0,
    dueAt: T0 + 30 * MIN,
    ...over,
  };
}

/** A tier-1 violation of duty 1, with every optional field absent. */
export function aViolation(over: Partial<Omit<Violation, 'id'>> = {}): Omit<Violation, 'id'> {
  return {
    dutyId: 1,
    person: 'console:wang',
    rule: 'superior_notice',
    subjectRef: 'TZ1',
    title: '明早八点开会',
    dueAt: T0 + 30 * MIN,
    month: '2026-11',
    tier: 1,
    fine: 50,
    waived: false,
    recordedAt: T0 + 31 * MIN,
    ...over,
  };
}

/** A notice to two people, posted in no group. */
export function aNotice(over: Partial<Omit<Notice, 'id' | 'ref'>> = {}): Omit<Notice, 'id' | 'ref'> {
  return {
    kind: 'notice',
    from: 'console:zhang',
    text: '【通知】明早八点开会',
    recipients: ['console:wang', 'console:li'],
    createdAt: T0,
    ...over,
  };
}
