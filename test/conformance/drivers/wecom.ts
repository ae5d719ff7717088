/**
 * The conformance driver for WeCom (企业微信): callbacks encrypted and signed exactly as WeCom
 * sends them (protocols.md A.2–A.5, test/adapters/wecom/wecom-fixtures.ts) to `/wecom/callback`;
 * the fake qyapi (test/fakes/fake-wecom.ts) records message/send. A retry is the same MsgId (or
 * the same click) posted again with a fresh nonce and signature, as WeCom retries.
 */
import type { TemplateCard } from '../../../src/adapters/wecom/render.js';
import { decodeButtonKey } from '../../../src/adapters/wecom/wire/button-key.js';
import { startFakeWecom } from '../../fakes/fake-wecom.js';
import { cardSubmitXml, clickXml, ENV, signedPost, textXml, wecomEnvVars } from '../../adapters/wecom/wecom-fixtures.js';
import { idOn } from '../deployment.js';
import type { ConformanceDriver, FakePlatform, Received } from '../driver.js';

export function wecomDriver(): ConformanceDriver {
  return {
    name: 'wecom',
    async start(): Promise<FakePlatform> {
      const fake = await startFakeWecom({ corpId: ENV.corpId, secret: ENV.secret });
      let base = '';
      let msgId = 7_000_000;
      let nonce = 0;
      const sent = new Map<string, string>();
      const post = async (xml: string, id: string) => {
        const ts = String(Math.floor(Date.now() / 1000));
        const { query, body } = signedPost(xml, { ts, nonce: `c${++nonce}` });
        const res = await fetch(`${base}/wecom/callback?${query}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body }).catch(() => undefined);
        if (res) await res.text();
        return { id, acked: res?.status === 200, ...(res ? { status: res.status } : {}) };
      };
      const contentOf = (b: Record<string, unknown>) => JSON.stringify(b.msgtype === 'template_card' ? b.template_card : b[String(b.msgtype)]);
      // The intake card (multiple_interaction) offers its categories; "pressing" one chooses it and submits.
      type IntakeCard = { card_type: 'multiple_interaction'; task_id: string; select_list: Array<{ question_key: string; option_list: Array<{ id: string; text: string }> }>; submit_button: { key: string } };
      const intake = (b: Record<string, unknown>) => (b.msgtype === 'template_card' && (b.template_card as IntakeCard).card_type === 'multiple_interaction' ? (b.template_card as IntakeCard) : undefined);
      const cardButtons = (b: Record<string, unknown>) => {
        const i = intake(b);
        if (i) return i.select_list.find((q) => q.question_key === 'category')?.option_list.map((o) => o.text) ?? [];
        return b.msgtype === 'template_card' ? (b.template_card as TemplateCard).button_list.map((x) => decodeButtonKey(x.key) ?? '') : [];
      };
      return {
        env: wecomEnvVars(fake.url),
        userOf: (person) => idOn('wecom', person),
        stranger: 'Outsider',
        exactlyOnceReplies: false,
        target(b) {
          base = b;
        },
        async connected() {},
        async sendText(user, text) {
          const id = String(++msgId);
          const xml = textXml(user, text, id, { ts: String(Math.floor(Date.now() / 1000)) });
          sent.set(id, xml);
          return post(xml, id);
        },
        async click(user, prefix) {
          const card = [...fake.sent].reverse().find((s) => s.body.touser === user && cardButtons(s.body).some((c) => c.startsWith(prefix)));
          if (!card) throw new Error(`no card with a "${prefix}" button was sent to ${user}`);
          const ic = intake(card.body);
          if (ic) {
            const option = ic.select_list.find((q) => q.question_key === 'category')!.option_list.find((o) => o.text.startsWith(prefix))!;
            const id = `submit:${ic.task_id}:${option.id}`;
            const xml = cardSubmitXml(user, { ts: String(Math.floor(Date.now() / 1000)), taskId: ic.task_id, key: ic.submit_button.key, responseCode: card.responseCode ?? 'rc', selected: [['category', [option.id]]] });
            sent.set(id, xml);
            return post(xml, id);
          }
          const tc = card.body.template_card as TemplateCard;
          const button = tc.button_list.find((x) => decodeButtonKey(x.key)!.startsWith(prefix))!;
          const id = `click:${tc.task_id}:${button.key}`;
          const xml = clickXml(user, decodeButtonKey(button.key)!, { ts: String(Math.floor(Date.now() / 1000)), taskId: tc.task_id, key: button.key, responseCode: card.responseCode ?? 'rc' });
          sent.set(id, xml);
          return post(xml, id);
        },
        async redeliver(d) {
          const xml = sent.get(d.id);
          if (!xml) throw new Error(`unknown delivery ${d.id}`);
          return post(xml, d.id);
        },
        received(): Received[] {
          return fake.sent.map((s) => ({ to: String(s.body.touser), text: contentOf(s.body), buttons: cardButtons(s.body) }));
        },
        failSends(on) {
          fake.down = on;
        },
        stop: () => fake.close(),
      };
    },
  };
}
