import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { PolicyFileSchema } from '../../../src/config/policy-schema.js';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/config-error.js';
import { DEFAULT_POLICY, loadPolicyFile, parsePolicyYaml } from '../../../src/config/policy-file.js';

const SHIPPED = fileURLToPath(new URL('../../../data/policy.yaml', import.meta.url));
const FILE = 'data/policy.yaml';

function errorOf(text: string): ConfigError {
  try {
    parsePolicyYaml(text, FILE);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('policy file: defaults', () => {
  it('an empty file gives the defaults', () => {
    expect(parsePolicyYaml('', FILE)).toEqual(DEFAULT_POLICY);
    expect(parsePolicyYaml('# only comments\n', FILE)).toEqual(DEFAULT_POLICY);
  });

  it('the defaults are the seed windows and our fines', () => {
    expect(DEFAULT_POLICY.rules.superior_notice.windowMs).toBe(30 * 60_000);
    expect(DEFAULT_POLICY.rules.superior_email.windowMs).toBe(12 * 3_600_000);
    expect(DEFAULT_POLICY.rules.missed_call.windowMs).toBe(30 * 60_000);
    expect(DEFAULT_POLICY.fines).toEqual([20, 50, 100]);
    expect(DEFAULT_POLICY.followUpNotifyGmAt).toBe(3);
    expect(DEFAULT_POLICY.workingTime).toMatchObject({ kind: 'hours', intervals: [[480, 720], [810, 1050]], calendar: 'cn' });
  });

  it('the shipped data/policy.yaml states exactly the defaults', () => {
    expect(loadPolicyFile(SHIPPED)).toEqual(DEFAULT_POLICY);
    // And it states them itself: a file cut short would still load as the defaults (missing keys
    // take them), so every key is checked to be written in the file (issue 18). Left out on
    // purpose: `timezone` (SHOUDAO_TIMEZONE decides) and `delivery` (the platforms' own limits).
    const written = parseYaml(readFileSync(SHIPPED, 'utf8')) as Record<string, unknown>;
    const expected = Object.keys(PolicyFileSchema.shape).filter((k) => k !== 'timezone' && k !== 'delivery');
    expect(expected.filter((k) => !(k in written))).toEqual([]);
    const rules = written['rules'] as Record<string, unknown>;
    // `rules.form_completion` is written under rules but read into `Policy.formCompletion` (issue 13).
    expect(Object.keys(rules).sort()).toEqual([...Object.keys(DEFAULT_POLICY.rules), 'form_completion'].sort());
  });

  it('delivery retries for about 1.5–2 hours by default, as the commented example in data/policy.yaml says', () => {
    expect(DEFAULT_POLICY.delivery.retry).toEqual({ baseMs: 10_000, capMs: 15 * 60_000, maxAttempts: 20 });
    const example = /^#\s+retry:\s*(\{.*\})\s*$/m.exec(readFileSync(SHIPPED, 'utf8'))?.[1];
    expect(example).toBeDefined();
    expect(parsePolicyYaml(`delivery:\n  retry: ${example}\n`, FILE).delivery.retry).toEqual(DEFAULT_POLICY.delivery.retry);
  });

  it('missing keys take the given defaults (timezone from the environment)', () => {
    const p = parsePolicyYaml('fines: { tier2: 80 }\nrules: { missed_call: { window: 1h } }\n', FILE, {
      ...DEFAULT_POLICY,
      timezone: 'Europe/Berlin',
    });
    expect(p.timezone).toBe('Europe/Berlin');
    expect(p.fines).toEqual([20, 80, 100]);
    expect(p.rules.missed_call.windowMs).toBe(3_600_000);
    expect(p.rules.superior_notice.windowMs).toBe(30 * 60_000);
  });

  it('returns fresh objects that may be changed', () => {
    const p = parsePolicyYaml('', FILE);
    p.rules.superior_notice.windowMs = 1;
    expect(DEFAULT_POLICY.rules.superior_notice.windowMs).toBe(30 * 60_000);
  });

  it('accepts the shorthands and other valid values', () => {
    expect(parsePolicyYaml('working_time: always', FILE).workingTime).toEqual({ kind: 'always' });
    const p = parsePolicyYaml(
      [
        'working_time: ["09:00-12:00", "13:00-18:00"]',
        'reminders: { before: [10m, 1h] }',
        'escalation: [{ after: 0, notify: self }, { after: 1h30m, notify: gm_office }]',
        'schedule: { sweep: "*/10 * * * * *" }',
      ].join('\n'),
      FILE,
    );
    expect(p.workingTime).toEqual({ kind: 'hours', intervals: [[540, 720], [780, 1080]], calendar: 'cn', holidays: [], workdays: [] });
    expect(p.remindersBeforeMs).toEqual([3_600_000, 600_000]);
    expect(p.escalation).toEqual([
      { afterMs: 0, notify: 'self' },
      { afterMs: 5_400_000, notify: 'gm_office' },
    ]);
    expect(p.schedule.sweep).toBe('*/10 * * * * *');
  });

  it('reads rules.form_completion: reminders before the 期限 and the violation switch (off by default)', () => {
    expect(DEFAULT_POLICY.formCompletion).toEqual({ remindersBeforeMs: [8 * 3_600_000, 2 * 3_600_000], violation: false });
    const p = parsePolicyYaml('rules:\n  form_completion: { reminders: [1h, 1d], violation: true }\n', FILE);
    expect(p.formCompletion).toEqual({ remindersBeforeMs: [86_400_000, 3_600_000], violation: true });
    expect(() => parsePolicyYaml('rules:\n  form_completion: { window: 2h }\n', FILE)).toThrow(/form_completion/);
  });

  it('reads working_time.official_years (written by calendar import) and refuses a year that is not one', () => {
    const p = parsePolicyYaml('working_time:\n  holidays: [2027-01-01]\n  official_years: [2028, 2027, 2027]\n', FILE);
    expect(p.workingTime).toMatchObject({ holidays: ['2027-01-01'], officialYears: [2027, 2028] });
    expect(() => parsePolicyYaml('working_time:\n  official_years: [27]\n', FILE)).toThrow(/working_time: official_years\[0\]: 不能小于 1901/);
  });
});

describe('policy file: errors name the file, the entry and the field', () => {
  it('bad duration "30 minutes"', () => {
    expect(errorOf('rules:\n  superior_notice:\n    window: 30 minutes\n').message).toBe(
      'data/policy.yaml: rules.superior_notice: window: 时长格式错误 "30 minutes",应写作 30m、12h、2d 或 5s — expected a duration like 30m, 12h, 2d or 5s',
    );
  });

  it('bad hours 25:00-26:00', () => {
    expect(errorOf('working_time: { hours: ["25:00-26:00"] }').message).toContain(
      'data/policy.yaml: working_time: hours[0]: 工作时段 "25:00-26:00" 的时间无效',
    );
  });

  it('overlapping hours, and start after end', () => {
    const msg = errorOf('working_time: { hours: ["08:00-12:00", "11:30-17:30", "19:00-18:00"] }').message;
    expect(msg).toContain('data/policy.yaml: working_time: hours[1]: 工作时段 "11:30-17:30" 与前一时段重叠');
    expect(msg).toContain('data/policy.yaml: working_time: hours[2]: 工作时段 "19:00-18:00" 的开始须早于结束');
  });

  it('bad timezone', () => {
    expect(errorOf('timezone: Asia/Shangai').message).toBe(
      'data/policy.yaml: timezone: 未知时区 "Asia/Shangai",应为 IANA 时区,如 Asia/Shanghai — unknown IANA time zone',
    );
  });

  it('bad notify target', () => {
    expect(errorOf('escalation:\n  - { after: 0m, notify: self }\n  - { after: 1h, notify: boss }\n').message).toContain(
      'data/policy.yaml: escalation[1]: notify: 取值无效 "boss",应为 self | leader | supervisor | gm_office 之一',
    );
  });

  it('negative fine', () => {
    expect(errorOf('fines: { tier1: 20, tier2: -50 }').message).toContain('data/policy.yaml: fines: tier2: 不能小于 0,实际为 -50');
  });

  it('decreasing escalation after', () => {
    expect(errorOf('escalation:\n  - { after: 1h, notify: self }\n  - { after: 30m, notify: leader }\n').message).toBe(
      'data/policy.yaml: escalation[1]: after: 不能早于上一步 escalation[0] — after must not decrease from the previous step',
    );
  });

  it('bad calendar, holiday date, cron, keyword and unknown key, all at once', () => {
    const err = errorOf(
      [
        'working_time: { calendar: lunar, workdays: ["2025-02-30"] }',
        'ack_keywords: [收到, ""]',
        'schedule: { digest: "0 9 * *" }',
        'rule: {}',
      ].join('\n'),
    );
    expect(err.issues.map((i) => `${i.entry}|${i.field}`).sort()).toEqual(
      ['working_time|calendar', 'working_time|workdays[0]', 'ack_keywords[1]|', '|rule', 'schedule|digest'].sort(),
    );
    expect(err.message.split('\n')).toHaveLength(5);
    expect(err.message).toContain('data/policy.yaml: rule: 未知配置项 — unknown key');
  });

  it('a YAML syntax error', () => {
    expect(errorOf('fines: { tier1: 20\n').message).toMatch(/^data\/policy\.yaml: line \d+: column \d+: YAML 语法错误/);
  });
});

describe('schedule expressions node-cron would refuse', () => {
  it('names the field for a well-shaped but impossible expression', () => {
    expect(() => parsePolicyYaml('schedule:\n  sweep: "99 * * * *"\n', 'data/policy.yaml')).toThrow(/schedule.*sweep|sweep/);
  });
});
