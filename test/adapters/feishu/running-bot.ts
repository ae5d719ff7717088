/**
 * The REAL bot for Feishu tests (issue 10): `serve()` on a SQLite file, `FEISHU_MODE=http` with an
 * Encrypt Key (so every event is encrypted and signed as Feishu sends it) — or, with `mode: 'ws'`,
 * the SDK's long connection to the fake's gateway (events pushed as protobuf frames) — against the fake
 * Feishu (test/fakes/fake-feishu.ts), a `VirtualClock` the test advances, and the real scheduler,
 * inbox worker, outbox dispatcher and HTTP server (port 0). The org is the demo org with a Feishu
 * open id for everybody (`ou_<person>`) and a Feishu group chat for every department
 * (`oc_<CODE>`), so forms live as threads in the receiving department's chat.
 *
 * `settle()` waits until every accepted event is processed and the outbox is empty, ticking the
 * scheduler and moving the clock past the dispatcher's rate buckets.
 */
import { writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { loadConfig } from '../../../src/config/load-config.js';
import { localInstant } from '../../../src/domain/local-time.js';
import { VirtualClock } from '../../../src/infra/clock.js';
import { createLogger } from '../../../src/infra/log.js';
import { serve, type Served } from '../../../src/server/serve.js';
import { buttonsOfCard, FakeFeishu, p2pChat, type FakeMessage } from '../../fakes/fake-feishu.js';
import { TEST_SECRET, TZ } from '../../helpers/app.js';
import { createSqliteFile } from '../../helpers/databases.js';
import { cardAction, encryptedRequest, ENV, messageEvent, type MessageOptions } from './feishu-fixtures.js';

export const ou = (person: string) => `ou_${person}`;
export const chatOf = (dept: string) => `oc_${dept}`;

export interface FeishuBot {
  served: Served;
  fake: FakeFeishu;
  /** The SQLite file the bot runs on. */
  dbPath: string;
  clock: VirtualClock;
  /** Delivers an event — HTTP: POSTed encrypted and signed at the clock's time; ws: pushed — and answers the HTTP status (ws: the ack's code). */
  post(event: Record<string, unknown>): Promise<number>;
  /** `person` sends `text` in their direct chat (or as `o` says: a group, a thread); then settles. */
  say(person: string, text: string, o?: MessageOptions): Promise<void>;
  /** `person` presses the button starting with `prefix` on the newest card (in `chat`, default their DM) that has one. */
  click(person: string, prefix: string, chat?: string): Promise<FakeMessage>;
  settle(): Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startFeishuBot(opts: { start?: string; policy?: string; mode?: 'http' | 'ws' } = {}): Promise<FeishuBot> {
  const mode = opts.mode ?? 'http';
  const fake = await new FakeFeishu({ appId: ENV.appId, appSecret: ENV.appSecret }).start();
  const db = await createSqliteFile();
  const org = parse(readFileSync('data/org.example.yaml', 'utf8')) as { people: Array<Record<string, string>>; departments: Array<{ code: string; channels?: Record<string, string> }> };
  for (const p of org.people) p['feishu'] = ou(p['id']!);
  for (const d of org.departments) d.channels = { feishu: chatOf(d.code) };
  const orgFile = join(dirname(db.path), 'org.yaml');
  writeFileSync(orgFile, stringify(org));
  const env: Record<string, string> = {
    DATABASE_URL: db.url,
    ORG_FILE: orgFile,
    SHOUDAO_SECRET: TEST_SECRET,
    FEISHU_APP_ID: ENV.appId,
    FEISHU_APP_SECRET: ENV.appSecret,
    ...(mode === 'http' ? { FEISHU_VERIFICATION_TOKEN: ENV.verificationToken, FEISHU_ENCRYPT_KEY: ENV.encryptKey } : {}),
    FEISHU_MODE: mode,
    FEISHU_API_BASE: fake.url,
  };
  if (opts.policy) {
    const policyFile = join(dirname(db.path), 'policy.yaml');
    writeFileSync(policyFile, opts.policy);
    env['POLICY_FILE'] = policyFile;
  }
  const clock = new VirtualClock(localInstant(opts.start ?? '2026-11-24 09:00', TZ));
  const served = await serve(loadConfig({ env, cwd: process.cwd() }), { log: createLogger({ level: (process.env['LOGLEVEL'] as 'info') ?? 'silent' }), clock, port: 0 });
  const url = `http://127.0.0.1:${served.port}/feishu/events`;
  if (mode === 'ws') await fake.connected;

  async function settle(): Promise<void> {
    const deadline = Date.now() + 15_000;
    await served.scheduler.tickNow();
    for (let empty = 0; empty < 3; ) {
      await served.idle();
      const left = await served.deps.store.transaction(async (tx) => (await tx.outbox.count('pending')) + (await tx.outbox.count('sending')));
      empty = left === 0 ? empty + 1 : 0;
      if (Date.now() > deadline) throw new Error(`outbox not drained: ${left} rows left`);
      if (left > 0) clock.advance(1_100);
      await served.scheduler.tickNow();
      await sleep(15);
    }
    await served.idle();
  }

  const post = async (event: Record<string, unknown>) => {
    if (mode === 'ws') return (await fake.push(event)).code;
    const req = encryptedRequest(event, { ts: String(Math.floor(clock.now() / 1000)) });
    const res = await fetch(url, { method: 'POST', headers: req.headers, body: req.body });
    await res.text();
    return res.status;
  };

  const bot: FeishuBot = {
    served,
    fake,
    dbPath: db.path,
    clock,
    post,
    async say(person, text, o = {}) {
      const status = await post(messageEvent(ou(person), text, o));
      if (status !== 200) throw new Error(`POST answered ${status}`);
      await settle();
    },
    async click(person, prefix, chat = p2pChat(ou(person))) {
      const m = [...fake.messages].reverse().find((x) => x.chatId === chat && buttonsOfCard(x.patched ?? x.content).some((c) => c.startsWith(prefix)));
      if (!m) throw new Error(`no card with a "${prefix}" button in ${chat}`);
      const cmd = buttonsOfCard(m.patched ?? m.content).find((c) => c.startsWith(prefix))!;
      const status = await post(cardAction(ou(person), { cmd, ...(chat.startsWith('oc_p2p_') ? { dm: true } : {}) }, { messageId: m.messageId, chatId: chat }));
      if (status !== 200) throw new Error(`POST answered ${status}`);
      await settle();
      return m;
    },
    settle,
    async stop() {
      await served.stop();
      await fake.stop();
      await db.drop();
    },
  };
  return bot;
}
