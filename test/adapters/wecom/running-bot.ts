/**
 * The REAL bot for WeCom tests over HTTP (issue 6): `serve()` with a SQLite file in a temporary
 * directory, the WECOM_* variables pointing `WECOM_API_BASE` at a fake qyapi on 127.0.0.1, a
 * `VirtualClock` the test advances, and the real scheduler, outbox dispatcher and HTTP server
 * (port 0). Callbacks are built with `@wecom/crypto` exactly as WeCom sends them (protocols.md
 * A.9) and POSTed with fetch to `/wecom/callback`.
 *
 * `settle()` waits until the bot has processed every accepted callback and the outbox is empty,
 * advancing the clock by 2.1 s a round and ticking the scheduler (sweep → jobs → dispatcher pass):
 * the dispatcher sends at most one message every 2 s to one WeCom member (A.8), on the clock.
 *
 * The demo org gives WeCom ids to 王建国, 陈志远, 刘敏, 赵强 and 周海涛 only; a form's whole life
 * also needs the issuer 郑伟, the receiving leader 林志华 and the implementer 何静, so
 * `org: 'form'` writes the demo org with WeCom ids for them too (`ZhengWei`, `LinZhiHua`, `HeJing`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { getSignature } from '@wecom/crypto';
import { decodeButtonKey } from '../../../src/adapters/wecom/wire/button-key.js';
import type { TemplateCard } from '../../../src/adapters/wecom/render.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { localInstant } from '../../../src/domain/local-time.js';
import { VirtualClock } from '../../../src/infra/clock.js';
import { serve, type Served, type ServeOptions } from '../../../src/server/serve.js';
import type { Log } from '../../../src/infra/log.js';
import { createLogger } from '../../../src/infra/log.js';
import { startFakeWecom, type FakeCall, type FakeWecom } from '../../fakes/fake-wecom.js';
import { TEST_SECRET, TZ } from '../../helpers/app.js';
import { createSqliteFile } from '../../helpers/databases.js';
import { dumpSqlite, settleServed } from '../../helpers/running-served.js';
import { cardSubmitXml, clickXml, ENV, signedGet, signedPost, textXml, wecomEnvVars } from './wecom-fixtures.js';

/** WeCom ids added to the demo org for a form's whole life (`org: 'form'`). */
export const FORM_IDS: Record<string, string> = { zheng: 'ZhengWei', lin: 'LinZhiHua', he: 'HeJing' };

export interface BotOptions {
  /** Local start time (Asia/Shanghai) or epoch ms; default 2026-11-24 09:00 (a Tuesday). */
  start?: string | number;
  /** `demo`: data/org.example.yaml as shipped; `form`: plus WeCom ids for 郑伟, 林志华, 何静. */
  org?: 'demo' | 'form';
  /** Extra environment (e.g. another WECOM_AGENT_ID). */
  env?: Record<string, string>;
  /** More server options (e.g. `orgReload`). */
  serve?: Pick<ServeOptions, 'orgReload'>;
  /** The logger (default: silent unless LOGLEVEL is set). */
  log?: Log;
}

/** A POST's answer, as WeCom would see it. */
export interface Answer {
  status: number;
  body: string;
}

export interface RunningBot {
  served: Served;
  fake: FakeWecom;
  clock: VirtualClock;
  /** `http://127.0.0.1:<port>/wecom/callback` */
  callbackUrl: string;
  /** The SQLite file. */
  dbPath: string;
  /** POSTs `plainXml` encrypted and signed (timestamp = the clock); a fresh nonce each time. */
  post(plainXml: string): Promise<Answer>;
  /** POSTs exactly this query and body (retries, the official vector, corrupted input). */
  postRaw(query: URLSearchParams | string, body: string | Buffer): Promise<Answer>;
  /** A signed callback for `plainXml`, to POST several times with `postRaw`. */
  signed(plainXml: string): { query: URLSearchParams; body: string };
  /** GET /wecom/callback URL verification for `echo`. */
  verify(echo: string): Promise<Answer>;
  /** `user` (a WeCom userid) sends `text` to the app; then `settle()`. */
  say(user: string, text: string): Promise<void>;
  /**
   * `user` clicks the button whose command starts with `word` on the last card sent to them that
   * has one, with the `response_code` the fake answered for that card; then `settle()`.
   */
  click(user: string, word: string): Promise<{ command: string; responseCode: string; taskId: string }>;
  /**
   * `user` submits the last intake card (multiple_interaction) sent to them with these choices
   * ([QuestionKey, OptionIds]) or this raw `SelectedItems` XML; answers the POST's status, then `settle()`.
   */
  submitCard(user: string, choice: { selected?: Array<[string, string[]]>; selectedXml?: string }): Promise<{ status: number; taskId: string; responseCode: string }>;
  /** Waits until every callback is processed and the outbox is empty (see the file comment). */
  settle(): Promise<void>;
  /** Every row of every table of the database, as JSON text (the instance heartbeat by id only: it beats on its own). */
  dump(): string;
  stop(): Promise<void>;
}


/** The demo org with WeCom ids for the people `FORM_IDS` names. */
export function formOrgYaml(): string {
  let yaml = readFileSync('data/org.example.yaml', 'utf8');
  for (const [id, wecom] of Object.entries(FORM_IDS)) {
    const re = new RegExp(`(\\{ id: ${id}, [^}]*?)\\s*\\}`);
    if (!re.test(yaml)) throw new Error(`demo org: no one-line entry for ${id}`);
    yaml = yaml.replace(re, `$1, wecom: ${wecom} }`);
  }
  return yaml;
}

/** The text (or card fields) of a recorded message/send, for assertions. */
export function contentOf(c: FakeCall): string {
  const b = c.body;
  return JSON.stringify(b.msgtype === 'template_card' ? b.template_card : b[String(b.msgtype)]);
}

/** Recorded message/send calls to one userid. */
export function sentTo(fake: FakeWecom, user: string): FakeCall[] {
  return fake.sent.filter((s) => s.body.touser === user);
}

/** The text of the last message the bot sent to `user`. */
export const lastTextTo = (b: RunningBot, user: string): string => contentOf(sentTo(b.fake, user).at(-1)!);

/** Every feedback item in the running bot's store. */
export const feedbackItems = (b: RunningBot) => b.served.deps.store.transaction((tx) => tx.feedback.list({}));

export async function startBot(opts: BotOptions = {}): Promise<RunningBot> {
  const fake = await startFakeWecom({ corpId: ENV.corpId, secret: ENV.secret });
  const db = await createSqliteFile();
  const env: Record<string, string> = {
    DATABASE_URL: db.url,
    ...wecomEnvVars(fake.url),
    SHOUDAO_SECRET: TEST_SECRET,
    ...opts.env,
  };
  if (opts.org === 'form') {
    const orgFile = join(dirname(db.path), 'org.yaml');
    writeFileSync(orgFile, formOrgYaml());
    env['ORG_FILE'] = orgFile;
  }
  const start = opts.start ?? '2026-11-24 09:00';
  const clock = new VirtualClock(typeof start === 'number' ? start : localInstant(start, TZ));
  let served: Served;
  try {
    const config = loadConfig({ env, cwd: process.cwd() });
    served = await serve(config, { log: opts.log ?? createLogger({ level: (process.env['LOGLEVEL'] as 'info') ?? 'silent' }), clock, port: 0, ...opts.serve });
  } catch (err) {
    await fake.close();
    await db.drop();
    throw err;
  }
  const callbackUrl = `http://127.0.0.1:${served.port}/wecom/callback`;
  let nonce = 0;
  const ts = () => String(Math.floor(clock.now() / 1000));

  const postRaw = async (query: URLSearchParams | string, body: string | Buffer): Promise<Answer> => {
    const res = await fetch(`${callbackUrl}?${query.toString()}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: typeof body === 'string' ? body : new Uint8Array(body) });
    return { status: res.status, body: await res.text() };
  };
  const signed = (plainXml: string) => {
    const { query, body } = signedPost(plainXml, { ts: ts(), nonce: `n${++nonce}` });
    return { query, body };
  };

  const settle = () => settleServed(served, clock, 2_100);

  let msgId = 5_000_000;
  const bot: RunningBot = {
    served,
    fake,
    clock,
    callbackUrl,
    dbPath: db.path,
    async post(plainXml) {
      const { query, body } = signed(plainXml);
      return postRaw(query, body);
    },
    postRaw,
    signed,
    async verify(echo) {
      const { url } = signedGet(echo, { ts: ts(), nonce: `v${++nonce}` });
      const res = await fetch(`${callbackUrl}?${url}`);
      return { status: res.status, body: await res.text() };
    },
    async say(user, text) {
      const a = await bot.post(textXml(user, text, String(++msgId), { ts: ts() }));
      if (a.status !== 200 || a.body !== '') throw new Error(`POST answered ${a.status} ${a.body}`);
      await settle();
    },
    async click(user, word) {
      const card = [...sentTo(fake, user)]
        .reverse()
        .find((s) => s.body.msgtype === 'template_card' && (s.body.template_card as TemplateCard).button_list?.some((b) => decodeButtonKey(b.key)?.startsWith(word)));
      if (!card) throw new Error(`no card with a ${word} button was sent to ${user}`);
      const tc = card.body.template_card as TemplateCard;
      const button = tc.button_list.find((b) => decodeButtonKey(b.key)!.startsWith(word))!;
      const command = decodeButtonKey(button.key)!;
      const responseCode = card.responseCode!;
      const a = await bot.post(clickXml(user, command, { ts: ts(), taskId: tc.task_id, key: button.key, responseCode }));
      if (a.status !== 200 || a.body !== '') throw new Error(`POST answered ${a.status} ${a.body}`);
      await settle();
      return { command, responseCode, taskId: tc.task_id };
    },
    async submitCard(user, choice) {
      const card = [...sentTo(fake, user)].reverse().find((s) => s.body.msgtype === 'template_card' && (s.body.template_card as { card_type: string }).card_type === 'multiple_interaction');
      if (!card) throw new Error(`no intake card was sent to ${user}`);
      const tc = card.body.template_card as { task_id: string; submit_button: { key: string } };
      const responseCode = card.responseCode!;
      const a = await bot.post(cardSubmitXml(user, { ts: ts(), taskId: tc.task_id, key: tc.submit_button.key, responseCode, ...choice }));
      await settle();
      return { status: a.status, taskId: tc.task_id, responseCode };
    },
    settle,
    // The heartbeat row moves with the clock on its own; it is no event's doing.
    dump: () => dumpSqlite(db.path, ['instance']),
    async stop() {
      try {
        await served.stop();
      } finally {
        await fake.close();
        await db.drop();
      }
    },
  };
  return bot;
}

/** The official test vector's POST (protocols.md A.2), byte for byte. */
export function vectorQuery(v: { msgSignature: string; timestamp: string; nonce: string }): URLSearchParams {
  return new URLSearchParams({ msg_signature: v.msgSignature, timestamp: v.timestamp, nonce: v.nonce });
}

/** Re-signs an `Encrypt` value (for tests that need a valid signature over altered ciphertext). */
export const resign = (enc: string, ts: string, nonce: string) =>
  new URLSearchParams({ msg_signature: getSignature(ENV.token, ts, nonce, enc), timestamp: ts, nonce });
