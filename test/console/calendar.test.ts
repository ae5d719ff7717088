/**
 * The work calendar at console level (issue 13): a statutory-only 2027 on an injected clock, and
 * `shoudao calendar import` / `show` against a real policy file that the running bot then loads.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { calendarCommand, type CalendarIo } from '../../src/cli-calendar.js';
import { loadPolicyFile } from '../../src/config/policy-file.js';
import { conversation, createTestApp, type TestApp } from '../helpers/app.js';
import { stringContaining } from '../helpers/matchers.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** Runs `calendar …` in-process with captured output; `answer` is the terminal's reply to the prompt. */
async function run(args: string[], answer?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CalendarIo = { out: (l) => out.push(l), err: (l) => err.push(l), env: {}, ...(answer !== undefined ? { confirm: async () => answer === 'y' } : {}) };
  const code = await calendarCommand(args, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function policyCopy(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'shoudao-cal-')), 'policy.yaml');
  copyFileSync('data/policy.yaml', file);
  return file;
}

describe('2027 with statutory data only', () => {
  it('a notice at 17:20 on 2026-12-31 is due at 08:20 on 2027-01-04; its reminder and escalation wait for Monday', async () => {
    app = await createTestApp('2026-12-31 17:20');
    const c = conversation(app);
    expect(await c.say(':as wang', '通知 @zhao 元旦后第一天开会')).toContain('需在 2027-01-04 08:20 前回复「收到」');
    // Over the holiday and the weekend nothing is sent: the 10-minute reminder comes at 08:10 on Monday.
    expect(await c.say(':advance 3d', ':advance 14h', ':advance 49m')).not.toContain('>> to zhao'); // Monday 08:09
    expect(await c.say(':advance 1m')).toContain('【提醒】TZ1《元旦后第一天开会》将于 2027-01-04 08:20 到期'); // 08:10
    const due = await c.say(':advance 10m'); // 08:20: missed, recorded in January 2027
    expect(due).toContain('已记违规:上级通知未在时限内回复,2027-01 第 1 次');
    expect(due).not.toContain('【逾期上报】');
  });

  it('春节 2027: 除夕 to 初三 and two 补假 days off, so a 30-minute notice on Thursday evening falls due the next Thursday', async () => {
    app = await createTestApp('2027-02-04 17:20');
    const c = conversation(app);
    expect(await c.say(':as wang', '通知 @zhao 节后复工安排')).toContain('需在 2027-02-11 08:20 前回复「收到」');
  });
});

describe('shoudao calendar', () => {
  it('imports the real 2026 notice into the policy file, touching only the calendar lines, and the bot loads it', async () => {
    const file = policyCopy();
    const before = readFileSync(file, 'utf8');
    const r = await run(['import', 'test/fixtures/calendar/notice-2026.txt', '--policy', file, '--yes']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('2026 年放假安排');
    expect(r.out).toContain('· 春节:放假 9 天 2026-02-15、');
    expect(r.out).toContain('合计放假 33 天,调休上班 6 天。');
    const after = readFileSync(file, 'utf8');
    const changed = after.split('\n').filter((l) => !before.split('\n').includes(l));
    expect(changed.every((l) => /^\s+(holidays: \[|workdays: \[|official_years: |2026-|\])/.test(l)), changed.join('\n')).toBe(true);
    const policy = loadPolicyFile(file);
    expect(policy.workingTime).toMatchObject({ officialYears: [2026] });
    if (policy.workingTime.kind !== 'hours') throw new Error('hours expected');
    expect(policy.workingTime.holidays).toHaveLength(33);
    expect(policy.workingTime.workdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
  });

  it('shows the result first and writes only after a yes; without a terminal it needs --yes', async () => {
    const file = policyCopy();
    const before = readFileSync(file, 'utf8');
    const declined = await run(['import', 'test/fixtures/calendar/notice-2025.txt', '--policy', file], 'n');
    expect(declined.code).toBe(1);
    expect(declined.out).toContain('· 国庆节、中秋节:放假 8 天');
    expect(declined.out).toContain('已取消,未写入');
    const noTty = await run(['import', 'test/fixtures/calendar/notice-2025.txt', '--policy', file]);
    expect(noTty.code).toBe(1);
    expect(noTty.err).toContain('请加 --yes');
    expect((await run(['import', 'test/fixtures/calendar/notice-2025.txt', '--policy', file, '--dry-run'])).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect((await run(['import', 'test/fixtures/calendar/notice-2025.txt', '--policy', file], 'y')).code).toBe(0);
    expect(readFileSync(file, 'utf8')).not.toBe(before);
  });

  it('refuses a notice it cannot fully read, with each line and what it expected, and writes nothing', async () => {
    const file = policyCopy();
    const before = readFileSync(file, 'utf8');
    const dir = mkdtempSync(join(tmpdir(), 'shoudao-notice-'));
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, readFileSync('test/fixtures/calendar/notice-2026.txt', 'utf8').replace('1月4日（周日）上班', '1月4日（周一）上班').replace('共7天', '共6天'));
    const r = await run(['import', bad, '--policy', file, '--yes']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('未写入(2 处问题)');
    expect(r.err).toContain('第 7 行「一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周一）上班。」:2026-01-04 是周日,原文写的是周一');
    expect(r.err).toContain('第 19 行');
    expect(r.err).toContain('写的是共 6 天,但日期范围是 7 天');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('shows a month with the working time of each day: 2026-10 from chinese-days, 2027-01 statutory only', async () => {
    const oct = await run(['show', '2026-10', '--policy', 'data/policy.yaml']);
    expect(oct.code).toBe(0);
    expect(oct.out).toContain('工作日历 2026-10(国务院放假安排)');
    expect(oct.out).toContain('2026-10-01 周四  节假日 国庆节  —');
    expect(oct.out).toContain('2026-10-10 周六  调休上班 国庆节  08:00-12:00 13:30-17:30');
    expect(oct.out).toContain('工作日 18 天,工作时间合计 144 小时。');
    const jan = await run(['show', '2027-01']);
    expect(jan.out).toContain('工作日历 2027-01(仅法定节假日,调休未知)');
    expect(jan.out).toContain('2027-01-01 周五  法定节假日(推算) 元旦  —');
    expect(jan.out).toContain('2027-01-04 周一  工作日  08:00-12:00 13:30-17:30');
    expect(jan.out).toContain('2027 年尚无国务院放假安排');
    const badMonth = await run(['show', '2027-13']);
    expect(badMonth).toMatchObject({ code: 2, err: stringContaining('月份无效:2027-13') });
  });

  it('runs as `npx shoudao calendar show`', () => {
    const r = spawnSync('node', ['bin/shoudao.mjs', 'calendar', 'show', '2027-05'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('2027-05-03 周一  补假(推算) 劳动节  —');
  });
});
