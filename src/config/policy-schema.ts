/**
 * The zod schema of `data/policy.yaml` (SPEC §7). Every key is optional (a missing or empty key
 * takes its default in `policy-file.ts`), but a key that is present is validated and converted:
 * durations to milliseconds, working hours to minute-of-day intervals. Unknown keys are errors,
 * so a misspelt key is not silently ignored.
 */
import nodeCron from 'node-cron';
import { z } from 'zod';
import { parseDuration } from '../domain/duration.js';
import { showValue } from './config-error.js';
import { DeliverySectionSchema } from './delivery-policy.js';
import { FeedbackSectionSchema } from './feedback-policy.js';
import { ReportsSectionSchema } from './report-policy.js';
import { CommendationSectionSchema } from './commendation-policy.js';

/** Whether `tz` is an IANA time zone this runtime knows (`Asia/Shanghai`). */
export function isValidTimeZone(tz: string): boolean {
  if (tz.trim() === '') return false;
  try {
    new Intl.DateTimeFormat(undefined, { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Whether `text` is a real calendar date written `YYYY-MM-DD`. */
export function isValidDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Whether `text` looks like a node-cron expression: 5 or 6 space-separated fields. */
export function isCronExpression(text: string): boolean {
  const fields = text.trim().split(/\s+/);
  const shaped = (fields.length === 5 || fields.length === 6) && fields.every((f) => /^[0-9A-Za-z*,/-]+$/.test(f));
  // node-cron's own check too, so a value it would reject at scheduler start is refused here, naming the field.
  return shaped && nodeCron.validate(text.trim());
}

/** A value checked by `problem`, which returns a bilingual message when the value is wrong. */
function checked<T extends z.ZodType>(schema: T, problem: (value: z.output<T>) => string | undefined) {
  return schema.transform((value, ctx) => {
    const message = problem(value);
    if (message) ctx.addIssue({ code: 'custom', message });
    return value;
  });
}

/** Converts a duration (`30m`, `12h`, `2d`, `5s`; the number 0 as `0m`) to ms, or reports why not. */
function toMs(value: unknown, allowZero: boolean, ctx: z.RefinementCtx): number {
  const ms = typeof value === 'string' ? parseDuration(value) : value === 0 ? 0 : undefined;
  if (ms === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `时长格式错误 ${showValue(value)},应写作 30m、12h、2d 或 5s — expected a duration like 30m, 12h, 2d or 5s`,
    });
    return z.NEVER;
  }
  if (ms === 0 && !allowZero) {
    ctx.addIssue({ code: 'custom', message: '时长必须大于 0 — the duration must be greater than 0' });
    return z.NEVER;
  }
  return ms;
}

/** A required duration in milliseconds. */
const duration = (allowZero: boolean) => z.unknown().transform((value, ctx) => toMs(value, allowZero, ctx));

/** An optional duration: an empty value (`window:`) means "use the default". */
const optionalDuration = z
  .unknown()
  .transform((value, ctx) => (value === null || value === undefined ? undefined : toMs(value, false, ctx)))
  .optional();

const HOURS = /^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/;

/** Minute of day of `h:m`, or undefined; 24:00 is allowed only as an end. */
function minuteOfDay(h: string, m: string, isEnd: boolean): number | undefined {
  const hh = Number(h);
  const mm = Number(m);
  if (mm > 59 || hh > 24 || (hh === 24 && (mm !== 0 || !isEnd))) return undefined;
  return hh * 60 + mm;
}

/** `working_time.hours`: `always`, or a list of `HH:mm-HH:mm`, sorted and not overlapping. */
const workingHours = z.unknown().transform((value, ctx): 'always' | Array<[number, number]> => {
  if (value === 'always') return 'always';
  if (!Array.isArray(value) || value.length === 0) {
    ctx.addIssue({
      code: 'custom',
      message: `应为 always 或时段列表,如 ["08:00-12:00", "13:30-17:30"],实际为 ${showValue(value)} — expected always or a list of working hours like ["08:00-12:00", "13:30-17:30"]`,
    });
    return z.NEVER;
  }
  const out: Array<[number, number]> = [];
  value.forEach((item: unknown, i) => {
    const bad = (message: string) => ctx.addIssue({ code: 'custom', message, path: [i] });
    const m = typeof item === 'string' ? HOURS.exec(item.trim()) : null;
    if (!m) return bad(`工作时段格式错误 ${showValue(item)},应为 HH:mm-HH:mm,如 08:00-12:00 — expected working hours like 08:00-12:00`);
    const start = minuteOfDay(m[1]!, m[2]!, false);
    const end = minuteOfDay(m[3]!, m[4]!, true);
    if (start === undefined || end === undefined) return bad(`工作时段 ${showValue(item)} 的时间无效(时 00-23,结束可为 24:00;分 00-59)— invalid time of day`);
    if (start >= end) return bad(`工作时段 ${showValue(item)} 的开始须早于结束 — start must be before end`);
    const prev = out[out.length - 1];
    if (prev && start < prev[1]) {
      return bad(`工作时段 ${showValue(item)} 与前一时段重叠或顺序颠倒,须按先后排列且不重叠 — working hours must be sorted and must not overlap`);
    }
    out.push([start, end]);
  });
  return out;
});

const date = checked(z.string(), (v) =>
  isValidDate(v) ? undefined : `日期无效 ${showValue(v)},应为 YYYY-MM-DD,如 2025-10-01 — expected a valid date like 2025-10-01`,
);

const WorkingTimeObject = z.strictObject({
  hours: workingHours.optional(),
  calendar: z.enum(['cn', 'weekends']).nullish(),
  holidays: z.array(date).nullish(),
  workdays: z.array(date).nullish(),
  /** Years whose official arrangement is in holidays/workdays (written by `shoudao calendar import`). */
  official_years: z.array(z.int().min(1901).max(2099)).nullish(),
});

/**
 * `working_time: always` and a bare list of hours are shorthands of `{ hours: … }`; any other
 * non-mapping value is checked as `hours` too, so its error explains the accepted forms.
 */
const WorkingTime = z.preprocess(
  (v) => (v !== null && (typeof v !== 'object' || Array.isArray(v)) ? { hours: v } : v),
  WorkingTimeObject,
);

const nonEmptyText = checked(z.string(), (v) => (v.trim() === '' ? '不能为空 — must not be empty' : undefined));

const rule = z.strictObject({ window: optionalDuration }).nullish();

const cron = checked(z.string(), (v) =>
  isCronExpression(v)
    ? undefined
    : `定时表达式无效 ${showValue(v)},应为 5 或 6 段 node-cron 表达式,如 "0 9 * * 1-5" — expected a node-cron expression with 5 or 6 fields`,
);

/** Escalation targets, in the order of SPEC §4's chain. */
export const ESCALATION_TARGETS = ['self', 'leader', 'supervisor', 'gm_office'] as const;

/** How an escalation step may ring: ding / urgent (in-app: DingTalk DING, Feishu 加急 — the same), sms, phone (the last two cost money). */
export const ESCALATION_VIA = ['ding', 'urgent', 'sms', 'phone'] as const;

const escalation = z
  .array(z.strictObject({ after: duration(true), notify: z.enum(ESCALATION_TARGETS), via: z.enum(ESCALATION_VIA).nullish() }))
  .transform((steps, ctx) => {
    steps.forEach((step, i) => {
      const prev = steps[i - 1];
      if (prev && step.after < prev.after) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'after'],
          message: `不能早于上一步 escalation[${i - 1}] — after must not decrease from the previous step`,
        });
      }
    });
    return steps;
  });

const fine = z.number().min(0).nullish();

/** The policy file's schema; its output has durations in ms and hours as intervals. */
export const PolicyFileSchema = z.strictObject({
  timezone: checked(z.string(), (v) =>
    isValidTimeZone(v) ? undefined : `未知时区 ${showValue(v)},应为 IANA 时区,如 Asia/Shanghai — unknown IANA time zone`,
  ).nullish(),
  working_time: WorkingTime.nullish(),
  ack_keywords: z.array(nonEmptyText).min(1).nullish(),
  ack_rule: z.strictObject({ particles: z.array(nonEmptyText).nullish(), more_after_punctuation: z.boolean().nullish() }).nullish(),
  notice_prefixes: z.array(nonEmptyText).nullish(),
  rules: z
    .strictObject({
      superior_notice: rule,
      superior_email: rule,
      missed_call: rule,
      liaison_form: rule,
      form_escalation: rule,
      feedback_response: rule,
      feedback_resolution: rule,
      task_ack: rule,
      task_result: rule,
      form_completion: z
        .strictObject({ reminders: z.array(duration(false)).nullish(), violation: z.boolean().nullish() })
        .nullish(),
    })
    .nullish(),
  reminders: z.strictObject({ before: z.array(duration(false)).nullish() }).nullish(),
  escalation: escalation.nullish(),
  read_receipt_acknowledges: z.boolean().nullish(),
  fines: z.strictObject({ tier1: fine, tier2: fine, tier3: fine }).nullish(),
  follow_up: z.strictObject({ notify_gm_office_at: z.int().min(1).nullish() }).nullish(),
  feedback: FeedbackSectionSchema.nullish(),
  delivery: DeliverySectionSchema.nullish(),
  /** 汇报制度: recurring work reports (report-policy.ts). */
  reports: ReportsSectionSchema.nullish(),
  commendation: CommendationSectionSchema.nullish(),
  schedule: z
    .strictObject({ sweep: cron.nullish(), digest: cron.nullish(), monthly_assessment: cron.nullish(), public_report: cron.nullish(), directory_sync: cron.nullish() })
    .nullish(),
});

/** The policy file after `PolicyFileSchema`: every key optional, values converted. */
export type PolicyFileData = z.output<typeof PolicyFileSchema>;
