/**
 * Structured logs (pino, JSON lines on stderr by default). Logs carry ids, counts, periods and
 * timings — never secrets, and never what people wrote: message text, views and their lines are
 * confidential (SPEC §2), so every field that could hold them is redacted by name wherever it
 * appears one or two levels down, whatever the caller passes.
 */
import { pino, type DestinationStream, type Logger } from 'pino';

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
    opts.destination ?? pino.destination(2),
  );
}

/** An error as a loggable object: `Name: message`, and its stack when it has one. */
export function errorFields(err: unknown): { error: string; stack?: string } {
  if (err instanceof Error) return err.stack ? { error: `${err.name}: ${err.message}`, stack: err.stack } : { error: `${err.name}: ${err.message}` };
  return { error: String(err) };
}
