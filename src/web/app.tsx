/**
 * The dashboard (看板) as a Hono app: `/login/<token>` opens a session from a one-time link,
 * every other page needs one. GET pages read through the app layer under the chat's access rules
 * (src/web/viewer.ts); every POST carries the session's CSRF token (form field `csrf` or header
 * `x-csrf-token`) or is refused with 403. Served by the bot's own HTTP server (src/web/mount.ts).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Hono, type Context } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { WebSession } from '../app/dashboard/dashboard-ports.js';
import { csrfMatches, endSession, redeemLoginLink, sessionFor, SESSION_IDLE_MS, type DashboardConfig } from '../app/dashboard/web-auth.js';
import type { AppDeps } from '../app/deps.js';
import { WT } from '../texts/web.js';
import { Page } from './layout.js';
import { viewerOf, type Viewer } from './viewer.js';
import { registerPages } from './pages/index.js';

/** What a page handler has: the app deps, the viewer and their session. */
export interface WebEnv {
  Variables: { viewer: Viewer; session: WebSession };
}

/** A page's context. */
export type WebContext = Context<WebEnv>;

const COOKIE = 'shoudao_session';
/** The only script of our own: print buttons (inline handlers are barred by the CSP). */
const PAGE_SCRIPT = "document.addEventListener('click',(e)=>{if(e.target instanceof Element&&e.target.closest('[data-print]'))window.print();});";
const HTMX = readFileSync(createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js'), 'utf8');

/** The dashboard's routes; `deps` is the running bot's. */
export function createDashboardApp(deps: AppDeps, config: DashboardConfig): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const secure = config.publicUrl.startsWith('https:');

  app.use('*', async (c, next) => {
    await next();
    c.header('x-content-type-options', 'nosniff');
    c.header('referrer-policy', 'no-referrer');
    c.header('x-frame-options', 'DENY');
    c.header('content-security-policy', "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'");
    if (!c.res.headers.has('cache-control')) c.header('cache-control', 'no-store');
  });

  app.get('/static/htmx.min.js', (c) => {
    c.header('cache-control', 'public, max-age=86400');
    return c.body(HTMX, 200, { 'content-type': 'text/javascript; charset=utf-8' });
  });

  app.get('/static/dashboard.js', (c) => {
    c.header('cache-control', 'public, max-age=86400');
    return c.body(PAGE_SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8' });
  });

  app.get('/login/:token', async (c) => {
    const opened = await redeemLoginLink(deps, config, c.req.param('token'));
    if (!opened) return c.html(<Page title={WT.linkRefusedTitle}><p>{WT.linkRefused}</p></Page>, 403);
    setCookie(c, COOKIE, opened.cookie, { httpOnly: true, sameSite: 'Lax', secure, path: '/', maxAge: Math.floor((config.idleMs ?? SESSION_IDLE_MS) / 1000) });
    return c.redirect('/', 303);
  });

  app.use('*', createMiddleware<WebEnv>(async (c, next) => {
    const session = await sessionFor(deps, config, getCookie(c, COOKIE));
    if (!session) return c.html(<Page title={WT.loginNeededTitle}><p>{WT.loginNeeded}</p></Page>, 401);
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const header = c.req.header('x-csrf-token');
      const form = header ? undefined : await c.req.parseBody().catch((): Record<string, unknown> => ({}));
      const token = header ?? (typeof form?.['csrf'] === 'string' ? form['csrf'] : undefined);
      if (!csrfMatches(session, token)) return c.html(<Page title={WT.csrfTitle}><p>{WT.csrf}</p></Page>, 403);
    }
    const viewer = viewerOf(deps.org, session.person);
    if (!viewer) return c.html(<Page title={WT.outsiderTitle}><p>{WT.outsider}</p></Page>, 403);
    c.set('session', session);
    c.set('viewer', viewer);
    await next();
  }));

  app.post('/logout', async (c) => {
    await endSession(deps, c.get('session'));
    deleteCookie(c, COOKIE, { path: '/' });
    return c.html(<Page title={WT.loggedOutTitle}><p>{WT.loggedOut}</p></Page>);
  });

  registerPages(app, deps);
  app.notFound((c) => c.html(<Page title={WT.notFoundTitle}><p>{WT.notFound}</p></Page>, 404));
  app.onError((err, c) => {
    console.error(`dashboard error: ${err.name}`);
    return c.html(<Page title={WT.errorTitle}><p>{WT.error}</p></Page>, 500);
  });
  return app;
}
