/**
 * Issue 11 "Sessions and requests": a used or expired link is refused, a cookie after logout is
 * refused, a POST without the CSRF token is refused (and changes nothing), and SQL or HTML in
 * query parameters is harmless. Plus: 看板 in chat answers a working link in a direct message
 * only, and server mode serves the dashboard at `/` beside /healthz.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/infra/log.js';
import { serve } from '../../src/server/serve.js';
import { withSqliteFile } from '../helpers/databases.js';
import { conversation } from '../helpers/app.js';
import { dashboardFixture, login, type DashboardFixture } from './fixture.js';

let f: DashboardFixture;
beforeAll(async () => {
  f = await dashboardFixture();
});
afterAll(async () => {
  await f?.close();
});

const get = (path: string, cookie?: string) => fetch(`${f.base}${path}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });

describe('login links', () => {
  it('opens a session once; the same link again is refused', async () => {
    const link = await f.link('zhao');
    const first = await fetch(link, { redirect: 'manual' });
    expect(first.status).toBe(303);
    const cookie = first.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // http public URL
    const again = await fetch(link, { redirect: 'manual' });
    expect(again.status).toBe(403);
    expect(await again.text()).toContain('已使用或已过期');
  });

  it('refuses a link after 10 minutes, and a forged or mangled one', async () => {
    const link = await f.link('zhao');
    f.app.clock.advance(10 * 60_000 + 1);
    expect((await fetch(link, { redirect: 'manual' })).status).toBe(403);
    const fresh = await f.link('zhao');
    const forged = fresh.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A'));
    expect((await fetch(forged, { redirect: 'manual' })).status).toBe(403);
    expect((await fetch(`${f.base}/login/..%2F..%2Fetc%2Fpasswd`, { redirect: 'manual' })).status).toBe(403);
    // The untouched fresh link still works: refusing the forgery did not burn it.
    expect((await fetch(fresh, { redirect: 'manual' })).status).toBe(303);
  });

  it('without a session every page asks to sign in and shows nothing', async () => {
    for (const path of ['/', '/overdue', '/forms', '/violations', '/assessment', '/feedback']) {
      const res = await get(path);
      expect(res.status).toBe(401);
      const body = await res.text();
      expect(body).toContain('请先登录');
      expect(body).not.toContain('SCB2026');
    }
  });
});

describe('sessions', () => {
  it('a cookie is refused after logout', async () => {
    const { cookie, csrf } = await login(f, 'liu');
    expect((await get('/', cookie)).status).toBe(200);
    const out = await fetch(`${f.base}/logout`, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: `csrf=${encodeURIComponent(csrf)}` });
    expect(out.status).toBe(200);
    expect((await get('/', cookie)).status).toBe(401);
  });

  it('ends after the idle time', async () => {
    const { cookie } = await login(f, 'liu');
    f.app.clock.advance(8 * 3_600_000 + 1);
    expect((await get('/', cookie)).status).toBe(401);
  });

  it('a POST without the CSRF token, or with a wrong one, is refused and changes nothing', async () => {
    const { cookie } = await login(f, 'liu');
    const form = { cookie, 'content-type': 'application/x-www-form-urlencoded' };
    const none = await fetch(`${f.base}/violations/1/waive`, { method: 'POST', headers: form, body: 'reason=test' });
    expect(none.status).toBe(403);
    const wrong = await fetch(`${f.base}/violations/1/waive`, { method: 'POST', headers: form, body: 'reason=test&csrf=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' });
    expect(wrong.status).toBe(403);
    const logout = await fetch(`${f.base}/logout`, { method: 'POST', headers: form, body: '' });
    expect(logout.status).toBe(403);
    const [v] = await f.app.store.transaction((tx) => tx.violations.list({}));
    expect(v!.waived).toBe(false);
    expect((await get('/', cookie)).status).toBe(200);
  });
});

describe('query parameters', () => {
  it('SQL in a filter is a plain text search; HTML is escaped', async () => {
    const { cookie } = await login(f, 'wang');
    const all = await (await get('/forms', cookie)).text();
    expect(all).toContain('SCB20261101');
    for (const q of ["' OR 1=1 --", '%', '_', "x'); DROP TABLE liaison_form; --", '\\']) {
      const res = await get(`/forms?q=${encodeURIComponent(q)}&state=${encodeURIComponent("issued' OR '1'='1")}&dept=${encodeURIComponent('SCB"')}&month=2026-13&page=-1`, cookie);
      expect(res.status).toBe(200);
      const body = await res.text();
      expect(body).toContain('共 0 张');
    }
    const xss = await (await get(`/forms?q=${encodeURIComponent('<script>alert(1)</script>')}`, cookie)).text();
    expect(xss).not.toContain('<script>alert(1)</script>');
    expect(xss).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const byText = await (await get(`/forms?q=${encodeURIComponent('锅炉')}`, cookie)).text();
    expect(byText).toContain('SCB20261101');
    expect(await f.app.store.transaction((tx) => tx.forms.list({}))).toHaveLength(1);
    const overdueXss = await (await get(`/overdue?dept=${encodeURIComponent('"><img src=x onerror=alert(1)>')}`, cookie)).text();
    expect(overdueXss).not.toContain('<img src=x');
    // The overdue page counts what it lists: the missed notice and the unsigned form, no feedback duties.
    const overdue = await (await get('/overdue', cookie)).text();
    expect(overdue).toContain('逾期应尽义务 2 项');
    expect(overdue).toContain('TZ1');
    expect(overdue).toContain('SCB20261101');
  });
});

describe('notices', () => {
  it('shows who acknowledged, and 已读未回 from a platform read receipt', async () => {
    const tz1 = await f.app.store.transaction((tx) => tx.notices.byRef('TZ1'));
    await f.app.store.transaction((tx) => tx.readReceipts.record({ noticeId: tz1!.id, person: 'zhao', platform: 'dingtalk', readAt: f.app.clock.now() }));
    const { cookie } = await login(f, 'wang');
    const page = await (await get('/notices', cookie)).text();
    expect(page).toContain('已读未回');
    expect(page).toContain('已确认'); // liu acknowledged TZ2
  });
});

describe('feedback actions', () => {
  it('only commands on a numbered feedback item are run from the page', async () => {
    const { cookie, csrf } = await login(f, 'liu');
    const headers = { cookie, 'content-type': 'application/x-www-form-urlencoded' };
    for (const command of ['通知 @zhao 明天开会', '反馈 建议 多种树', '豁免 WG1 理由', '受理']) {
      const res = await fetch(`${f.base}/feedback/command`, { method: 'POST', headers, body: `csrf=${encodeURIComponent(csrf)}&command=${encodeURIComponent(command)}` });
      expect(await res.text()).toContain('这里只接受针对某条反馈的处理命令');
    }
    expect(await f.app.store.transaction((tx) => tx.notices.byRef('TZ3'))).toBeUndefined();
    const [v] = await f.app.store.transaction((tx) => tx.violations.list({}));
    expect(v!.waived).toBe(false);
  });
});

describe('看板 in chat', () => {
  it('answers a working one-time link in a direct message, and refuses in a group', async () => {
    const c = conversation(f.app);
    const out = await c.say(':as zhao', '看板');
    const url = /http:\/\/127\.0\.0\.1:\d+\/login\/\S+/.exec(out)?.[0];
    expect(url).toBeDefined();
    expect((await fetch(url!, { redirect: 'manual' })).status).toBe(303);
    const outbox = await f.app.store.transaction((tx) => tx.outbox.due(Number.MAX_SAFE_INTEGER, 1000));
    expect(JSON.stringify(outbox)).not.toContain('/login/');
    const group = await c.say(':in SCB', '看板', ':dm');
    expect(group).toContain('只在私聊中发送');
    expect(group).not.toContain('/login/');
  });
});

describe('server mode', () => {
  it('serves the dashboard at / on the same server as /healthz', async () => {
    await withSqliteFile(async (url) => {
      const config = loadConfig({ env: { DATABASE_URL: url, SHOUDAO_SERVE: '1' }, cwd: process.cwd() });
      const served = await serve(config, { log: createLogger({ level: 'silent' }), port: 0, stopStepMs: 2000 });
      try {
        const base = `http://localhost:${served.port}`;
        expect(served.deps.dashboard?.publicUrl).toBe(base);
        expect((await fetch(`${base}/healthz`)).status).toBe(200);
        const home = await fetch(`${base}/`);
        expect(home.status).toBe(401);
        expect(await home.text()).toContain('看板');
        // Paths the dashboard does not own stay plain 404s.
        expect((await fetch(`${base}/nope`)).status).toBe(404);
        expect((await fetch(`${base}/formsx`)).status).toBe(404);
        expect((await fetch(`${base}/forms/SCB20261101`)).status).toBe(401);
      } finally {
        await served.stop();
      }
    });
  });
});
