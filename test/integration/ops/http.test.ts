/**
 * Operations over real HTTP (server mode in-process, port 0): `/healthz` reports the database,
 * the scheduler and each platform, 200 when healthy and 503 when not; `/metrics` is Prometheus
 * text with the outbox depth, sends, sweep duration and claimed rows; other paths are 404, and
 * adapters mount their routes with `addRoute`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sendNotice } from '../../../src/app/send-notice.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { localInstant } from '../../../src/domain/local-time.js';
import { VirtualClock } from '../../../src/infra/clock.js';
import { serve, type Served } from '../../../src/server/serve.js';
import { createLogger } from '../../../src/infra/log.js';
import { FakeSlack } from '../../fakes/fake-slack.js';
import { TZ } from '../../helpers/app.js';
import { createSqliteFile, type TestDatabase } from '../../helpers/databases.js';

let served: Served | undefined;
let db: TestDatabase | undefined;
afterEach(async () => {
  await served?.stop();
  await db?.drop();
  served = undefined;
  db = undefined;
});

async function start(env: Record<string, string> = {}) {
  db = await createSqliteFile();
  const config = loadConfig({ env: { DATABASE_URL: db.url, ...env }, cwd: process.cwd() });
  const clock = new VirtualClock(localInstant('2026-11-20 10:00', TZ));
  served = await serve(config, { log: createLogger({ level: (process.env['LOGLEVEL'] as 'info') ?? 'silent' }), clock, port: 0 });
  await served.scheduler.tickNow();
  return { base: `http://127.0.0.1:${served.port}`, clock };
}

describe('server mode HTTP', () => {
  it('GET /healthz: 200 with the database, the scheduler and each platform', async () => {
    const { base } = await start();
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ok',
      db: { ok: true },
      scheduler: { alive: true, lastTick: '2026-11-20T02:00:00.000Z' },
      platforms: { slack: 'disabled', wecom: 'disabled', dingtalk: 'disabled', feishu: 'disabled' },
    });
  });

  it('GET /healthz: 503 when the scheduler has stopped or the database is gone', async () => {
    const { base } = await start();
    await served!.scheduler.stop();
    const stopped = await fetch(`${base}/healthz`);
    expect(stopped.status).toBe(503);
    expect(await stopped.json()).toMatchObject({ status: 'fail', db: { ok: true }, scheduler: { alive: false } });
    await served!.deps.store.close();
    const noDb = await fetch(`${base}/healthz`);
    expect(noDb.status).toBe(503);
    expect(((await noDb.json()) as { db: { ok: boolean } }).db.ok).toBe(false);
  });

  it('sends through a configured platform, counting sends and reporting it up, then down when it fails', async () => {
    const fake = await new FakeSlack().start();
    try {
      const { base, clock } = await start({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: 'signing-secret', SHOUDAO_SECRET: 'ops-test-secret-0123456789', SLACK_API_URL: fake.url });
      const health = async () => (await (await fetch(`${base}/healthz`)).json()) as { platforms: Record<string, string> };
      expect((await health()).platforms).toEqual({ slack: 'up', wecom: 'disabled', dingtalk: 'disabled', feishu: 'disabled' });
      // The notice reaches zhao (U0ZHAO); sendNotice answers wang directly, without the outbox.
      await sendNotice(served!.deps, 'wang', { kind: 'notice', recipients: ['zhao'], text: '下午开会' });
      await served!.scheduler.tickNow();
      // Wait until the notice is at Slack and every send has been counted.
      const metrics = async () => (await fetch(`${base}/metrics`)).text();
      const sentCount = async () => Number(/^shoudao_sends_total\{platform="slack",result="sent"\} (\d+)$/m.exec(await metrics())?.[1] ?? 0);
      const deadline = Date.now() + 5000;
      const noticeAtSlack = () => fake.messages.some((m) => String(m.metadata?.event_payload['key']).startsWith('notice:'));
      while (!(noticeAtSlack() && (await sentCount()) === fake.messages.length) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(noticeAtSlack(), JSON.stringify(await served!.deps.store.transaction((tx) => tx.outbox.due(clock.now() + 1e9, 20)))).toBe(true);
      // Also sent: October's assessment to HR (liu), and the admins' notice about October's 公示,
      // which is dead because 总经办 has no Slack channel in the demo org.
      expect(await sentCount()).toBe(fake.messages.length);
      expect(await metrics()).toMatch(/^shoudao_sends_total\{platform="none",result="dead"\} 1$/m);
      const body = await health();
      expect(body.platforms['slack']).toBe('up');
      expect(JSON.stringify(body)).not.toContain('xoxb');
      await fake.stop(); // Slack unreachable: the next send fails and the platform is down
      clock.advance(5000); // past Slack's one-message-per-second limit for zhao's DM (on the test clock)
      await sendNotice(served!.deps, 'wang', { kind: 'notice', recipients: ['zhao'], text: '明天开会' });
      await served!.scheduler.tickNow();
      const until = Date.now() + 5000;
      while ((await health()).platforms['slack'] !== 'down' && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      expect((await health()).platforms['slack']).toBe('down');
    } finally {
      await fake.stop();
    }
  });

  it('GET /metrics: outbox depth, sends, sweep duration and claimed rows', async () => {
    const { base, clock } = await start();
    await sendNotice(served!.deps, 'wang', { kind: 'notice', recipients: ['zhao', 'lin'], text: '下午开会' });
    clock.advance(60 * 60_000);
    await served!.scheduler.tickNow();
    served!.metrics.recordSend('slack', 'sent');
    served!.metrics.recordSend('slack', 'sent');
    served!.metrics.recordSend('wecom', 'retry');
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(/^shoudao_outbox_depth\{status="pending"\} [1-9]\d*$/m);
    expect(text).toMatch(/^shoudao_outbox_depth\{status="dead"\} 0$/m);
    expect(text).toMatch(/^shoudao_sends_total\{platform="slack",result="sent"\} 2$/m);
    expect(text).toMatch(/^shoudao_sends_total\{platform="wecom",result="retry"\} 1$/m);
    expect(text).toMatch(/^shoudao_sweep_duration_seconds_count [1-9]\d*$/m);
    expect(text).toMatch(/^shoudao_sweep_claimed_total 2$/m);
    expect(text).toContain('process_cpu_seconds_total');
  });

  it('answers 404 for unknown paths, 405 for a wrong method, and serves mounted routes', async () => {
    const { base } = await start();
    served!.http.addRoute('POST', '/slack/events', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    expect((await fetch(`${base}/healthz`, { method: 'POST' })).status).toBe(405);
    const posted = await fetch(`${base}/slack/events?x=1`, { method: 'POST', body: '{}' });
    expect([posted.status, await posted.text()]).toEqual([200, 'ok']);
    expect(() => served!.http.addRoute('POST', '/slack/events', () => undefined)).toThrow(/already mounted/);
  });
});
