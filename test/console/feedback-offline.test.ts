/**
 * 代登记 (issue 16 part 3) through the console on an injected clock: a meeting's minutes
 * registered in one message as five items with their source, checked against the database; the
 * origin person hears back and follows the item through its lifecycle like a submitter; an
 * anonymous box item and an anonymous 面谈 stay anonymous (no plain-text trace of the person); the
 * refusals — not a recorder, unknown source, empty lines, a bad meeting date, an unknown person.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createAesSealer } from '../../src/infra/crypto/aes-sealer.js';
import { conversation, createTestApp, type TestApp } from '../helpers/app.js';
import { testDialects, type TestDialect } from '../helpers/databases.js';
import { SECRET, to } from '../feedback/helpers.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const start = async (dialect: TestDialect, at: string): Promise<TestApp> => {
  const db = await dialect.create();
  const a = await createTestApp(at, { url: db.url, drop: db.drop });
  a.sealer = createAesSealer(SECRET);
  return a;
};

const fk = (n: number) => `FK20261201-${String(n).padStart(3, '0')}`;

/** The stored rows of the day's items, as the database has them (no mapping through the app). */
async function itemRows(a: TestApp) {
  return a.store.transaction(async (tx) => {
    const items = await tx.feedback.list({});
    const sealed = await tx.feedback.sealedSenders(items.map((i) => i.id));
    const events = new Map(await Promise.all(items.map(async (i) => [i.number, await tx.feedbackEvents.forItem(i.id)] as const)));
    return items.map((i) => ({ ...i, sealed: sealed.get(i.id), events: events.get(i.number)! }));
  });
}

const MINUTES = [
  '代登记 会议纪要 12月1日 生产调度会',
  '问题 三号线皮带跑偏,已两次停机 来自 @郑伟',
  '',
  '来自 @周海涛 建议 焊材库增加除湿机',
  '投诉 夜班食堂七点就没有热菜',
  '来自 王师傅 问题 车间东门的照明坏了',
  '来自 @wu 紧急 二号行车刹车异响',
].join('\n');

describe.each(testDialects())('代登记 on $name', (dialect) => {
  it('registers a meeting’s minutes as five items with their source, and the origin hears back', async () => {
    // Tuesday 2026-12-01 10:00; 石磊 is a recorder (org file feedback_recorders).
    app = await start(dialect, '2026-12-01 10:00');
    const c = conversation(app);
    const out = await c.say(':as shi', ':in SCB', MINUTES);
    expect(out).toContain('>> in SCB\n已代登记 5 条信息反馈(会议纪要 · 2026-12-01 生产调度会),登记时间 2026-12-01 10:00:');
    expect(out).toContain(`· ${fk(1)} 问题(来自 郑伟)\n· ${fk(2)} 建议(来自 周海涛)\n· ${fk(3)} 投诉\n· ${fk(4)} 问题(来自 王师傅)\n· ${fk(5)} 紧急(来自 吴刚)`);
    // The people in the directory hear back in chat, like submitters; the triagers get each item.
    expect(to(out, 'zheng')[0]).toContain(`石磊 已把您在「会议纪要 · 2026-12-01 生产调度会」中反映的意见代为登记为信息反馈 ${fk(1)}(问题)`);
    expect(to(out, 'zhou')[0]).toContain(fk(2));
    expect(to(out, 'wu')[0]).toContain(fk(5));
    expect(to(out, 'liu').map((b) => /FK20261201-\d{3}/.exec(b)?.[0]).filter(Boolean).sort()).toEqual(expect.arrayContaining([fk(1), fk(2), fk(3), fk(4), fk(5)]));

    const rows = await itemRows(app);
    expect(rows.map((r) => r.number)).toEqual([fk(1), fk(2), fk(3), fk(4), fk(5)]);
    expect(rows.map((r) => r.category)).toEqual(['problem', 'suggestion', 'complaint', 'problem', 'urgent']);
    expect(rows.every((r) => r.details.offline?.source === 'meeting' && r.details.offline.recordedBy === 'shi')).toBe(true);
    expect(rows.every((r) => r.details.offline?.meeting?.date === '2026-12-01' && r.details.offline.meeting.name === '生产调度会')).toBe(true);
    expect(rows.every((r) => r.source.channel === 'offline:meeting' && !r.anonymous && r.sealed === undefined)).toBe(true);
    expect(rows.map((r) => r.submitter ?? null)).toEqual(['zheng', 'zhou', null, null, 'wu']);
    expect(rows[3]!.details.offline?.originName).toBe('王师傅');
    // Department concerned: the person's own; without a directory person, the recorder's.
    expect(rows.map((r) => r.dept)).toEqual(['SCB', 'JGCJ', 'SCB', 'SCB', 'JGCJ']);
    expect(rows[0]!.description).toBe('三号线皮带跑偏,已两次停机');
    expect(rows[0]!.events[0]).toMatchObject({ actor: 'shi', kind: 'registered', text: '代登记(来源:会议纪要 · 2026-12-01 生产调度会;记录人 石磊;来自 郑伟)' });
    // Same deadlines as chat items: the first response is owed in 4 working hours (15:30: 10:00-12:00 and 13:30-15:30).
    expect(new Date(rows[0]!.responseDueAt).toISOString()).toBe('2026-12-01T07:30:00.000Z');

    // 查看 shows where it came from and who recorded it; someone outside the directory by name.
    const seen = await c.say(':dm', ':as liu', `查看 ${fk(4)}`);
    expect(seen).toContain('反馈人:王师傅');
    expect(seen).toContain('来源:会议纪要 · 2026-12-01 生产调度会(代登记:石磊)');

    // Follow-up: the same lifecycle; 郑伟 hears each step and closes it like a submitter.
    const n = fk(1);
    expect(to(await c.say(':dm', ':as liu', `受理 ${n} @shi`), 'zheng')[0]).toContain('已受理');
    const resolved = await c.say(':as shi', `解决 ${n} 已更换托辊 改进: 每周点检皮带张紧`);
    expect(to(resolved, 'zheng')[0]).toContain('已更换托辊');
    expect(await c.say(':as zheng', `确认 ${n} 5`)).toContain(n);
    expect((await itemRows(app))[0]!.state).toBe('closed');
    expect(await c.say(':as zheng', '我的反馈')).toContain(n);
  });

  it('keeps anonymous box and interview items anonymous, sealed like chat', async () => {
    app = await start(dialect, '2026-12-01 10:00');
    const c = conversation(app);
    // In a group an anonymous item is refused: the group has seen the message.
    expect(await c.say(':as sun', ':in ZJB', '代登记 反馈箱 匿名 建议 停车场增加电动车充电桩')).toContain('为保护匿名');
    const box = await c.say(':dm', '代登记 反馈箱 匿名 建议 停车场增加电动车充电桩');
    expect(box).toContain(`· ${fk(1)} 建议(匿名)`);
    const talk = await c.say('代登记 面谈 匿名 来自 @郑伟 投诉 班组长分配加班不公平');
    expect(talk).toContain(`· ${fk(2)} 投诉(匿名)`);
    expect(talk).not.toContain('郑伟');
    // The person of the 面谈 hears back through the sealed recipient, never by name.
    expect(to(talk, '匿名反馈人')[0]).toContain(`您在「面谈」中反映的意见已匿名登记为信息反馈 ${fk(2)}(投诉)`);
    expect(to(talk, 'zheng')).toEqual([]);

    const [boxRow, talkRow] = await itemRows(app);
    expect(boxRow).toMatchObject({ anonymous: true, sealed: undefined, dept: 'ZJB' });
    expect(boxRow!.submitter).toBeUndefined();
    expect(talkRow).toMatchObject({ anonymous: true, dept: 'ZJB' });
    expect(talkRow!.submitter).toBeUndefined();
    expect(app.sealer!.unseal(talkRow!.sealed!)).toMatchObject({ platform: 'console', address: 'zheng' });
    // No plain-text trace of 郑伟 in the item, its history, its duties or the audit.
    const plain = JSON.stringify(talkRow, (k, v: unknown) => (k === 'sealed' ? undefined : v));
    expect(plain).not.toMatch(/zheng|郑伟/);
    const audit = await app.store.transaction((tx) => tx.audit.list({ entity: 'feedback', entityId: String(talkRow!.id) }));
    expect(JSON.stringify(audit)).not.toMatch(/zheng|郑伟/);
    const duties = await app.store.transaction((tx) => tx.duties.forSubjects('feedback', [talkRow!.id]));
    expect(duties.length).toBeGreaterThan(0);
    expect(JSON.stringify(duties)).not.toMatch(/zheng|郑伟/);

    // 郑伟 answers a question as 匿名反馈人: recognised by the seal, like an anonymous chat sender.
    const n = fk(2);
    await c.say(':as liu', `受理 ${n} @liu`);
    expect(to(await c.say(`提问 ${n} 是哪个班组?`), '匿名反馈人')[0]).toContain('是哪个班组?');
    const answer = await c.say(':as zheng', `回复 ${n} 焊接二班`);
    expect(to(answer, 'liu')[0]).toContain('匿名反馈人 回复:焊接二班');
  });

  it('refuses: not a recorder, unknown source, empty lines, a bad date, an unknown person — and stores nothing', async () => {
    app = await start(dialect, '2026-12-01 10:00');
    const c = conversation(app);
    expect(await c.say(':dm', ':as qian', '代登记 电话 问题 空压机漏气')).toContain('只有信息反馈管理小组成员和反馈记录员');
    await c.say(':as shi');
    expect(await c.say('代登记 传真 问题 空压机漏气')).toContain('未知来源「传真」,可选:会议纪要、反馈箱、面谈、电话、邮件。');
    expect(await c.say('代登记')).toContain('用法:代登记 <来源>');
    expect(await c.say('代登记 会议纪要 12月1日 生产调度会\n\n  \n')).toContain('没有要登记的事项');
    expect(await c.say('代登记 电话')).toContain('没有要登记的事项');
    expect(await c.say('代登记 会议纪要 12月1日 生产调度会\n问题 皮带跑偏\n来自 @郑伟 建议')).toContain('第 3 行没有反馈内容。');
    expect(await c.say('代登记 会议纪要 2026-13-01 生产调度会\n问题 皮带跑偏')).toContain('会议日期「2026-13-01」无效');
    expect(await c.say('代登记 会议纪要 生产调度会\n问题 皮带跑偏')).toContain('会议纪要的第一行请写会议日期和名称');
    expect(await c.say('代登记 会议纪要 12月1日 生产调度会\n问题 皮带跑偏\n来自 @nobody 建议 加装护栏')).toContain('第 3 行:找不到人员「nobody」');
    expect(await c.say('代登记 会议纪要 12月1日 生产调度会\n问题 皮带跑偏\n来自 @郑伟 问题 漏气;部门: XYZ')).toContain('第 3 行:');
    // Anonymous 代登记 without SHOUDAO_SECRET: nothing could be sealed, so nothing is stored.
    const sealer = app.sealer;
    delete app.sealer;
    expect(await c.say(':dm', '代登记 面谈 匿名 来自 @郑伟 投诉 加班不公平')).toContain('匿名代登记暂不可用');
    app.sealer = sealer;
    expect(await itemRows(app)).toEqual([]);
    // A refused message takes no number: the next item is the day's first.
    expect(await c.say('代登记 电话 来自 @郑伟 问题 空压机漏气')).toContain(`· ${fk(1)} 问题(来自 郑伟)`);
  });
});
