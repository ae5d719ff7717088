/**
 * Loads the feedback policy from `data/policy.yaml` (SPEC §7). Every key is optional: a missing
 * or empty key takes its default (`DEFAULT_POLICY`, the same values as the shipped file); a key
 * that is present must be valid, or start-up is refused with a `ConfigError` naming the file,
 * the entry and the field. Empty lists (`before: []`, `escalation: []`) mean "none".
 */
import type { EscalationStep, Policy, WorkingTime } from '../domain/policy.js';
import { ConfigError } from './config-error.js';
import { DEFAULT_DELIVERY_POLICY, deliveryPolicy } from './delivery-policy.js';
import { DEFAULT_FEEDBACK_POLICY, FEEDBACK_RULE_DEFAULTS, mergeFeedbackPolicy } from './feedback-policy.js';
import { PolicyFileSchema } from './policy-schema.js';
import { reportDefinitions } from './report-policy.js';
import { commendationRule } from './commendation-policy.js';
import { DEFAULT_COMMENDATION } from '../domain/report/commendation-rule.js';
import { parseYamlText, readConfigText, zodToConfigIssues } from './yaml-issues.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Default working hours: 08:00-12:00 and 13:30-17:30 on the Chinese work calendar. */
const DEFAULT_HOURS: Extract<WorkingTime, { kind: 'hours' }> = {
  kind: 'hours',
  intervals: [
    [8 * 60, 12 * 60],
    [13 * 60 + 30, 17 * 60 + 30],
  ],
  calendar: 'cn',
  holidays: [],
  workdays: [],
};

/**
 * The default policy, identical to the shipped `data/policy.yaml` (deeply frozen; parsing returns
 * fresh copies). Windows are the seed's (notice 30m, email 12h, missed call 30m); the fines are
 * ours (20 / 50 / 100 元) because the seed leaves the amounts blank. The digest's cron fires on
 * Monday-Friday at 09:00, and the digest job also skips days that are not workdays on the
 * calendar (public holidays); note that `1-5` never fires on a 调休 make-up Saturday — write
 * `0 9 * * *` to let the calendar alone decide.
 */
export const DEFAULT_POLICY: Policy = deepFreeze<Policy>({
  timezone: 'Asia/Shanghai',
  workingTime: DEFAULT_HOURS,
  ackKeywords: ['收到', '已读', '已阅', '好的', '明白', '知道了', 'OK', '👌', '👍'],
  ackRule: { particles: ['了', '啦', '哈', '嗯', '喽', '咯', '呀', '啊', '哦'], moreAfterPunctuation: true },
  noticePrefixes: ['【通知】'],
  rules: {
    superior_notice: { windowMs: 30 * MIN },
    superior_email: { windowMs: 12 * HOUR },
    missed_call: { windowMs: 30 * MIN },
    liaison_form: { windowMs: 4 * HOUR },
    form_escalation: { windowMs: 2 * HOUR },
    ...FEEDBACK_RULE_DEFAULTS,
    task_ack: { windowMs: 30 * MIN },
    task_result: { windowMs: 4 * HOUR },
  },
  remindersBeforeMs: [10 * MIN],
  formCompletion: { remindersBeforeMs: [8 * HOUR, 2 * HOUR], violation: false },
  escalation: [
    { afterMs: 0, notify: 'self' },
    { afterMs: 30 * MIN, notify: 'leader' },
    { afterMs: 2 * HOUR, notify: 'supervisor' },
    { afterMs: 4 * HOUR, notify: 'gm_office' },
  ],
  readReceiptAcknowledges: false,
  fines: [20, 50, 100],
  followUpNotifyGmAt: 3,
  feedback: DEFAULT_FEEDBACK_POLICY,
  delivery: DEFAULT_DELIVERY_POLICY,
  reports: [],
  commendation: DEFAULT_COMMENDATION,
  schedule: {
    sweep: '* * * * *',
    digest: '0 9 * * *',
    monthlyAssessment: '0 9 1 * *',
    publicReport: '0 10 1 * *',
  },
});

function pick<T>(value: T | null | undefined, fallback: T): T {
  return value === null || value === undefined ? fallback : value;
}

/**
 * Parses and validates policy YAML text; `file` names the source in errors. Keys missing from the
 * file take their value from `defaults` (for example `DEFAULT_POLICY` with the environment's
 * `SHOUDAO_TIMEZONE`). An empty file gives the defaults. Throws `ConfigError` listing every problem.
 */
export function parsePolicyYaml(text: string, file: string, defaults: Policy = DEFAULT_POLICY): Policy {
  const raw = parseYamlText(text, file) ?? {};
  const parsed = PolicyFileSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(file, zodToConfigIssues(parsed.error, raw));
  const p = parsed.data;
  const base = structuredClone(defaults);

  let workingTime: WorkingTime = base.workingTime;
  if (p.working_time) {
    const wt = p.working_time;
    const hoursBase = base.workingTime.kind === 'hours' ? base.workingTime : structuredClone(DEFAULT_HOURS);
    const hours = pick(wt.hours, hoursBase.intervals);
    workingTime =
      hours === 'always'
        ? { kind: 'always' }
        : {
            kind: 'hours',
            intervals: hours,
            calendar: pick(wt.calendar, hoursBase.calendar),
            holidays: pick(wt.holidays, hoursBase.holidays),
            workdays: pick(wt.workdays, hoursBase.workdays),
            ...(wt.official_years ? { officialYears: [...new Set(wt.official_years)].sort() } : {}),
          };
  }

  const rules = { ...base.rules };
  for (const name of Object.keys(rules) as Array<keyof typeof rules>) {
    const windowMs = (p.rules?.[name])?.window;
    if (windowMs !== undefined) rules[name] = { windowMs };
  }

  const feedback = mergeFeedbackPolicy(p.feedback, base.feedback);
  if (feedback.problems.length) throw new ConfigError(file, feedback.problems);

  const reminders = pick(p.reminders?.before, base.remindersBeforeMs);
  const escalation: EscalationStep[] = p.escalation
    ? p.escalation.map((s) => ({ afterMs: s.after, notify: s.notify, ...(s.via ? { via: s.via } : {}) }))
    : base.escalation;

  return {
    timezone: pick(p.timezone, base.timezone),
    workingTime,
    ackKeywords: pick(p.ack_keywords, base.ackKeywords).map((k) => k.trim()),
    ackRule: {
      particles: pick(p.ack_rule?.particles, base.ackRule.particles),
      moreAfterPunctuation: pick(p.ack_rule?.more_after_punctuation, base.ackRule.moreAfterPunctuation),
    },
    noticePrefixes: pick(p.notice_prefixes, base.noticePrefixes).map((k) => k.trim()),
    rules,
    // Largest offset first, duplicates removed: [30m, 10m] = 30 minutes, then 10 minutes before.
    remindersBeforeMs: [...new Set(reminders)].sort((a, b) => b - a),
    formCompletion: {
      remindersBeforeMs: [...new Set(pick(p.rules?.form_completion?.reminders, base.formCompletion.remindersBeforeMs))].sort((a, b) => b - a),
      violation: pick(p.rules?.form_completion?.violation, base.formCompletion.violation),
    },
    escalation,
    readReceiptAcknowledges: pick(p.read_receipt_acknowledges, base.readReceiptAcknowledges),
    fines: [
      pick(p.fines?.tier1, base.fines[0]),
      pick(p.fines?.tier2, base.fines[1]),
      pick(p.fines?.tier3, base.fines[2]),
    ],
    followUpNotifyGmAt: pick(p.follow_up?.notify_gm_office_at, base.followUpNotifyGmAt),
    feedback: feedback.policy,
    delivery: p.delivery ? deliveryPolicy(p.delivery) : base.delivery,
    // 汇报制度: a report's `remind:` defaults to this file's `reminders.before`.
    reports: p.reports ? reportDefinitions(p.reports, [...new Set(reminders)].sort((a, b) => b - a)) : base.reports,
    commendation: commendationRule(p.commendation, base.commendation),
    schedule: {
      sweep: pick(p.schedule?.sweep, base.schedule.sweep).trim(),
      digest: pick(p.schedule?.digest, base.schedule.digest).trim(),
      monthlyAssessment: pick(p.schedule?.monthly_assessment, base.schedule.monthlyAssessment).trim(),
      publicReport: pick(p.schedule?.public_report, base.schedule.publicReport).trim(),
      ...(p.schedule?.directory_sync ? { directorySync: p.schedule.directory_sync.trim() } : {}),
    },
  };
}

/** Reads `path` (relative to the working directory) and parses it with `parsePolicyYaml`. */
export function loadPolicyFile(path: string, defaults: Policy = DEFAULT_POLICY): Policy {
  return parsePolicyYaml(readConfigText(path), path, defaults);
}
