/**
 * The REAL bot for DingTalk tests: `serve()` with a SQLite file, DINGTALK_* pointing at the fake
 * DingTalk (test/fakes/fake-dingtalk.ts), a `VirtualClock` the test advances, and the real
 * scheduler, outbox dispatcher and HTTP server (port 0). HTTP mode posts signed callbacks
 * (timestamp = the clock), and with `httpCards` card clicks come as the fake's signed HTTP card
 * callbacks to the URL the bot registered (`DINGTALK_CARD_CALLBACK_URL`); Stream mode pushes frames through the fake gateway to the real
 * `dingtalk-stream` client. The org is the demo org with a DingTalk id for everyone
 * (`dt<person>0001`) and 生产部 (SCB)'s group `cidSCB`. `settle()` waits until every accepted event
 * is processed and the outbox is empty.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { TOPIC_CARD, TOPIC_ROBOT } from 'dingtalk-stream';
import { parse, stringify } from 'yaml';
import { loadConfig } from '../../../src/config/load-config.js';
import { localInstant } from '../../../src/domain/local-time.js';
import { VirtualClock } from '../../../src/infra/clock.js';
import { createLogger } from '../../../src/infra/log.js';
import { serve, type Served } from '../../../src/server/serve.js';
import { FakeDingtalk, type FakeSent } from '../../fakes/fake-dingtalk.js';
import { TEST_SECRET, TZ } from '../../helpers/app.js';
import { createSqliteFile } from '../../helpers/databases.js';
import { dumpSqlite, settleServed } from '../../helpers/running-served.js';
import { buttonsOfSent, textOfSent } from '../../conformance/drivers/dingtalk.js';
import { cardClick, DT, dingSign, robotText } from './dingtalk-fixtures.js';
import { freePort } from '../../integration/ops/child-process.js';

export const dt = (person: string) => `dt${person}0001`;
export const GROUP = 'cidSCB';

export interface DtBot {
  served: Served;
  fake: FakeDingtalk;
  clock: VirtualClock;
  post(body: string | Buffer, headers?: Record<string, string>): Promise<{ status: number; body: string }>;
  /** `person` says `text` (1:1, or in a group with `cid` and @-mentions); then settle. */
  say(person: string, text: string, opts?: { cid?: string; at?: string[] }): Promise<FakeSent[]>;
  /** `person` presses the card button starting with `prefix` on the newest card sent to them (Stream frame, or HTTP card callback). */
  clickCard(person: string, prefix: string): Promise<FakeSent[]>;
  sentTo(person: string): FakeSent[];
  settle(): Promise<void>;
  dump(): string;
  stop(): Promise<void>;
}

function orgYaml(): string {
  const org = parse(readFileSync('data/org.example.yaml', 'utf8')) as { people: Array<Record<string, string>>; departments: Array<{ code: string; channels?: Record<string, string> }> };
  for (const p of org.people) p['dingtalk'] = dt(p['id']!);
  for (const d of org.departments) d.channels = d.code === 'SCB' ? { dingtalk: GROUP } : {};
  return stringify(org);
}

export async function startDtBot(opts: { mode?: 'http' | 'stream'; start?: string; env?: Record<string, string>; policy?: string; httpCards?: boolean } = {}): Promise<DtBot> {
  const mode = opts.mode ?? 'http';
  const port = opts.httpCards ? await freePort() : 0;
  const fake = await new FakeDingtalk(DT).start();
  const db = await createSqliteFile();
  const orgFile = join(dirname(db.path), 'org.yaml');
  writeFileSync(orgFile, orgYaml());
  const env: Record<string, string> = {
    DATABASE_URL: db.url,
    ORG_FILE: orgFile,
    DINGTALK_CLIENT_ID: DT.clientId,
    DINGTALK_CLIENT_SECRET: DT.clientSecret,
    DINGTALK_MODE: mode,
    DINGTALK_API_BASE: fake.url,
    DINGTALK_OAPI_BASE: fake.url,
    SHOUDAO_SECRET: TEST_SECRET,
    ...(opts.httpCards ? { DINGTALK_CARD_TEMPLATE_ID: 'shoudao-card.schema', DINGTALK_CARD_CALLBACK_URL: `http://127.0.0.1:${port}/dingtalk/card`, DINGTALK_CARD_CALLBACK_SECRET: 'card-api-secret' } : {}),
    ...opts.env,
  };
  if (opts.policy) {
    const policyFile = join(dirname(db.path), 'policy.yaml');
    writeFileSync(policyFile, opts.policy);
    env['POLICY_FILE'] = policyFile;
  }
  const clock = new VirtualClock(localInstant(opts.start ?? '2026-11-24 09:00', TZ));
  const config = loadConfig({ env, cwd: process.cwd() });
  const served = await serve(config, { log: createLogger({ level: (process.env['LOGLEVEL'] as 'info') ?? 'silent' }), clock, port });
  if (mode === 'stream') await fake.connected();
  const url = `http://127.0.0.1:${served.port}/dingtalk/callback`;

  const settle = () => settleServed(served, clock, 3_100);
  const during = async (act: () => Promise<unknown>) => {
    const before = fake.sent.length;
    await act();
    await settle();
    return fake.sent.slice(before);
  };
  const post = async (body: string | Buffer, headers?: Record<string, string>) => {
    const ts = String(clock.now());
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(headers ?? { timestamp: ts, sign: dingSign(ts) }) }, body: typeof body === 'string' ? body : new Uint8Array(body) });
    return { status: res.status, body: await res.text() };
  };
  const deliver = async (payload: Record<string, unknown>, topic = TOPIC_ROBOT) => {
    if (mode === 'stream') {
      if (!(await fake.push(topic, payload))) throw new Error('frame not acked');
      return;
    }
    const a = await post(JSON.stringify(payload));
    if (a.status !== 200) throw new Error(`callback answered ${a.status} ${a.body}`);
  };
  return {
    served,
    fake,
    clock,
    post,
    say: (person, text, o = {}) => during(() => deliver(robotText(dt(person), text, { ...(o.cid ? { cid: o.cid } : {}), ...(o.at ? { atUsers: o.at.map(dt) } : {}) }))),
    clickCard(person, prefix) {
      const card = [...fake.sent].reverse().find((s) => s.api === 'card' && s.to.includes(dt(person)) && buttonsOfSent(s).some((c) => c.startsWith(prefix)));
      if (!card) throw new Error(`no card with a ${prefix} button for ${person}`);
      const command = buttonsOfSent(card).find((c) => c.startsWith(prefix))!;
      const click = cardClick(dt(person), card.processQueryKey, command);
      if (mode === 'http')
        return during(async () => {
          const a = await fake.clickHttp(card.processQueryKey, click, clock.now());
          if (a.status !== 200) throw new Error(`card callback answered ${a.status} ${a.body}`);
        });
      return during(() => deliver(click, TOPIC_CARD));
    },
    sentTo: (person) => fake.sent.filter((s) => s.to.includes(dt(person))),
    settle,
    dump: () => dumpSqlite(db.path, ['instance', 'job_state']),
    async stop() {
      try {
        await served.stop();
      } finally {
        await fake.stop();
        await db.drop();
      }
    },
  };
}

/** The text of sent messages, one per line (for assertions). */
export const texts = (sent: FakeSent[]) => sent.map((s) => `${s.api} ${s.to.join(',')}${s.group ?? ''}: ${textOfSent(s)}`).join('\n');
