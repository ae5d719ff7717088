/**
 * Structured logs (pino, JSON lines on stderr by default). Logs carry ids, counts, periods and
 * timings — never secrets, and never what people wrote: message text, views and their lines are
 * confidential (SPEC §2), so every field that could hold them is redacted by name wherever it
 * appears one or two levels down, whatever the caller passes.
 */
import { pino, type DestinationStream, type Logger } from 'pino';
import { createRequire } from 'node:module';
import { format } from 'node:util';
import type { SonicBoom as SonicBoomClass } from 'sonic-boom';

// sonic-boom is CommonJS without named exports Node can see; require it as it is (tsx and a
// compiled dist/ then agree).
const SonicBoom = createRequire(import.meta.url)('sonic-boom') as typeof SonicBoomClass;

/** The logger type every infra module takes. */
export type Log = Logger;

/** Field names whose values never reach a log line. */
export const REDACTED_FIELDS = [
  'token',
  'botToken',
  'appToken',
  'secret',
  'signingSecret',
  'clientSecret',
  'encodingAesKey',
  'password',
  'authorization',
  'cookie',
  'databaseUrl',
  'text',
  'view',
  'lines',
  'title',
  'fields',
  'details',
] as const;

const REDACT_PATHS = REDACTED_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]).concat([
  'headers["x-slack-signature"]',
  '*.headers["x-slack-signature"]',
]);

/** Options of `createLogger`; tests pass a `destination` to read the lines, or `level: 'silent'`. */
export interface LoggerOptions {
  level?: pino.LevelWithSilent;
  destination?: DestinationStream;
  name?: string;
}

/** How much log output may wait for a slow reader before lines are dropped (bytes). */
export const LOG_BUFFER_MAX = 4 * 1024 * 1024;

/**
 * stderr as a log destination that can never hold the process (issue 18, "the hang"): writes are
 * asynchronous, at most `LOG_BUFFER_MAX` bytes wait for a reader that is slow or gone (beyond
 * that, lines are dropped; a full pipe is retried later, off the main thread), a broken pipe ends
 * logging, and —
 * unlike `pino.destination()` — nothing is flushed synchronously on exit, which is what blocked a
 * stopping bot forever when the process reading its output had gone away.
 */
export function stderrDestination(fd = 2): DestinationStream {
  const stream = new SonicBoom({ fd, sync: false, minLength: 0, maxLength: LOG_BUFFER_MAX });
  const off = () => {
    stream.write = () => true;
  };
  stream.on('error', off);
  return stream;
}

/**
 * Waits until the log's buffered lines are written, but at most `ms`: a stopping process calls
 * it so that its last lines ("stopped") reach a reader who is there, and never waits on one who
 * is not.
 */
export function flushLogWithin(log: Log, ms: number): Promise<void> {
  const stream = (log as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] as
    | { end?: () => void; once?: (event: string, f: () => void) => void }
    | undefined;
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    if (!stream?.end || !stream.once) return done();
    // Ending the stream writes what is buffered, then closes it: 'close' means it is all out.
    stream.once('close', done);
    stream.once('error', done);
    stream.end();
  });
}

/**
 * Sends `console.*` (what libraries print: the Slack SDK's default logger, warnings) through the
 * log instead of writing to stderr directly. On Linux a write to a pipe through `process.stderr`
 * is synchronous: with the pipe full and its reader gone, one such line blocks the whole process
 * — timers, the stop, everything (issue 18, "the hang"). Server mode calls this at start.
 */
export function routeConsoleTo(log: Log): void {
  const levels = { log: 'info', info: 'info', debug: 'debug', warn: 'warn', error: 'error', trace: 'trace' } as const;
  for (const [method, level] of Object.entries(levels) as Array<[keyof typeof levels, (typeof levels)[keyof typeof levels]]>) {
    console[method] = (...args: unknown[]) => log[level]({ console: method }, format(...args).slice(0, 2_000));
  }
}

/** A pino logger with Shoudao's redaction; writes to stderr unless a destination is given. */
export function createLogger(opts: LoggerOptions = {}): Log {
  return pino(
    {
      name: opts.name ?? 'shoudao',
      level: opts.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    opts.destination ?? stderrDestination(),
  );
}

/** An error as a loggable object: `Name: message`, and its stack when it has one. */
export function errorFields(err: unknown): { error: string; stack?: string } {
  if (err instanceof Error) return err.stack ? { error: `${err.name}: ${err.message}`, stack: err.stack } : { error: `${err.name}: ${err.message}` };
  return { error: String(err) };
}
