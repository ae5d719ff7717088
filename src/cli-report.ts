/**
 * `npx shoudao report monthly --month YYYY-MM [--out FILE.xlsx] [--db URL] [--org FILE] [--policy FILE] [--now ISO-TIME]`:
 * builds a month's 月度考评 from the database, writes the XLSX (to `--out`, else
 * `data/reports/月度考评-<month>.xlsx`) and the CSV next to it, and prints the summary and the
 * paths. It sends no chat message: the monthly job does that. `--now` (as the console's) is the
 * instant the figures are taken at, for rehearsals on a virtual clock. Bad input exits with status 2.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from './config/load-config.js';
import { isMonth, monthRange } from './domain/report/period.js';
import { SystemClock, VirtualClock } from './infra/clock.js';
import { badNow, parseNow } from './config/parse-now.js';
import { loadDotEnv } from './config/dotenv.js';
import { parseDatabaseUrl } from './infra/db/database-url.js';
import { TR } from './texts/reports.js';

const fail = (message: string): number => {
  process.stderr.write(`${message}\n${TR.cliUsage}\n`);
  return 2;
};

/** Runs `report <args>`; returns the exit status (0 done, 2 bad input). */
export async function reportCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'monthly') return fail(sub ? TR.cliUnknown(sub) : TR.cliUsage.split('\n')[0]!);
  let values: { month?: string; out?: string; db?: string; org?: string; policy?: string; now?: string };
  try {
    ({ values } = parseArgs({
      args: rest,
      options: { month: { type: 'string' }, out: { type: 'string' }, db: { type: 'string' }, org: { type: 'string' }, policy: { type: 'string' }, now: { type: 'string' } },
    }));
  } catch (e) {
    return fail((e as Error).message);
  }
  const month = values.month;
  if (month === undefined) return fail(TR.cliMissingMonth);
  if (!isMonth(month)) return fail(TR.cliBadMonth(month));
  if (values.out !== undefined && !/\.xlsx$/i.test(values.out)) return fail(TR.cliBadOut(values.out));
  loadDotEnv(process.cwd(), process.env);
  const config = loadConfig({ env: process.env, cwd: process.cwd(), orgFile: values.org, policyFile: values.policy });
  for (const n of config.notices) process.stderr.write(`${n}\n`);
  const tz = config.policy.timezone;
  const now = values.now !== undefined ? parseNow(values.now, tz) : new SystemClock().now();
  if (now === undefined) return fail(badNow(values.now!));
  if (monthRange(month, tz).from > now) return fail(TR.cliFutureMonth(month));

  const url = values.db ?? config.env.databaseUrl;
  try {
    parseDatabaseUrl(url);
  } catch (e) {
    return fail((e as Error).message);
  }
  // The database layer, the report and exceljs only now: every refusal above answers without them.
  const [{ createStore }, { buildDeps }, { buildMonthlyAssessment }, { assessmentSummary }, { assessmentBaseName, REPORTS_DIR_DEFAULT, writeAssessmentFiles }] = await Promise.all([
    import('./infra/db/create-store.js'),
    import('./app/build-deps.js'),
    import('./app/reports/build-monthly-assessment.js'),
    import('./domain/report/assessment-view.js'),
    import('./infra/report/report-files.js'),
  ]);
  const store = await createStore(url);
  try {
    const deps = buildDeps(store, new VirtualClock(now), config.org, config.policy);
    const model = await buildMonthlyAssessment(deps, month, now);
    const xlsx = values.out ?? join(REPORTS_DIR_DEFAULT, `${assessmentBaseName(month)}.xlsx`);
    const files = await writeAssessmentFiles(model, config.org, tz, xlsx, xlsx.replace(/\.xlsx$/i, '.csv'));
    const view = assessmentSummary(model, config.org, tz, files);
    // The summary's last line names both files.
    process.stdout.write([view.title ?? '', ...view.lines, ''].join('\n'));
  } finally {
    await store.close();
  }
  return 0;
}
