/**
 * The policy as the domain sees it (SPEC §7): every number of the feedback policy. Loaded and
 * validated from `data/policy.yaml` by `src/config/policy-file.ts`; durations are milliseconds.
 */
import type { FeedbackPolicy } from './feedback/feedback-policy.js';
import type { ReportDefinition } from './work-report/work-report.js';
import type { CommendationRule } from './report/commendation-rule.js';

/** The duty rules of SPEC §4, and the feedback deadlines of SPEC §2 (first response, resolution). */
export type DutyRule =
  | 'superior_notice'
  | 'superior_email'
  | 'missed_call'
  | 'liaison_form'
  | 'form_escalation'
  | 'feedback_response'
  | 'feedback_resolution'
  | 'task_ack'
  | 'task_result'
  | 'form_completion'
  | 'work_report';

/**
 * The rules whose due time is a window from `rules.<rule>.window`; `form_completion` is due at the
 * form's 期限, `work_report` at its period's due time (`reports:`).
 */
export type WindowRule = Exclude<DutyRule, 'form_completion' | 'work_report'>;

export const DUTY_RULES: readonly DutyRule[] = [
  'superior_notice',
  'superior_email',
  'missed_call',
  'liaison_form',
  'form_escalation',
  'feedback_response',
  'feedback_resolution',
  'task_ack',
  'task_result',
  'form_completion',
  'work_report',
];

export type EscalationTarget = 'self' | 'leader' | 'supervisor' | 'gm_office';

/** One step of the escalation chain, measured in working time from the missed deadline. */
export interface EscalationStep {
  afterMs: number;
  notify: EscalationTarget;
  /**
   * Ring instead of an ordinary message where the platform can (policy `via:`): `ding` an in-app
   * DING (DingTalk) / urgent (Feishu) — `ding` and `urgent` are the same; `sms` and `phone` cost money and are used only when named.
   * Elsewhere the step is an ordinary message.
   */
  via?: EscalationVia;
}

/** How an escalation step rings (see `EscalationStep.via`). */
export type EscalationVia = 'ding' | 'urgent' | 'sms' | 'phone';

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
      /**
       * Years whose official arrangement (the State Council's notice) is in `holidays`/`workdays`,
       * written by `shoudao calendar import`. Years neither here nor in chinese-days' table count
       * only the statutory holidays (`statutory-holidays.ts`) and are reported as such.
       */
      officialYears?: number[];
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

/**
 * The built-in back-off of failed sends and when to give up: from 10 s, doubling, capped at 15 min,
 * 20 attempts (the decision is written in src/config/delivery-policy.ts). The policy file's
 * `delivery.retry` overrides it; the dispatcher falls back to it.
 */
export const DEFAULT_DELIVERY_RETRY: DeliveryPolicy['retry'] = { baseMs: 10_000, capMs: 15 * 60_000, maxAttempts: 20 };

export interface Policy {
  timezone: string;
  workingTime: WorkingTime;
  /** Replies that acknowledge (收到, 已读, 好的, OK …), matched case-insensitively on the whole trimmed text. */
  ackKeywords: string[];
  /** How a reply may go on after a keyword and still acknowledge (domain/duty/ack.ts). */
  ackRule: { particles: string[]; moreAfterPunctuation: boolean };
  /** A notice message in a group starts with one of these (【通知】). */
  noticePrefixes: string[];
  rules: Record<WindowRule, RuleWindow>;
  /**
   * The implementers' duty to finish a signed form by its 期限 (`rules.form_completion`): reminders
   * this long before it (working time), and whether missing it is a fined violation. The seed's
   * fine table does not list late completion, so `violation` is false by default: the miss is
   * recorded and escalated, and reported in the assessment, but not fined.
   */
  formCompletion: { remindersBeforeMs: number[]; violation: boolean };
  /** Reminders this long before a window ends (working time); skipped when the window is shorter. */
  remindersBeforeMs: number[];
  escalation: EscalationStep[];
  /**
   * Whether a platform read receipt (已读 on DingTalk/Feishu) discharges a notice duty. Default
   * false: the policy wants a reply 收到/已读, and a read receipt is kept as evidence (已读未回).
   */
  readReceiptAcknowledges: boolean;
  /** 元 per violation: index 0 = tier 1, 1 = tier 2, 2 = tier 3 and above. */
  fines: [number, number, number];
  /** Follow-ups (跟催) on one form from which 总经办 is told; the seed says the third. */
  followUpNotifyGmAt: number;
  /** Feedback deadlines per category, silence and reopen periods, repeats (SPEC §2). */
  feedback: FeedbackPolicy;
  delivery: DeliveryPolicy;
  /** 汇报制度: the recurring work reports (policy `reports:`); none by default. */
  reports: ReportDefinition[];
  /** The 表扬名单 rule (issue 16 part 4); absent = `DEFAULT_COMMENDATION`. */
  commendation?: CommendationRule;
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
