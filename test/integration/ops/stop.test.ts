/**
 * Issue 18 item 18: stopping a service.
 * - SIGTERM to `npm start` (npm's own pid, as a service manager or a terminal sends it) stops the
 *   whole bot: `npm start` execs node, and npm passes the signal on — nothing keeps answering.
 * - A stop ends in bounded time whatever happens around it: here with its stderr a pipe that is
 *   full and never read (the process that read it has gone), a Slack that accepts connections and
 *   never answers (a dead platform, and sends hanging in flight) — the case that used to hang
 *   forever in the log's synchronous flush on exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { configFor, seedDueReminders, slackDeploymentEnv, writeDeployment } from './due-reminders.js';
import { freePort, waitFor } from './child-process.js';

const children: ChildProcess[] = [];
const dirs: string[] = [];
let hang: Server | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const s of sockets.splice(0)) s.destroy();
  await new Promise<void>((r) => (hang ? hang.close(() => r()) : r()));
  hang = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const exited = (c: ChildProcess) =>
  c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => c.once('exit', () => r()));

async function answers(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

it('SIGTERM to `npm start` stops the whole bot, and it says so', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'shoudao-stop-'));
  dirs.push(dir);
  const port = await freePort();
  const npm = spawn('npm', ['start'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', SHOUDAO_SERVE: '1', PORT: String(port), DATABASE_URL: `sqlite:${join(dir, 'a.db')}` },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(npm);
  let err = '';
  npm.stderr.on('data', (c: Buffer) => (err += c.toString()));
  expect(await waitFor(() => answers(port), 60_000), err).toBe(true);
  const t0 = Date.now();
  npm.kill('SIGTERM');
  await exited(npm);
  expect(await waitFor(async () => !(await answers(port)), 15_000)).toBe(true);
  const ms = Date.now() - t0;
  expect(err).toContain('"msg":"stopping"');
  expect(err).toContain('"msg":"stopped"');
  expect(ms).toBeLessThan(15_000);
}, 90_000);

it('stops in bounded time with stderr full and unread, and a Slack that never answers', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'shoudao-stop-'));
  dirs.push(dir);
  // A "Slack" that accepts every connection and never says a word.
  hang = createServer((s) => sockets.push(s));
  await new Promise<void>((r) => hang!.listen(0, '127.0.0.1', r));
  const files = writeDeployment(dir, 20);
  const env = slackDeploymentEnv(dir, files, await freePort(), `http://127.0.0.1:${(hang.address() as { port: number }).port}/api/`);
  await seedDueReminders(configFor(env), Array.from({ length: 20 }, () => Date.now() - 60_000));
  // The bot's stderr: a pipe whose reader (a sleeping process) never reads, filled up beforehand.
  const sink = spawn('sleep', ['300'], { stdio: ['pipe', 'ignore', 'ignore'] });
  children.push(sink);
  sink.stdin.on('error', () => {}); // EPIPE once the sleeper is gone
  for (let i = 0; i < 8; i++) sink.stdin.write(Buffer.alloc(64 * 1024, 0x20));
  await new Promise((r) => setTimeout(r, 200));
  const bot = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'ignore', sink.stdin],
  });
  children.push(bot);
  expect(await waitFor(() => answers(Number(env.PORT)), 60_000)).toBe(true);
  // Sends are in flight against the silent Slack.
  expect(await waitFor(() => sockets.length > 0, 30_000)).toBe(true);
  const t0 = Date.now();
  bot.kill('SIGTERM');
  const stopped = await Promise.race([exited(bot).then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 80_000))]);
  expect(stopped, 'the bot must exit after SIGTERM').toBe(true);
  // Six steps of at most 10 s each, and nothing else may hold it.
  expect(Date.now() - t0).toBeLessThan(65_000);
  expect(await answers(Number(env.PORT))).toBe(false);
}, 180_000);
