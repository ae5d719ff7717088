/** Issue 18 item 17: plain-language dates for a 期限, and department names or lower-case codes. */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../../src/config/policy-file.js';
import { localInstant } from '../../../src/domain/local-time.js';
import { parseDeadline } from '../../../src/domain/plain-date.js';
import { conversation, createTestApp, type TestApp } from '../../helpers/app.js';

const TZ = 'Asia/Shanghai';
const NOW = localInstant('2026-12-01 09:00', TZ); // a Tuesday
const at = (s: string) => localInstant(s, TZ);

describe('plain-language dates', () => {
  it.each([
    ['2026-12-04', '2026-12-04 17:30'],
    ['今天', '2026-12-01 17:30'],
    ['明天', '2026-12-02 17:30'],
    ['明天 10:00', '2026-12-02 10:00'],
    ['后天', '2026-12-03 17:30'],
    ['周五', '2026-12-04 17:30'],
    ['星期二', '2026-12-01 17:30'],
    ['周一', '2026-12-07 17:30'], // this week's Monday has passed
    ['下周一', '2026-12-07 17:30'],
    ['下周五 14:00', '2026-12-11 14:00'],
    ['12/04', '2026-12-04 17:30'],
    ['12-04', '2026-12-04 17:30'],
    ['12月4日', '2026-12-04 17:30'],
    ['12月4号 09:30', '2026-12-04 09:30'],
    ['1/05', '2027-01-05 17:30'], // passed this year: next year's
  ])('%s is %s', (text, local) => expect(parseDeadline(text, DEFAULT_POLICY, NOW)).toBe(at(local)));

  it.each(['大后年', '2/30', '13月1日', '下周八', '明天 25:00', 'soon'])('%s is not a date', (text) => {
    expect(parseDeadline(text, DEFAULT_POLICY, NOW)).toBeUndefined();
  });
});

describe('in the chat', () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('takes 明天 and a department name in one line, and shows the absolute date back', async () => {
    app = await createTestApp('2026-12-01 09:00');
    const c = conversation(app);
    const out = await c.say(':as zheng', '新建联络单 技术部 明天 要求协助 图纸确认');
    expect(out).toContain('已起草 #1');
    expect(out).toContain('接收部门:技术部');
    expect(out).toContain('期限:2026-12-02 17:30');
    expect(await c.say('新建联络单 jsb 12月4日 图纸复核')).toContain('期限:2026-12-04 17:30');
    expect(await c.say('修改 #1 期限: 下周一')).toContain('期限 2026-12-07 17:30');
    expect(await c.say('新建联络单 后勤部 明天 图纸')).toContain('找不到部门代码「后勤部」');
  });
});
