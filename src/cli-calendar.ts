/**
 * `npx shoudao calendar …` (the work calendar, SPEC §4):
 *   calendar import <notice.txt> [--policy FILE] [--yes | --dry-run]
 *       reads the State Council's yearly notice, shows the arrangement it read, then writes it into
 *       the policy file (`working_time.holidays` / `workdays` / `official_years`) after a `y` on a
 *       terminal or with `--yes`. Text it cannot fully read is refused with each line and what was
 *       expected, and nothing is written.
 *   calendar show <YYYY-MM> [--policy FILE]
 *       prints each day of the month with why it is (not) a workday and its working hours.
 * The policy file is `--policy` ?? `POLICY_FILE` ?? `data/policy.yaml`. Exit status: 0 done,
 * 1 not written (declined or no `--yes`), 2 bad input.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { applyArrangement } from './config/calendar-import.js';
import { ConfigError } from './config/config-error.js';
import { loadEnv } from './config/env.js';
import { POLICY_FILE_DEFAULT } from './config/load-config.js';
import { DEFAULT_POLICY, parsePolicyYaml } from './config/policy-file.js';
import { parseHolidayNotice, type HolidayArrangement } from './domain/holiday-notice.js';
import type { Policy } from './domain/policy.js';
import { statutoryDays } from './domain/statutory-holidays.js';
import { createWorkCalendar } from './domain/work-calendar.js';
import { TCAL } from './texts/calendar.js';

const USAGE = `用法 usage:
  shoudao calendar import <notice.txt> [--policy FILE] [--yes | --dry-run]
  shoudao calendar show <YYYY-MM> [--policy FILE]`;

/** Where output goes, and how a yes/no question is asked (a terminal prompt by default). */
export interface CalendarIo {
  out(line: string): void;
  err(line: string): void;
  /** Undefined when there is nobody to ask (not a terminal). */
  confirm?: (question: string) => Promise<boolean>;
  env: NodeJS.ProcessEnv;
}

const processIo = (): CalendarIo => ({
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
  env: process.env,
  ...(process.stdin.isTTY
    ? {
        confirm: async (q: string) => {
          const rl = createInterface({ input: process.stdin, output: process.stdout });
          try {
            return /^y(es)?$/i.test((await rl.question(q)).trim());
          } finally {
            rl.close();
          }
        },
      }
    : {}),
});

/** Runs `calendar <args>`; returns the exit status. */
export async function calendarCommand(args: string[], io: CalendarIo = processIo()): Promise<number> {
  const [sub, ...rest] = args;
  let parsed: { values: { policy?: string; yes?: boolean; 'dry-run'?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, options: { policy: { type: 'string' }, yes: { type: 'boolean' }, 'dry-run': { type: 'boolean' } } });
  } catch (e) {
    io.err(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const policyFile = values.policy ?? io.env.POLICY_FILE ?? POLICY_FILE_DEFAULT;
  if ((sub !== 'import' && sub !== 'show') || positionals.length !== 1) {
    io.err(`${sub && sub !== 'import' && sub !== 'show' ? `未知命令 unknown command: calendar ${sub}\n` : ''}${USAGE}`);
    return 2;
  }
  try {
    return sub === 'show' ? show(positionals[0]!, policyFile, io) : await importNotice(positionals[0]!, policyFile, values, io);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    io.err(`配置错误 (configuration error):\n${e.message}`);
    return 2;
  }
}

function loadPolicy(policyFile: string, env: NodeJS.ProcessEnv): Policy {
  const defaults: Policy = { ...DEFAULT_POLICY, timezone: loadEnv(env).timezone };
  return parsePolicyYaml(existsSync(policyFile) ? readFileSync(policyFile, 'utf8') : '', policyFile, defaults);
}

function show(month: string, policyFile: string, io: CalendarIo): number {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12 || Number(m[1]) < 1901 || Number(m[1]) > 2099) {
    io.err(TCAL.badMonth(month));
    return 2;
  }
  const policy = loadPolicy(policyFile, io.env);
  const calendar = createWorkCalendar(policy.workingTime, policy.timezone);
  const year = Number(m[1]);
  io.out(TCAL.showTitle(month, TCAL.source[calendar.yearData(year)] ?? ''));
  let workdays = 0;
  let minutes = 0;
  const last = new Date(Date.UTC(year, Number(m[2]), 0)).getUTCDate();
  for (let d = 1; d <= last; d++) {
    const day = calendar.describeDay(`${month}-${String(d).padStart(2, '0')}`);
    if (day.workday) workdays++;
    minutes += day.hours.reduce((s, [a, b]) => s + b - a, 0);
    io.out(TCAL.showDay(day));
  }
  io.out(TCAL.showTotal(workdays, minutes));
  if (calendar.yearData(year) === 'statutory') io.out(TCAL.statutoryOnly([year]));
  return 0;
}

async function importNotice(noticeFile: string, policyFile: string, opts: { yes?: boolean; 'dry-run'?: boolean }, io: CalendarIo): Promise<number> {
  let text: string;
  try {
    text = readFileSync(noticeFile, 'utf8');
  } catch (e) {
    io.err(`无法读取 ${noticeFile}:${(e as Error).message}`);
    return 2;
  }
  const result = parseHolidayNotice(text);
  if (!result.ok) {
    io.err(TCAL.importRefused(noticeFile, result.problems.length));
    for (const p of result.problems) io.err(`  ${TCAL.importProblem(p.line, p.text, p.expected)}`);
    return 2;
  }
  const arr = result.arrangement;
  const before = existsSync(policyFile) ? readFileSync(policyFile, 'utf8') : '';
  let edit;
  try {
    edit = applyArrangement(before, policyFile, arr);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    io.err((e as Error).message);
    return 2;
  }
  for (const line of preview(arr)) io.out(line);
  if (edit.kept.length) io.out(TCAL.importKept(edit.kept));
  if (opts['dry-run']) {
    io.out(TCAL.importDryRun);
    return 0;
  }
  if (!opts.yes) {
    if (!io.confirm) {
      io.err(TCAL.importNeedsYes(policyFile));
      return 1;
    }
    if (!(await io.confirm(TCAL.importConfirm(policyFile)))) {
      io.out(TCAL.importCancelled);
      return 1;
    }
  }
  // Written beside and renamed, so a crash leaves the old file or the new one, never half of one.
  writeFileSync(`${policyFile}.tmp`, edit.text);
  renameSync(`${policyFile}.tmp`, policyFile);
  io.out(TCAL.importWritten(policyFile));
  return 0;
}

/** The lines shown before writing: each item, the totals, and statutory days the notice leaves working. */
export function preview(arr: HolidayArrangement): string[] {
  const lines = [TCAL.importTitle(arr.year)];
  for (const item of arr.items) lines.push(TCAL.importFestival(item.festivals.join('、'), item.holidays, item.workdays));
  lines.push(TCAL.importTotals(arr.holidays.length, arr.workdays.length));
  const off = new Set(arr.holidays);
  const missing = statutoryDays(arr.year).filter((d) => !d.makeUp && !off.has(d.date)).map((d) => `${d.date} ${d.name}`);
  if (missing.length) lines.push(TCAL.importStatutoryMissing(missing));
  return lines;
}
