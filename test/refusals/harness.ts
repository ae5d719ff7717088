/**
 * Runs one refusal case on a real app (fresh SQLite file, virtual clock): the setup lines through
 * the console, then a byte-level dump of the database, the bad line, and the dump again. The dump
 * reads the SQLite file itself (read-only, through better-sqlite3, outside the app's connection)
 * so it sees every committed row of every table — forms, events, duties, violations, notices,
 * audit, outbox, counters, sqlite_sequence — not what a repository chooses to return.
 */
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { conversation, createTestApp, type TestApp } from '../helpers/app.js';
import { rowsInOrder } from '../helpers/sqlite-rows.js';

export const START = '2026-11-24 09:00'; // a Tuesday, inside working hours

/** The demo form: 郑伟 (生产部) asks 技术部 (leader 林志华) to confirm a drawing by 2026-11-30 17:30. */
export const FORM = 'SCB20261101';
export const SUBJECT = '二号锅炉图纸确认';
export const DRAFT = [':as zheng', `新建联络单 JSB 2026-11-30 ${SUBJECT}`];
export const ISSUED = [...DRAFT, ':as zhao', '同意 #1'];
export const SIGNED = [...ISSUED, ':as lin', `签收 ${FORM}`];
export const DISPUTED = [...ISSUED, ':as lin', `有异议 ${FORM} 期限太紧`];
export const IN_PROGRESS = [...SIGNED, `指派 ${FORM} @he`];
export const DONE = [...IN_PROGRESS, ':as he', `完成 ${FORM} 图纸已确认并下发车间`];
/** 赵强 notifies 郑伟, who does not answer within 30 minutes: violation WG1. */
export const VIOLATION = [':as zhao', '通知 @zheng 下午两点开安全会', ':advance 1h'];

export interface RefusalCase {
  name: string;
  /** Console lines that build the state the case needs (directives and chat). */
  setup: string[];
  /** The bad line: a chat message, or a console directive. */
  say: string;
  /** Text the reply must contain: what was wrong and what is expected. */
  reply: string[];
  /** Text the reply must not contain (e.g. the subject of a form the speaker may not see). */
  hides?: string[];
  start?: string;
}

export interface CaseRun {
  setupOut: string;
  reply: string;
  before: string;
  after: string;
}

/** Every table but `migrations`, all rows, as JSON: equal dumps mean nothing was stored. */
export function dumpDatabase(app: TestApp): string {
  const path = app.db.url.replace(/^sqlite:/, '');
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'migrations' ORDER BY name")
      .all() as Array<{ name: string }>;
    const dump: Record<string, unknown[]> = {};
    for (const { name } of tables) dump[name] = rowsInOrder(db, name);
    return JSON.stringify(dump);
  } finally {
    db.close();
  }
}

export async function runCase(c: Pick<RefusalCase, 'setup' | 'say' | 'start'>): Promise<CaseRun> {
  const app = await createTestApp(c.start ?? START);
  try {
    const talk = conversation(app);
    const setupOut = await talk.say(...c.setup);
    const before = dumpDatabase(app);
    const reply = await talk.say(c.say);
    const after = dumpDatabase(app);
    return { setupOut, reply, before, after };
  } finally {
    await app.close();
  }
}

const CRASH = /Error|^\s+at\s|internal error|出错了|undefined|NaN|\[object /m;

/** The checks every refusal must pass. */
export function expectRefused(c: RefusalCase, run: CaseRun): void {
  const { reply } = run;
  expect(reply.trim(), 'the bot must answer something').not.toBe('');
  expect(reply).not.toMatch(CRASH);
  for (const text of c.reply) expect(reply).toContain(text);
  for (const text of c.hides ?? []) expect(reply).not.toContain(text);
  if (c.say.startsWith(':')) {
    expect(reply).toMatch(/^:: /);
  } else {
    // One block: the answer to the speaker, and no message to anybody else.
    expect(reply.match(/^>> /gm)).toHaveLength(1);
  }
  // Nothing stored: the same rows in every table, byte for byte.
  expect(JSON.parse(run.after)).toEqual(JSON.parse(run.before));
  expect(run.after).toBe(run.before);
}
