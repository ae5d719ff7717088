/**
 * The `reports:` section of the policy file (汇报制度, issue 16 part 2): recurring work reports.
 *
 * ```yaml
 * reports:
 *   weekly:                       # the key; name: defaults to 周报 (weekly), 月报 (monthly), else the key
 *     name: 周报                  # what people read, and may type: 汇报 周报 <内容>; no spaces, unique
 *     due: friday 17:00           # friday / fri / 周五 / 星期五 + HH:mm: each ISO week (Mon-Sun)
 *                                 # day 25 17:00 / 每月25日 17:00: each month (the 31st → the last day)
 *                                 # last workday 17:00 / 每月最后工作日 17:00: each month's last working day
 *     from: department leaders    # one or a list: department leaders (部门负责人) | leaders <CODE>
 *                                 # (负责人 <CODE>) | members <CODE> (全体 <CODE>) | everyone (全体员工)
 *                                 # | a person's id or name
 *     to: supervisor              # one or a list: superior (上级) | supervisor (主管领导; the
 *                                 # superior when the department has none) | gm_office (总经办) | a person
 *     remind: 2h                  # one or a list of durations before the due time (working time);
 *                                 # absent: reminders.before; [] = none
 * ```
 *
 * A due day that is not a working day moves to the last working day before it in the same period
 * (`src/domain/work-report/report-period.ts`).
 */
import { z } from 'zod';
import { parseDuration } from '../domain/duration.js';
import type { ReportDefinition, ReportDue, ReportRecipient, ReporterSelector } from '../domain/work-report/work-report.js';
import type { Org } from '../domain/org.js';
import { reportersOf } from '../domain/work-report/report-people.js';
import { showValue, type ConfigIssue } from './config-error.js';

const WEEKDAYS: Record<string, number> = {
  monday: 1, mon: 1, 周一: 1, 星期一: 1,
  tuesday: 2, tue: 2, 周二: 2, 星期二: 2,
  wednesday: 3, wed: 3, 周三: 3, 星期三: 3,
  thursday: 4, thu: 4, 周四: 4, 星期四: 4,
  friday: 5, fri: 5, 周五: 5, 星期五: 5,
  saturday: 6, sat: 6, 周六: 6, 星期六: 6,
  sunday: 7, sun: 7, 周日: 7, 周天: 7, 星期日: 7, 星期天: 7,
};
const LAST_WORKDAY = ['last workday', 'last working day', '每月最后工作日', '每月最后一个工作日', '最后工作日'];
const TIME = /^(\d{1,2}):(\d{2})$/;

const DUE_HELP =
  '应写作 friday 17:00(每周)、day 25 17:00 / 每月25日 17:00(每月)或 last workday 17:00 / 每月最后工作日 17:00 — ' +
  'expected "<weekday> HH:mm", "day <1-31> HH:mm" or "last workday HH:mm"';

/** Reads a `due:` value; undefined when it is none of the forms. */
export function parseReportDue(text: string): ReportDue | undefined {
  const t = text.trim().replace(/\s+/g, ' ');
  const m = /^(.*?)\s*(\d{1,2}:\d{2})$/.exec(t);
  if (!m) return undefined;
  const tm = TIME.exec(m[2]!)!;
  const [h, mi] = [Number(tm[1]), Number(tm[2])];
  if (h > 23 || mi > 59) return undefined;
  const minute = h * 60 + mi;
  const head = m[1]!.toLowerCase();
  const weekday = WEEKDAYS[head.replace(/^每/, '')];
  if (weekday) return { every: 'week', weekday, minute };
  if (LAST_WORKDAY.includes(head)) return { every: 'month', day: 'last_workday', minute };
  const d = /^(?:day\s*(\d{1,2})|每月\s*(\d{1,2})\s*[日号])$/.exec(head);
  const day = d ? Number(d[1] ?? d[2]) : NaN;
  if (Number.isInteger(day) && day >= 1 && day <= 31) return { every: 'month', day, minute };
  return undefined;
}

const listOf = <T extends z.ZodType>(item: T) => z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(item).min(1));

const nonEmpty = z.string().transform((v) => v.trim()).refine((v) => v !== '', { message: '不能为空 — must not be empty' });

function selector(text: string): ReporterSelector {
  const t = text.replace(/^@/, '').trim();
  const low = t.toLowerCase();
  if (['department leaders', '部门负责人', '各部门负责人'].includes(low)) return { kind: 'department_leaders' };
  if (['everyone', 'all', '全体员工', '所有人'].includes(low)) return { kind: 'everyone' };
  const m = /^(leaders|负责人|members|全体)\s+(?:of\s+)?(\S+)$/i.exec(t);
  if (m) return { kind: /^(leaders|负责人)$/i.test(m[1]!) ? 'leaders_of' : 'members_of', dept: m[2]!.toUpperCase() };
  return { kind: 'person', person: t };
}

function recipient(text: string): ReportRecipient {
  const t = text.replace(/^@/, '').trim();
  const low = t.toLowerCase();
  if (['superior', 'leader', '上级'].includes(low)) return { kind: 'superior' };
  if (['supervisor', '主管领导'].includes(low)) return { kind: 'supervisor' };
  if (['gm_office', '总经办'].includes(low)) return { kind: 'gm_office' };
  return { kind: 'person', person: t };
}

const remind = z
  .preprocess((v) => (typeof v === 'string' || typeof v === 'number' ? [v] : v), z.array(z.unknown()))
  .transform((values, ctx) =>
    values.map((value, i) => {
      const ms = typeof value === 'string' ? parseDuration(value) : undefined;
      if (ms === undefined || ms <= 0) {
        ctx.addIssue({ code: 'custom', path: [i], message: `时长格式错误 ${showValue(value)},应写作 30m、2h 或 1d — expected a duration like 2h` });
        return 0;
      }
      return ms;
    }),
  );

const ReportEntry = z.strictObject({
  name: nonEmpty
    .refine((v) => !/\s/.test(v), { message: '名称不能含空格 — the name must not contain spaces' })
    .nullish(),
  due: z.unknown().transform((value, ctx) => {
    const due = typeof value === 'string' ? parseReportDue(value) : undefined;
    if (!due) {
      ctx.addIssue({ code: 'custom', message: `汇报期限格式错误 ${showValue(value)},${DUE_HELP}` });
      return z.NEVER;
    }
    return due;
  }),
  from: listOf(nonEmpty).transform((xs) => xs.map(selector)),
  to: listOf(nonEmpty).transform((xs) => xs.map(recipient)),
  remind: remind.nullish(),
});

const DEFAULT_NAMES: Record<string, string> = { weekly: '周报', monthly: '月报' };

/** The `reports:` mapping: key → entry; names (given or defaulted) must be unique. */
export const ReportsSectionSchema = z.record(z.string(), ReportEntry).transform((entries, ctx) => {
  const seen = new Map<string, string>();
  for (const [key, e] of Object.entries(entries)) {
    const name = e.name ?? DEFAULT_NAMES[key] ?? key;
    const other = seen.get(name);
    if (other !== undefined) ctx.addIssue({ code: 'custom', path: [key, 'name'], message: `名称「${name}」与 ${other} 重复 — the name is used by ${other} too` });
    if (/\s/.test(name)) ctx.addIssue({ code: 'custom', path: [key], message: '键名含空格时须另写 name — a key with spaces needs a name' });
    seen.set(name, key);
  }
  return entries;
});

/** The parsed section → definitions; `defaultRemindersMs` is `reminders.before`. */
export function reportDefinitions(section: z.output<typeof ReportsSectionSchema>, defaultRemindersMs: number[]): ReportDefinition[] {
  return Object.entries(section).map(([key, e]) => ({
    key,
    name: e.name ?? DEFAULT_NAMES[key] ?? key,
    due: e.due,
    from: e.from,
    to: e.to,
    remindersBeforeMs: [...new Set(e.remind ?? defaultRemindersMs)].sort((a, b) => b - a),
  }));
}

/**
 * Cross-checks of `reports:` against the org (start-up): every department code and person named
 * in `from` / `to` exists, and each definition has at least one reporter with a recipient — a
 * misspelt code would otherwise silently ask nobody.
 */
export function checkReportsAgainstOrg(defs: readonly ReportDefinition[], org: Org): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const person = (p: string) => org.personById.has(p) || org.people.some((x) => x.name === p);
  for (const d of defs) {
    const entry = `reports.${d.key}`;
    d.from.forEach((s, i) => {
      if ((s.kind === 'leaders_of' || s.kind === 'members_of') && !org.deptByCode.has(s.dept)) issues.push({ entry, field: `from[${i}]`, message: `未知部门 ${showValue(s.dept)} — unknown department` });
      if (s.kind === 'person' && !person(s.person)) issues.push({ entry, field: `from[${i}]`, message: `未知人员 ${showValue(s.person)} — unknown person (or selector: department leaders, leaders <CODE>, members <CODE>, everyone)` });
    });
    d.to.forEach((r, i) => {
      if (r.kind === 'person' && !person(r.person)) issues.push({ entry, field: `to[${i}]`, message: `未知人员 ${showValue(r.person)} — unknown person (or superior, supervisor, gm_office)` });
    });
    if (!issues.some((x) => x.entry === entry) && reportersOf(org, d).length === 0) {
      issues.push({ entry, field: 'from', message: '没有需要汇报的人(汇报人都找不到汇报对象)— no reporter with a recipient' });
    }
  }
  return issues;
}
