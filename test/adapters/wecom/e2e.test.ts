/**
 * A form's life on WeCom through card buttons, against the real app (SQLite store, router, use
 * cases) and the fake qyapi: the issuer drafts by text, the approver and the receiver act by
 * clicking the cards they were sent, each card is updated to show who did what, a bare reply after
 * a click lands in that form's thread, and `查看` shows the whole thread.
 *
 * The outbox is delivered here with the old `deliverDue` loop and a recipient → address mapping
 * that stands in for the dispatcher's (person → user; thread pushed to a person → that member).
 * The same life against the real server — `serve()`, its HTTP server, scheduler and outbox
 * dispatcher — is in running-bot-form.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { decodeButtonKey } from '../../../src/adapters/wecom/button-key.js';
import type { TemplateCard } from '../../../src/adapters/wecom/encode.js';
import { createWecomAdapter, type WecomAdapter } from '../../../src/adapters/wecom/wecom-adapter.js';
import type { Recipient } from '../../../src/domain/message.js';
import type { Org } from '../../../src/domain/org.js';
import { deliverDue } from '../../../src/infra/outbox/deliver.js';
import type { PlatformAddress } from '../../../src/infra/outbox/platform-sender.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { startFakeWecom, type FakeCall, type FakeWecom } from '../../fakes/fake-wecom.js';
import { clickXml, ENV, signedPost, textXml } from './wecom-fixtures.js';

let app: TestApp | undefined;
let fake: FakeWecom | undefined;
afterEach(async () => {
  await app?.close();
  await fake?.close();
});

function address(org: Org, to: Recipient): PlatformAddress | undefined {
  const wecomId = (p?: string) => (p ? org.personById.get(p)?.platformIds.wecom : undefined);
  if (to.kind === 'person') {
    const id = wecomId(to.person);
    return id ? { platform: 'wecom', kind: 'user', id } : undefined;
  }
  if (to.kind === 'thread') {
    const mention = wecomId(to.person);
    return mention ? { platform: 'wecom', kind: 'thread', id: '', formId: to.formId, formNumber: to.formNumber, mention } : undefined;
  }
  return undefined;
}

const contentOf = (c: FakeCall) =>
  JSON.stringify(c.body.msgtype === 'template_card' ? c.body.template_card : c.body[String(c.body.msgtype)]);

describe('a form by WeCom card buttons', () => {
  it('is approved and signed by clicks, each card updated, with replies bound to the clicked form', async () => {
    app = await createTestApp('2026-11-24 09:00');
    fake = await startFakeWecom({ corpId: ENV.corpId, secret: ENV.secret });
    const ids: Record<string, string> = { zheng: 'ZhengWei', lin: 'LinZhiHua', he: 'HeJing' };
    for (const p of app.org.people) if (ids[p.id]) p.platformIds.wecom = ids[p.id];
    const w: WecomAdapter = createWecomAdapter({ env: { ...ENV, apiBase: fake.url }, deps: app });
    const a = app;
    const f = fake;
    const ts = () => String(Math.floor(a.clock.now() / 1000));
    let msgId = 100;
    const post = async (xml: string) => {
      const { query, body } = signedPost(xml, { ts: ts(), nonce: String(msgId) });
      expect((await w.callback.post(query, body)).status).toBe(200);
      await w.callback.idle();
      await deliverDue(a.store, a.clock.now(), {
        send: async (row) => {
          const to = address(a.org, row.to);
          return to ? { platformMessageId: (await w.sender.send(to, row.view, row)).messageId } : {};
        },
      });
    };
    const say = (user: string, text: string) => post(textXml(user, text, String(++msgId), { ts: ts() }));
    /** Clicks the button whose command starts with `word` on the last card sent to `user`. */
    const click = async (user: string, word: string) => {
      const card = [...f.sent].reverse().find((s) => s.body.touser === user && s.body.msgtype === 'template_card');
      const tc = card!.body.template_card as TemplateCard;
      const button = tc.button_list.find((b) => decodeButtonKey(b.key)!.startsWith(word))!;
      const rc = `rc-for-${tc.task_id}`;
      await post(clickXml(user, decodeButtonKey(button.key)!, { ts: ts(), taskId: tc.task_id, key: button.key, responseCode: rc }));
      return decodeButtonKey(button.key)!;
    };
    const lastTo = (user: string) => [...f.sent].reverse().find((s) => s.body.touser === user)!;

    await say('ZhengWei', '新建联络单 JSB 2026-11-27 要求协助 二号锅炉图纸确认');
    expect(contentOf(lastTo('ZhengWei'))).toContain('#1');

    // The approver (赵强, 生产部 leader) got a card; he clicks 同意.
    expect(await click('ZhaoQiang', '同意')).toBe('同意 #1');
    expect(f.updates.at(-1)!.body).toMatchObject({ userids: ['ZhaoQiang'], button: { replace_name: '赵强 已同意' } });

    // The receiving leader (林志华) got the numbered form as a card; he clicks 签收.
    expect(await click('LinZhiHua', '签收')).toBe('签收 SCB20261101');
    expect(f.updates.at(-1)!.body).toMatchObject({ userids: ['LinZhiHua'], button: { replace_name: '林志华 已签收' } });

    // A bare reply soon after the click is a comment in that form's thread, which reaches the issuer.
    await say('LinZhiHua', '图纸周一前确认');
    expect(contentOf(lastTo('ZhengWei'))).toContain('SCB20261101');
    expect(contentOf(lastTo('ZhengWei'))).toContain('图纸周一前确认');

    // 查看 shows the whole thread.
    await say('LinZhiHua', '查看 SCB20261101');
    const thread = contentOf(lastTo('LinZhiHua'));
    for (const step of ['审批同意', '签收', '图纸周一前确认']) expect(thread).toContain(step);
    expect(f.updates).toHaveLength(2);

    // A reply WeCom refuses for now (45009) goes to the outbox and is delivered from there.
    const before = f.sent.length;
    f.failNext('message/send', 45009);
    await say('LinZhiHua', '帮助');
    expect(f.sent.length).toBe(before + 1);
    expect(contentOf(lastTo('LinZhiHua'))).toContain('帮助');
  });
});
