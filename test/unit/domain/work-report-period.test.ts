/**
 * 汇报制度 tables: the `due:` forms of the policy file, the `reports:` section's errors, the
 * periods on the Chinese work calendar (holidays move the due day back, 调休 Saturdays count, a
 * period without a working day before its due day owes nothing), ISO weeks, and who reports to whom.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/config-error.js';
import { DEFAULT_POLICY, parsePolicyYaml } from '../../../src/config/policy-file.js';
import { checkReportsAgainstOrg, parseReportDue } from '../../../src/config/report-policy.js';
import { formatLocal, localInstant } from '../../../src/domain/local-time.js';
import { createWorkCalendar } from '../../../src/domain/work-calendar.js';
import { recipientsOf, reportersOf } from '../../../src/domain/work-report/report-people.js';
import { isoWeek, periodAt, periodDates } from '../../../src/domain/work-report/report-period.js';
import type { ReportDefinition, ReportDue } from '../../../src/domain/work-report/work-report.js';
import { demoOrg } from '../../helpers/app.js';

const TZ = 'Asia/Shanghai';
const cal = createWorkCalendar(DEFAULT_POLICY.workingTime, TZ);
const def = (due: ReportDue, more: Partial<ReportDefinition> = {}): ReportDefinition => ({ key: 'k', name: '周报', due, from: [], to: [], remindersBeforeMs: [], ...more });
const local = (ms: number) => formatLocal(ms, TZ);

describe('due: forms', () => {
  it.each<[string, ReportDue | undefined]>([
    ['friday 17:00', { every: 'week', weekday: 5, minute: 1020 }],
    ['Fri 9:30', { every: 'week', weekday: 5, minute: 570 }],
    ['周五 17:00', { every: 'week', weekday: 5, minute: 1020 }],
    ['每周一 08:30', { every: 'week', weekday: 1, minute: 510 }],
    ['星期日 20:00', { every: 'week', weekday: 7, minute: 1200 }],
    ['day 25 17:00', { every: 'month', day: 25, minute: 1020 }],
    ['每月5日 12:00', { every: 'month', day: 5, minute: 720 }],
    ['last workday 12:00', { every: 'month', day: 'last_workday', minute: 720 }],
    ['每月最后工作日 17:00', { every: 'month', day: 'last_workday', minute: 1020 }],
    ['friday', undefined],
    ['someday 17:00', undefined],
    ['day 32 17:00', undefined],
    ['friday 25:00', undefined],
    ['17:00', undefined],
  ])('%s', (text, due) => {
    expect(parseReportDue(text)).toEqual(due);
  });
});

describe('reports: in the policy file', () => {
  it('reads definitions with their defaults (name from the key, remind from reminders.before)', () => {
    const p = parsePolicyYaml('reminders: { before: [30m] }\nreports:\n  weekly: { due: friday 17:00, from: department leaders, to: supervisor }\n  monthly: { due: last workday 12:00, from: [leaders SCB, 全体 JGCJ, 郑伟], to: [上级, gm_office], remind: [1h, 1d] }\n', 'p.yaml');
    expect(p.reports).toEqual([
      { key: 'weekly', name: '周报', due: { every: 'week', weekday: 5, minute: 1020 }, from: [{ kind: 'department_leaders' }], to: [{ kind: 'supervisor' }], remindersBeforeMs: [1_800_000] },
      {
        key: 'monthly', name: '月报', due: { every: 'month', day: 'last_workday', minute: 720 },
        from: [{ kind: 'leaders_of', dept: 'SCB' }, { kind: 'members_of', dept: 'JGCJ' }, { kind: 'person', person: '郑伟' }],
        to: [{ kind: 'superior' }, { kind: 'gm_office' }], remindersBeforeMs: [86_400_000, 3_600_000],
      },
    ]);
    expect(DEFAULT_POLICY.reports).toEqual([]);
  });

  it('refuses a bad due, a duplicate name, a bad remind and an unknown key, naming each field', () => {
    const yaml = 'reports:\n  weekly: { due: friday, from: department leaders, to: supervisor }\n  w2: { name: 周报, due: fri 17:00, from: x, to: y, remind: soon, every: week }\n';
    let err: unknown;
    try {
      parsePolicyYaml(yaml, 'p.yaml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const text = String((err as Error).message);
    expect(text).toContain('p.yaml: reports.weekly: due: 汇报期限格式错误 "friday"');
    expect(text).toContain('p.yaml: reports.w2: remind[0]: 时长格式错误 "soon"');
    expect(text).toContain('p.yaml: reports.w2: every: 未知配置项');
    expect(() => parsePolicyYaml('reports:\n  weekly: { due: friday 17:00, from: everyone, to: superior }\n  w2: { name: 周报, due: fri 17:00, from: x, to: y }\n', 'p.yaml'))
      .toThrow('p.yaml: reports.w2: name: 名称「周报」与 weekly 重复');
  });
});

describe('periods on the work calendar', () => {
  it('a Friday in the 国庆 holiday moves to Wednesday 2026-09-30', () => {
    const p = periodAt(def({ every: 'week', weekday: 5, minute: 1020 }), localInstant('2026-09-29 10:00', TZ), cal, TZ)!;
    expect({ ...p, openAt: local(p.openAt), dueAt: local(p.dueAt) }).toEqual({
      period: '2026-W40', first: '2026-09-28', last: '2026-10-04', nominalDueDate: '2026-10-02', dueDate: '2026-09-30', openAt: '2026-09-28 08:00', dueAt: '2026-09-30 17:00',
    });
  });

  it('the week after opens on its first working day; a Wednesday report in that week owes nothing', () => {
    const fri = periodAt(def({ every: 'week', weekday: 5, minute: 1020 }), localInstant('2026-10-06 10:00', TZ), cal, TZ)!;
    expect([fri.period, local(fri.openAt), local(fri.dueAt)]).toEqual(['2026-W41', '2026-10-08 08:00', '2026-10-09 17:00']);
    expect(periodAt(def({ every: 'week', weekday: 3, minute: 1020 }), localInstant('2026-10-06 10:00', TZ), cal, TZ)).toBeUndefined();
  });

  it('monthly: the 31st in February is its last day (a 调休 Saturday, so it stays); the last working day of October 2026 is Friday the 30th', () => {
    const feb = periodAt(def({ every: 'month', day: 31, minute: 1020 }), localInstant('2026-02-10 10:00', TZ), cal, TZ)!;
    expect([feb.period, feb.dueDate, local(feb.openAt)]).toEqual(['2026-02', '2026-02-28', '2026-02-02 08:00']);
    const oct = periodAt(def({ every: 'month', day: 'last_workday', minute: 720 }), localInstant('2026-10-10 10:00', TZ), cal, TZ)!;
    expect([oct.nominalDueDate, oct.dueDate, local(oct.dueAt), local(oct.openAt)]).toEqual(['2026-10-31', '2026-10-30', '2026-10-30 12:00', '2026-10-08 08:00']);
    const day25 = periodAt(def({ every: 'month', day: 25, minute: 1020 }), localInstant('2026-10-10 10:00', TZ), cal, TZ)!;
    expect([day25.nominalDueDate, day25.dueDate]).toEqual(['2026-10-25', '2026-10-23']); // a Sunday → Friday
  });

  it('ISO weeks across the year end', () => {
    expect([isoWeek('2026-01-01'), isoWeek('2026-12-31'), isoWeek('2027-01-03'), isoWeek('2027-01-04')]).toEqual(['2026-W01', '2026-W53', '2026-W53', '2027-W01']);
    expect(periodDates('2026-W53')).toEqual({ first: '2026-12-28', last: '2027-01-03' });
    expect(periodDates('2026-W01')).toEqual({ first: '2025-12-29', last: '2026-01-04' });
    expect(periodDates('2026-02')).toEqual({ first: '2026-02-01', last: '2026-02-28' });
  });
});

describe('who reports to whom (demo org)', () => {
  const org = demoOrg();
  it('department leaders report to their supervisor; one without a recipient is not asked', () => {
    const d = def({ every: 'week', weekday: 5, minute: 1020 }, { from: [{ kind: 'department_leaders' }], to: [{ kind: 'supervisor' }] });
    expect(reportersOf(org, d)).toEqual(['liu', 'zhao', 'zhou', 'lin', 'xu', 'guo', 'han', 'feng', 'deng']);
    expect(recipientsOf(org, d, 'zhao')).toEqual(['chen']);
    expect(recipientsOf(org, d, 'zhou')).toEqual(['zhao']); // 金工车间 has no supervisor
    expect(recipientsOf(org, d, 'wang')).toEqual([]);
  });

  it('members, named people and several recipients; nobody is their own recipient', () => {
    const d = def({ every: 'week', weekday: 5, minute: 1020 }, { from: [{ kind: 'members_of', dept: 'JGCJ' }, { kind: 'person', person: '郑伟' }, { kind: 'person', person: 'nobody' }], to: [{ kind: 'superior' }, { kind: 'person', person: 'zhou' }] });
    expect(reportersOf(org, d)).toEqual(['zheng', 'zhou', 'wu', 'qian']);
    expect(recipientsOf(org, d, 'wu')).toEqual(['zhou']);
    expect(recipientsOf(org, d, 'zhou')).toEqual(['zhao']);
  });
});

describe('reports: against the org (start-up)', () => {
  const org = demoOrg();
  const defs = (yaml: string) => parsePolicyYaml(yaml, 'p.yaml').reports;
  it('names unknown departments and people, and a definition nobody reports under', () => {
    const issues = checkReportsAgainstOrg(defs('reports:\n  weekly: { due: fri 17:00, from: [leaders XYZ, 郑伟, 张三], to: [supervisor, lisi] }\n  gm: { due: fri 17:00, from: wang, to: superior }\n'), org);
    expect(issues).toEqual([
      { entry: 'reports.weekly', field: 'from[0]', message: '未知部门 "XYZ" — unknown department' },
      { entry: 'reports.weekly', field: 'from[2]', message: expect.stringContaining('未知人员 "张三"') },
      { entry: 'reports.weekly', field: 'to[1]', message: expect.stringContaining('未知人员 "lisi"') },
      { entry: 'reports.gm', field: 'from', message: expect.stringContaining('没有需要汇报的人') },
    ]);
    expect(checkReportsAgainstOrg(defs('reports:\n  weekly: { due: fri 17:00, from: [负责人 SCB, 全体 JGCJ], to: 主管领导 }\n'), org)).toEqual([]);
  });
});
