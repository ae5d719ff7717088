/**
 * A notice's live status line (src/chat/live-views.ts): who acknowledged, who is still awaited (and
 * a 收到 button while anyone is), and whom the notice never reached — a cancelled notice duty
 * (src/app/undelivered-notice.ts), listed apart and neither awaited nor counted as acknowledged.
 */
import { describe, expect, it } from 'vitest';
import { noticeStatusView } from '../../../src/chat/live-views.js';
import type { Duty } from '../../../src/domain/duty/duty.js';
import type { Notice } from '../../../src/domain/notice.js';
import { demoOrg } from '../../helpers/app.js';

const org = demoOrg();
const T = Date.UTC(2026, 10, 3, 1, 0);
const notice: Notice = { id: 7, ref: 'TZ7', kind: 'notice', from: 'wang', text: '安全会', recipients: ['zhao', 'liu', 'lin'], createdAt: T };
const duty = (id: number, person: string, status: Duty['status']): Duty => ({
  id, person, rule: 'superior_notice', subject: { kind: 'notice', id: 7, ref: 'TZ7' }, title: '安全会', from: 'wang', createdAt: T, dueAt: T + 1_800_000, status,
});

describe('the notice status line', () => {
  it('lists the acknowledged, the awaited and the unreached apart', () => {
    const v = noticeStatusView(notice, [duty(1, 'zhao', 'cancelled'), duty(2, 'liu', 'done'), duty(3, 'lin', 'open')], org, 'Asia/Shanghai');
    expect(v.lines).toEqual(['已确认 1/3', '✅ 刘敏', '⏳ 林志华(请在 2026-11-03 09:30 前回复「收到」、点 ✅/👀 或按下方按钮)', '✉️ 未送达(不计违规):赵强']);
    expect(v.buttons).toHaveLength(1);
  });

  it('has no button once nobody is awaited, even if someone was never reached', () => {
    const v = noticeStatusView(notice, [duty(1, 'zhao', 'cancelled'), duty(2, 'liu', 'done'), duty(3, 'lin', 'done')], org, 'Asia/Shanghai');
    expect(v.lines).toEqual(['已确认 2/3', '✅ 刘敏、林志华', '✉️ 未送达(不计违规):赵强']);
    expect(v.buttons).toEqual([]);
  });
});
