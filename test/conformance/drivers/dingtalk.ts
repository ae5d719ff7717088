/**
 * The conformance driver for DingTalk (钉钉), in both modes:
 * - `dingtalk-http`: robot messages posted to `/dingtalk/callback` with `timestamp` and `sign`
 *   (HMAC-SHA256 of timestamp + "\n" + appSecret, protocols.md B.2); acked = HTTP 200;
 * - `dingtalk-stream`: CALLBACK frames pushed by the fake gateway (test/fakes/fake-dingtalk.ts) to
 *   the real `dingtalk-stream` client inside the bot; acked = an ack frame with the frame's
 *   messageId. Sent while the bot is down (no socket), a frame is not acked.
 * A button press is what DingTalk's template-less button does (render.ts): the person sends the
 * button's command as a message. A retry is the same `msgId` again.
 */
import { TOPIC_ROBOT } from 'dingtalk-stream';
import { commandOfDtmd } from '../../../src/adapters/dingtalk/render.js';
import { FakeDingtalk, type FakeSent } from '../../fakes/fake-dingtalk.js';
import { DT, dingSign, robotText } from '../../adapters/dingtalk/dingtalk-fixtures.js';
import { idOn } from '../deployment.js';
import type { ConformanceDriver, Delivered, FakePlatform, Received } from '../driver.js';
import { scalarText } from '../../../src/domain/scalar-text.js';

/** The commands of a sent message's buttons: its dtmd links (1:1) or card buttons. */
export function buttonsOfSent(s: FakeSent): string[] {
  if (s.api === 'card') return (JSON.parse(scalarText(s.param.buttons, '[]')) as Array<{ command: string }>).map((b) => b.command);
  const text = scalarText(s.param.text);
  return [...text.matchAll(/\]\((dtmd:[^)\s]+)\)/g)].map((m) => commandOfDtmd(m[1]!) ?? '');
}

export function textOfSent(s: FakeSent): string {
  return Object.values(s.param).map(String).join('\n');
}

export function dingtalkDriver(mode: 'stream' | 'http'): ConformanceDriver {
  return {
    name: `dingtalk-${mode}`,
    async start(): Promise<FakePlatform> {
      const fake = await new FakeDingtalk(DT).start();
      let base = '';
      let n = 0;
      const payloads = new Map<string, Record<string, unknown>>();
      const deliver = async (id: string): Promise<Delivered> => {
        const payload = payloads.get(id)!;
        if (mode === 'stream') return { id, acked: await fake.push(TOPIC_ROBOT, payload, `frame-${id}-${++n}`, 15_000) };
        const ts = String(Date.now());
        const res = await fetch(`${base}/dingtalk/callback`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', timestamp: ts, sign: dingSign(ts) }, body: JSON.stringify(payload) }).catch(() => undefined);
        if (res) await res.text();
        return { id, acked: res?.status === 200, ...(res ? { status: res.status } : {}) };
      };
      const send = (user: string, text: string) => {
        const id = `cmsg${Date.now().toString(36)}${++n}`;
        payloads.set(id, robotText(user, text, { msgId: id }));
        return deliver(id);
      };
      return {
        env: {
          DINGTALK_CLIENT_ID: DT.clientId,
          DINGTALK_CLIENT_SECRET: DT.clientSecret,
          DINGTALK_ROBOT_CODE: DT.robotCode,
          DINGTALK_MODE: mode,
          DINGTALK_API_BASE: fake.url,
          DINGTALK_OAPI_BASE: fake.url,
        },
        userOf: (person) => idOn('dingtalk', person),
        stranger: 'dtstranger9999',
        exactlyOnceReplies: false,
        target(b) {
          base = b;
        },
        async connected() {
          if (mode === 'stream') await fake.connected();
        },
        sendText: send,
        async click(user, prefix) {
          const m = [...fake.sent].reverse().find((s) => s.to.includes(user) && buttonsOfSent(s).some((c) => c.startsWith(prefix)));
          if (!m) throw new Error(`no message with a "${prefix}" button was sent to ${user}`);
          return send(user, buttonsOfSent(m).find((c) => c.startsWith(prefix))!);
        },
        redeliver: (d) => deliver(d.id),
        received(): Received[] {
          return fake.sent.filter((s) => s.api !== 'groupSend').flatMap((s) => s.to.map((to) => ({ to, text: textOfSent(s), buttons: buttonsOfSent(s) })));
        },
        failSends(on) {
          fake.down = on;
        },
        stop: () => fake.stop(),
      };
    },
  };
}
