/**
 * The conformance driver for Slack, over HTTP (signed requests to `/slack/events`, protocols.md
 * C.1–C.3) and over Socket Mode (envelopes on a local WebSocket server, C.4): the fake Web API
 * (test/fakes/fake-slack.ts) records what the bot sends; a retry is the same event id again
 * (HTTP: a fresh signature and `X-Slack-Retry-Num`; Socket Mode: a new envelope with
 * `retry_attempt`), as Slack redelivers.
 */
import { FakeSlack } from '../../fakes/fake-slack.js';
import { FakeSlackSocket } from '../../fakes/fake-slack-socket.js';
import { blockAction, eventBody, interactiveRequest, jsonRequest, messageEvent, sign, SIGNING_SECRET, type RawRequest } from '../../adapters/slack/slack-fixtures.js';
import { idOn } from '../deployment.js';
import type { ConformanceDriver, Delivered, FakePlatform, Received } from '../driver.js';
import { scalarText } from '../../../src/domain/scalar-text.js';

type Kind = 'events_api' | 'interactive';
interface Sent { id: string; kind: Kind; payload: Record<string, unknown> }

const buttonsOf = (blocks: unknown): string[] => JSON.stringify(blocks ?? []).match(/"value":"((?:[^"\\]|\\.)*)"/g)?.map((v) => JSON.parse(v.slice(8)) as string) ?? [];
const textOf = (m: { text: string; blocks?: unknown }) => `${m.text}\n${JSON.stringify(m.blocks ?? [])}`;

export function slackDriver(mode: 'http' | 'socket'): ConformanceDriver {
  return {
    name: `slack-${mode}`,
    async start(): Promise<FakePlatform> {
      const fake = await new FakeSlack().start();
      const socket = mode === 'socket' ? await new FakeSlackSocket().start() : undefined;
      if (socket) fake.socketUrl = socket.url;
      let base = '';
      const sent = new Map<string, Sent>();
      let n = 0;

      const post = async (req: RawRequest, headers: Record<string, string> = {}): Promise<number> => {
        const ts = Math.floor(Date.now() / 1000);
        const res = await fetch(`${base}/slack/events`, { method: 'POST', headers: { 'content-type': req.contentType, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(req.body, ts), ...headers }, body: req.body }).catch(() => undefined);
        if (!res) return 0;
        await res.text();
        return res.status;
      };
      const deliver = async (s: Sent, retry: number): Promise<Delivered> => {
        if (socket) {
          const acked = await socket.send(s.kind, s.payload, retry ? { retryAttempt: retry } : {}).then(() => true, () => false);
          return { id: s.id, acked };
        }
        const req = s.kind === 'events_api' ? jsonRequest(s.payload) : interactiveRequest(s.payload);
        const status = await post(req, retry ? { 'x-slack-retry-num': String(retry), 'x-slack-retry-reason': 'http_timeout' } : {});
        return { id: s.id, acked: status === 200, status };
      };
      const retries = new Map<string, number>();

      const fakePlatform: FakePlatform = {
        env: {
          SLACK_BOT_TOKEN: 'xoxb-conformance',
          SLACK_API_URL: fake.url,
          ...(mode === 'http' ? { SLACK_SIGNING_SECRET: SIGNING_SECRET } : { SLACK_APP_TOKEN: 'xapp-conformance' }),
        },
        userOf: (person) => idOn('slack', person),
        stranger: 'U0STRANGER',
        exactlyOnceReplies: true,
        target(b) {
          base = b;
        },
        async connected() {
          if (socket) await socket.connected;
        },
        async sendText(user, text) {
          const ev = messageEvent(user, `D${user}`, text);
          // Slack has the person's message before it tells the bot.
          fake.messages.push({ channel: `D${user}`, ts: String(ev['ts']), text });
          const s: Sent = { id: `EvC${++n}`, kind: 'events_api', payload: eventBody(ev, `EvC${n}`) };
          sent.set(s.id, s);
          return deliver(s, 0);
        },
        async click(user, prefix) {
          const m = [...fake.messages].reverse().find((x) => x.channel === `D${user}` && buttonsOf(x.blocks).some((v) => v.startsWith(prefix)));
          if (!m) throw new Error(`no message with a "${prefix}" button was sent to ${user}`);
          const value = buttonsOf(m.blocks).find((v) => v.startsWith(prefix))!;
          const payload = blockAction(user, value, { channel: m.channel, messageTs: m.ts });
          const s: Sent = { id: String(payload['trigger_id']), kind: 'interactive', payload };
          sent.set(s.id, s);
          return deliver(s, 0);
        },
        async redeliver(d) {
          const s = sent.get(d.id);
          if (!s) throw new Error(`unknown delivery ${d.id}`);
          const r = (retries.get(d.id) ?? 0) + 1;
          retries.set(d.id, r);
          return deliver(s, r);
        },
        received(): Received[] {
          const posted = fake.messages
            .filter((m) => m.channel.startsWith('DU') && m.metadata)
            .map((m) => ({ to: m.channel.slice(1), text: textOf(m), buttons: buttonsOf(m.blocks), key: scalarText(m.metadata!.event_payload['key']) }));
          const ephemeral = fake.ephemerals.map((e) => ({ to: e.user, text: textOf(e), buttons: buttonsOf(e.blocks) }));
          return [...posted, ...ephemeral];
        },
        failSends(on) {
          fake.down = on;
        },
        async stop() {
          await socket?.stop();
          await fake.stop();
        },
      };
      return fakePlatform;
    },
  };
}
