/**
 * Issue 6 "Done when": thousands of corrupted callbacks (fuzz-cases.ts: flipped bits in
 * `Encrypt`, wrong signatures, truncated XML, random bytes, huge bodies) POSTed over real HTTP to
 * the running bot (running-bot.ts: `serve()`, SQLite, scheduler, dispatcher, fake qyapi). The
 * process stays up (a valid callback afterwards is processed, `/healthz` is 200), each request is
 * answered within 100 ms (measured per request, from sending to the end of the answer; the slowest
 * is printed; a request whose first answer took longer — on a busy test machine the whole process
 * is sometimes not scheduled for that long — is sent again and must then be answered in time, and
 * such hiccups must stay rare), and nothing is stored or sent: every table of the database is the
 * same before and after, and the fake saw no message.
 */
import { request, Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentOf, sentTo, startBot, type RunningBot } from './running-bot.js';
import { createCorrupter } from './fuzz-cases.js';
import { NOW_MS } from './wecom-fixtures.js';

const N = 3000;
let bot: RunningBot;
beforeAll(async () => {
  bot = await startBot({ start: NOW_MS }); // the cases are signed at NOW_TS
});
afterAll(() => bot.stop());

/** One request over a keep-alive connection: the status (0 = no answer) and how long it took. */
function send(agent: Agent, url: URL, method: 'GET' | 'POST', body?: string | Buffer): Promise<{ status: number; ms: number; error?: string }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    let answered: number | undefined;
    const done = (status: number, error?: string) => resolve({ status, ms: performance.now() - t0, ...(error ? { error } : {}) });
    const req = request(url, { method, agent, headers: body === undefined ? {} : { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(body) } }, (res) => {
      answered = res.statusCode ?? 0;
      res.resume();
      res.on('end', () => done(answered!));
      res.on('error', () => done(answered!));
    });
    // A body over the cap is answered 413 and the connection closed before all of it is written.
    req.on('error', (err) => {
      if (answered === undefined) done(0, err.message);
    });
    req.end(body);
  });
}

describe('the running bot under corrupted callbacks', () => {
  it(`${N} corrupted callbacks over HTTP: the process stays up, each answered within 100 ms, nothing stored`, async () => {
    await bot.settle(); // the start-up tick's reports are out; from here on nothing may change
    // The heartbeat (instance.seen_at) beats every 2 s on the bot's clock, which the start-up
    // deliveries move; liveness is not data, so it is left out of "nothing stored".
    const dump = () => bot.dump().replace(/"seen_at":\d+/g, '"seen_at":0');
    const before = dump();
    const sent = bot.fake.sent.length;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const corrupted = createCorrupter(20261124);
    const statuses = new Map<number, number>();
    /** Requests whose first answer took 100 ms or more (machine hiccups), and their repeats. */
    const slow: Array<{ i: number; ms: number; again: number[] }> = [];
    let slowest = 0;
    let gets = 0;
    /** Sends one request; a slow answer is sent again (up to twice) to tell a hiccup from a slow input. */
    const timed = async (i: number, url: URL, method: 'GET' | 'POST', body?: string | Buffer) => {
      const r = await send(agent, url, method, body);
      if (r.ms >= 100) {
        const again: number[] = [];
        while (again.length < 2 && Math.min(...again, Infinity) >= 100) again.push((await send(agent, url, method, body)).ms);
        slow.push({ i, ms: r.ms, again });
      }
      slowest = Math.max(slowest, r.ms);
      return r;
    };
    try {
      for (let i = 0; i < N; i++) {
        const [q, body] = corrupted(i);
        const url = new URL(`${bot.callbackUrl}?${(q instanceof URLSearchParams ? q : new URLSearchParams(q)).toString()}`);
        const r = await timed(i, url, 'POST', body);
        expect(r.status, `request ${i}: ${r.error ?? ''}`).not.toBe(0);
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        if (i % 10 === 0) {
          // The same query as a URL verification: never a 200.
          expect((await timed(i, url, 'GET')).status).not.toBe(200);
          gets += 1;
        }
      }
    } finally {
      agent.destroy();
    }
    await bot.served.idle();
    const hiccups = slow.map((x) => `#${x.i} ${x.ms.toFixed(0)} ms, again ${x.again.map((m) => m.toFixed(0)).join('/')} ms`);
    console.info(`fuzz over HTTP: ${N} POSTs + ${gets} GETs, slowest ${slowest.toFixed(1)} ms`, Object.fromEntries(statuses), hiccups.length ? `hiccups: ${hiccups.join('; ')}` : '');
    // Every request is answered within 100 ms; a first answer over it (a busy test machine) must be
    // an exception, and the same request sent again must be answered within 100 ms.
    expect(slow.filter((x) => Math.min(...x.again) >= 100)).toEqual([]);
    expect(slow.length).toBeLessThanOrEqual(N / 300);
    expect([...statuses.keys()].every((s) => [200, 400, 403, 413].includes(s))).toBe(true);
    expect(statuses.get(413)).toBeGreaterThan(0);
    expect(bot.fake.sent.slice(sent).map((c) => `${String(c.body.touser)} ${contentOf(c)}`)).toEqual([]);
    expect(bot.fake.updates).toHaveLength(0);
    expect(dump()).toBe(before);

    // Still up: health is fine and a valid callback is processed.
    expect((await fetch(`http://127.0.0.1:${bot.served.port}/healthz`)).status).toBe(200);
    await bot.say('LiuMin', '帮助');
    expect(contentOf(sentTo(bot.fake, 'LiuMin').at(-1)!)).toContain('帮助');
  });
});
