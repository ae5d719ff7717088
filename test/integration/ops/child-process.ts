/**
 * Runs `src/main.ts` as a real child process with a given environment only — nothing of the test
 * runner's own environment leaks in but PATH and HOME. It runs as `node --import tsx`, one
 * process: the `tsx` command would start the app in a grandchild, which a `SIGKILL` of the child
 * would leave running. Keeps its stderr (JSON log lines) for diagnostics.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A running `main.ts`. */
export interface MainProcess {
  child: ChildProcess;
  stderr(): string;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `main.ts` with `env` (plus PATH and HOME) in the repository root. */
export function startMain(env: Record<string, string>): MainProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: process.cwd(),
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (c: Buffer) => {
    err += c.toString('utf8');
    if (err.length > 2_000_000) err = err.slice(-1_000_000);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    stderr: () => err,
    exited,
    kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  // Below the ephemeral range (Linux: 32768–60999), which `listen(0)` hands out: a probe's port
  // is free again between the probe and the bot's own listen, and an ephemeral one can go in
  // between to any server of a test file running beside this one. That happened once in CI: such a
  // server (one that answers /healthz) answered this bot's health check, and every delivery of that
  // test file got a 404. So a random port of 20000–32767 that binds now.
  for (let tries = 0; tries < 50; tries++) {
    const port = 20_000 + Math.floor(Math.random() * 12_768);
    if (await bindsNow(port)) return port;
  }
  throw new Error('no free port found in 20000-32767');
}

/** Whether `port` on 127.0.0.1 can be listened on now (the probe is closed again). */
function bindsNow(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Polls `cond` every 10 ms until it holds or `ms` pass; returns whether it held. */
export async function waitFor(cond: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  for (;;) {
    if (await cond()) return true;
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
}
