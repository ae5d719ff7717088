/**
 * The dashboard over a real app: demo org, a SQLite file, a virtual clock, data made through the
 * console chat (a form issued and left unsigned, a missed notice → violation WG1, an acknowledged
 * notice, a 举报 and an anonymous item), and the bot's own HTTP server with the dashboard mounted
 * as in server mode, on a free port.
 */
import { createLoginLink, type DashboardConfig } from '../../src/app/dashboard/web-auth.js';
import { createMetrics } from '../../src/infra/http/metrics.js';
import { createHttpServer, type HttpServer } from '../../src/infra/http/server.js';
import { createLogger } from '../../src/infra/log.js';
import { mountDashboard } from '../../src/web/mount.js';
import { linkSigningKey } from '../../src/app/dashboard/web-auth.js';
import { conversation, type TestApp } from '../helpers/app.js';
import { feedbackApp } from '../feedback/helpers.js';

/** The 举报 text and the anonymous item's text: the first must stay with HR's leaders and 总经办. */
export const REPORT_TEXT = '采购部有人收受供应商回扣';
export const ANON_TEXT = '厂区东门路灯不亮';
/** The anonymous sender (马丽, ma): never shown on any page. */
export const ANON_SENDER = { id: 'ma', name: '马丽' };

export interface DashboardFixture {
  app: TestApp;
  http: HttpServer;
  base: string;
  config: DashboardConfig;
  /** A fresh one-time login link for `person`. */
  link(person: string): Promise<string>;
  close(): Promise<void>;
}

export async function dashboardFixture(): Promise<DashboardFixture> {
  const app = await feedbackApp('2026-11-03 09:00');
  const c = conversation(app);
  await c.say(':as zheng', '新建联络单 JSB 2026-11-06 要求协助 二号锅炉图纸确认', '修改 #1 地点: 二号车间;事件: 锅炉本体图纸与现场不符', ':as zhao', '同意');
  await c.say(':as wang', '通知 @zhao 下午两点到二号车间开安全会', '通知 @liu 明天上午十点开月度会', ':as liu', '收到');
  await c.say(':as zheng', `反馈 举报 ${REPORT_TEXT}`, ':as ma', `匿名反馈 问题 ${ANON_TEXT}`);
  await c.say(':advance 1d');
  const log = createLogger({ level: 'silent' });
  const http = createHttpServer({ health: { store: app.store }, metrics: createMetrics({ store: app.store, log, defaultMetrics: false }), log });
  const config: DashboardConfig = { publicUrl: 'http://127.0.0.1', signingKey: linkSigningKey('fixture-secret-0123456789', '') };
  mountDashboard(http, app, config);
  const port = await http.listen(0, '127.0.0.1');
  config.publicUrl = `http://127.0.0.1:${port}`;
  app.dashboard = config;
  return {
    app,
    http,
    base: config.publicUrl,
    config,
    link: async (person) => (await createLoginLink(app, config, person)).url,
    async close() {
      await http.close();
      await app.close();
    },
  };
}

/** Logs in with a fresh link (no browser): the session cookie and the page's CSRF token. */
export async function login(f: DashboardFixture, person: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(await f.link(person), { redirect: 'manual' });
  if (res.status !== 303) throw new Error(`login as ${person}: ${res.status}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const page = await (await fetch(`${f.base}/`, { headers: { cookie } })).text();
  const csrf = /name="csrf-token" content="([^"]+)"/.exec(page)?.[1] ?? '';
  return { cookie, csrf };
}
