/**
 * Smaller contracts of issue 2: missed calls logged from either side, a bare 收到 with several
 * pending items, numbering by the policy timezone's month, and a bad config file refused on start.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { conversation, createTestApp, type TestApp } from '../helpers/app.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('missed calls and acknowledgements', () => {
  it('logs a missed call from either side; the duty is always the subordinate’s', async () => {
    app = await createTestApp('2026-11-24 10:00');
    const c = conversation(app);
    expect(await c.say(':as zheng', '未接来电 @赵强')).toContain('已登记 郑伟 的未接来电 TZ1,请在 2026-11-24 10:30 前回电');
    const bySuperior = await c.say(':as zhao', '未接来电 @shi');
    expect(bySuperior).toContain('>> to shi\n未接来电 TZ2\n【未接来电】赵强 给您打过电话');
    expect(await c.say(':as he', '未接来电 @zheng')).toContain('没有上下级关系');
    expect(await c.say(':as shi', '收到')).toContain('已确认收到 TZ2');
    expect(await c.say(':as zheng', '已读')).toContain('已确认收到 TZ1');
  });

  it('a bare 收到 with two pending items asks which, with buttons', async () => {
    app = await createTestApp('2026-11-24 10:00');
    const c = conversation(app);
    await c.say(':as wang', '通知 @zhao 开会', '邮件 @zhao 年度预算');
    const ask = await c.say(':as zhao', '收到');
    expect(ask).toContain('您有多项待回复事项,请指明是哪一项');
    expect(ask).toContain('[收到 TZ1] [收到 TZ2]');
    expect(await c.say('收到 TZ2')).toContain('已确认收到 TZ2《年度预算》');
    expect(await c.say('收到')).toContain('已确认收到 TZ1《开会》');
    expect(await c.say('收到')).toContain('您目前没有需要回复「收到」的事项');
  });

  it('a 【通知】 message in a group chat creates duties for the people it mentions', async () => {
    app = await createTestApp('2026-11-24 10:00');
    const c = conversation(app);
    const out = await c.say(':as zhao', ':in SCB', '【通知】@郑伟 @shi 下午三点盘点库存');
    expect(out).toContain('>> in SCB\n已发出通知 TZ1 给 郑伟、石磊');
    expect(out).toContain('>> to zheng');
    expect(await c.say('今天天气不错')).toBe('');
  });
});

describe('form numbers', () => {
  it('use the month in the policy timezone', async () => {
    app = await createTestApp('2026-11-30 17:00');
    const c = conversation(app);
    await c.say(':as zheng', '新建联络单 JSB 2026-12-10 月底盘点');
    app.clock.set(Date.parse('2026-11-30T16:30:00Z')); // 2026-12-01 00:30 in Shanghai, still November in UTC
    expect(await c.say(':as zhao', '同意')).toContain('SCB20261201');
  });
});

describe('start-up with a bad configuration file', () => {
  it('refuses to start and names the file, the entry and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shoudao-bad-'));
    const org = join(dir, 'org.yaml');
    writeFileSync(org, 'company: 测试\ndepartments:\n  - { code: ZJB, name: 总经办, role: gm_office, leaders: [wang] }\n  - { code: RXB, name: 人力行政部, role: hr, leaders: [nobody] }\npeople:\n  - { id: wang, name: 王, department: ZJB }\nfeedback_group: []\n');
    const r = spawnSync('node', ['bin/shoudao.mjs', 'console', '--org', org, '--db', `sqlite:${join(dir, 'x.db')}`], { input: '', encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('配置错误');
    expect(r.stderr).toMatch(/org\.yaml: departments\[1\] \(RXB\): leaders\[0\]: .*nobody/);
  });
});
