/**
 * The policy as the domain sees it (SPEC §7): every number of the feedback policy. Loaded and
 * validated from `data/policy.yaml` by `src/config/policy-file.ts`; durations are milliseconds.
 */
import type { FeedbackPolicy } from './feedback/feedback-policy.js';

/** The duty rules of SPEC §4, and the feedback deadlines of SPEC §2 (first response, resolution). */
export type DutyRule =
  | 'superior_notice'
  | 'superior_email'
  | 'missed_call'
  | 'liaison_form'
  | 'form_escalation'
  | 'feedback_response'
  | 'feedback_resolution';

export const DUTY_RULES: readonly DutyRule[] = [
  'superior_notice',
  'superior_email',
  'missed_call',
  'liaison_form',
  'form_escalation',
  'feedback_response',
  'feedback_resolution',
];

export type EscalationTarget = 'self' | 'leader' | 'supervisor' | 'gm_office';

/** One step of the escalation chain, measured in working time from the missed deadline. */
export interface EscalationStep {
  afterMs: number;
  notify: EscalationTarget;
}

/** How working time is counted: always, or working hours on a calendar. */
export type WorkingTime =
  | { kind: 'always' }
  | {
      kind: 'hours';
      /** Minute-of-day intervals, sorted and disjoint: [[480, 720], [810, 1050]] for 08:00-12:00, 13:30-17:30. */
      intervals: Array<[number, number]>;
      /** 'cn' uses the Chinese holiday and 调休 calendar; 'weekends' only skips Saturday and Sunday. */
      calendar: 'cn' | 'weekends';
      /** Company overrides, `YYYY-MM-DD`: days off that would be workdays, and workdays that would be off. */
      holidays: string[];
      workdays: string[];
    };

export interface RuleWindow {
  windowMs: number;
}

/** The whole policy. */
/** A send rate: `count` messages per `perMs`. */
export interface SendRate {
  count: number;
  perMs: number;
}

/** How the outbox sends (policy `delivery:`): rate overrides per platform, and the retry back-off. */
export interface DeliveryPolicy {
  /** Per platform; absent = the platform's documented limits, as its adapter declares them. */
  limits: Partial<Record<string, { perConversation?: SendRate; perApp?: SendRate }>>;
  retry: { baseMs: number; capMs: number; maxAttempts: number };
}

export interface Policy {
  timezone: string;
  workingTime: WorkingTime;
  /** Replies that acknowledge (收到, 已读, 好的, OK …), matched case-insensitively on the whole trimmed text. */
  ackKeywords: string[];
  /** A notice message in a group starts with one of these (【通知】). */
  noticePrefixes: string[];
  rules: Record<DutyRule, RuleWindow>;
  /** Reminders this long before a window ends (working time); skipped when the window is shorter. */
  remindersBeforeMs: number[];
  escalation: EscalationStep[];
  /** 元 per violation: index 0 = tier 1, 1 = tier 2, 2 = tier 3 and above. */
  fines: [number, number, number];
  /** Follow-ups (跟催) on one form from which 总经办 is told; the seed says the third. */
  followUpNotifyGmAt: number;
  /** Feedback deadlines per category, silence and reopen periods, repeats (SPEC §2). */
  feedback: FeedbackPolicy;
  delivery: DeliveryPolicy;
  schedule: {
    /** node-cron expressions in the policy's timezone. */
    sweep: string;
    digest: string;
    monthlyAssessment: string;
    publicReport: string;
    /** Server mode syncs the org directory from each configured platform and tells HR (issue 12); absent = off. */
    directorySync?: string;
  };
}
