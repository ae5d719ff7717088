/**
 * The conformance driver for Feishu, in both modes: `feishu-ws`, the SDK's long connection to
 * the fake's gateway (protobuf frames, test/fakes/feishu-frame.ts; an event counts as delivered
 * when the client acks it with code 200), and `feishu-http`, events AES-256-CBC encrypted and
 * signed to `POST /feishu/events` (test/adapters/feishu/feishu-fixtures.ts). The fake OpenAPI
 * (test/fakes/fake-feishu.ts) records what the bot sends; a retry is the same `event_id` again
 * (HTTP: fresh timestamp, nonce and signature). Every create carries a `uuid` Feishu sends at
 * most once, so answers arrive exactly once even across a kill.
 */
import { buttonsOfCard, FakeFeishu, p2pChat, textOfMessage } from '../../fakes/fake-feishu.js';
import { cardAction, encryptedRequest, ENV, messageEvent } from '../../adapters/feishu/feishu-fixtures.js';
import { idOn } from '../deployment.js';
import type { ConformanceDriver, Delivered, FakePlatform, Received } from '../driver.js';

export function feishuDriver(mode: 'ws' | 'http'): ConformanceDriver {
  return {
    name: `feishu-${mode}`,
    async start(): Promise<FakePlatform> {
      const fake = await new FakeFeishu({ appId: ENV.appId, appSecret: ENV.appSecret }).start();
      let base = '';
      const sent = new Map<string, Record<string, unknown>>();
      const deliver = async (id: string): Promise<Delivered> => {
        const event = sent.get(id)!;
        if (mode === 'ws') {
          const ack = await fake.push(event).catch(() => undefined);
          return { id, acked: ack?.code === 200 };
        }
        const req = encryptedRequest(event);
        const res = await fetch(`${base}/feishu/events`, { method: 'POST', headers: req.headers, body: req.body }).catch(() => undefined);
        if (res) await res.text();
        return { id, acked: res?.status === 200, ...(res ? { status: res.status } : {}) };
      };
      const keep = (event: Record<string, unknown>) => {
        const id = String((event['header'] as Record<string, unknown>)['event_id']);
        sent.set(id, event);
        return deliver(id);
      };
      return {
        env: {
          FEISHU_APP_ID: ENV.appId,
          FEISHU_APP_SECRET: ENV.appSecret,
          FEISHU_API_BASE: fake.url,
          FEISHU_MODE: mode,
          ...(mode === 'http' ? { FEISHU_VERIFICATION_TOKEN: ENV.verificationToken, FEISHU_ENCRYPT_KEY: ENV.encryptKey } : {}),
        },
        userOf: (person) => idOn('feishu', person),
        stranger: 'ou_stranger',
        exactlyOnceReplies: true,
        target(b) {
          base = b;
        },
        async connected() {
          if (mode === 'ws') await fake.connected;
        },
        sendText: (user, text) => keep(messageEvent(user, text)),
        async click(user, prefix) {
          const m = [...fake.messages].reverse().find((x) => x.to === user && buttonsOfCard(x.patched ?? x.content).some((c) => c.startsWith(prefix)));
          if (!m) throw new Error(`no card with a "${prefix}" button was sent to ${user}`);
          const cmd = buttonsOfCard(m.patched ?? m.content).find((c) => c.startsWith(prefix))!;
          return keep(cardAction(user, { cmd, dm: true }, { messageId: m.messageId, chatId: p2pChat(user) }));
        },
        redeliver: (d) => deliver(d.id),
        received(): Received[] {
          return fake.messages.filter((m) => m.to).map((m) => ({ to: m.to!, text: textOfMessage({ content: m.content }), buttons: buttonsOfCard(m.content), ...(m.uuid ? { key: m.uuid } : {}) }));
        },
        failSends(on) {
          fake.down = on;
        },
        stop: () => fake.stop(),
      };
    },
  };
}
