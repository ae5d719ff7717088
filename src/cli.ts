/**
 * `npx shoudao <command>`:
 *   console [--org FILE] [--policy FILE] [--db URL] [--now ISO-TIME]   scripted or interactive chat
 *   report monthly --month YYYY-MM [--out FILE.xlsx] …                  月度考评 files (src/cli-report.ts)
 *   calendar import <notice.txt> | calendar show <YYYY-MM> …            work calendar (src/cli-calendar.ts)
 *   link <person id> [--db URL]                                         看板 login link (src/web/cli-link.ts)
 *   org import ROSTER.xlsx|csv [--out FILE] …                           the org file from HR's roster (src/cli-org.ts)
 * Reads configuration like `npm start`; options win over the environment. A bad option or config
 * file prints what is wrong and exits with status 2.
 */
import { parseArgs } from 'node:util';
import { ConfigError } from './config/config-error.js';

const USAGE = `用法 usage:
  shoudao console [--org FILE] [--policy FILE] [--db URL] [--now ISO-TIME]
  shoudao report monthly --month YYYY-MM [--out FILE.xlsx] [--db URL] [--org FILE] [--policy FILE] [--now ISO-TIME]
  shoudao calendar import <notice.txt> [--policy FILE] [--yes | --dry-run]
  shoudao calendar show <YYYY-MM> [--policy FILE]
  shoudao link <人员ID person id> [--db URL]     看板一次性登录链接 one-time dashboard login link
  shoudao org import ROSTER.xlsx|ROSTER.csv [--out FILE] [--company NAME] [--dry-run]
  shoudao org sync --from wecom|dingtalk|feishu|slack [--write] [--max-remove 0.1] [--org FILE]`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  // Every command is loaded on demand: the report command pulls in exceljs, which the console does
  // not need, and a mistyped command line is answered without loading the database layer (in about
  // a second instead of two or three).
  if (command === 'report') return (await import('./cli-report.js')).reportCommand(rest);
  if (command === 'calendar') return (await import('./cli-calendar.js')).calendarCommand(rest);
  if (command === 'link') return (await import('./web/cli-link.js')).linkCommand(rest);
  if (command === 'org') return (await import('./cli-org.js')).orgCommand(rest);
  if (command !== 'console') {
    process.stderr.write(`${command ? `未知命令 unknown command: ${command}\n` : ''}${USAGE}\n`);
    return 2;
  }
  let values: { org?: string; policy?: string; db?: string; now?: string };
  try {
    ({ values } = parseArgs({ args: rest, options: { org: { type: 'string' }, policy: { type: 'string' }, db: { type: 'string' }, now: { type: 'string' } } }));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const [{ loadConfig }, { badNow, parseNow }, { dotEnvLine, loadDotEnv }, { VirtualClock }, { startConsole }] = await Promise.all([
    import('./config/load-config.js'),
    import('./config/parse-now.js'),
    import('./config/dotenv.js'),
    import('./infra/clock.js'),
    import('./console-start.js'),
  ]);
  const dotEnv = loadDotEnv(process.cwd(), process.env);
  if (dotEnv) process.stderr.write(`${dotEnvLine(dotEnv)}\n`);
  const config = loadConfig({ env: process.env, cwd: process.cwd(), orgFile: values.org, policyFile: values.policy });
  for (const n of config.notices) process.stderr.write(`${n}\n`);
  const start = values.now ? parseNow(values.now, config.policy.timezone) : Date.now();
  if (start === undefined) {
    process.stderr.write(`${badNow(values.now!)}\n`);
    return 2;
  }
  await startConsole(config, new VirtualClock(start), values.db, process.cwd());
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      if (err instanceof ConfigError) {
        process.stderr.write(`配置错误,无法启动 (configuration error):\n${err.message}\n`);
        process.exit(2);
      }
      process.stderr.write(`${(err as Error).stack ?? err}\n`);
      process.exit(1);
    },
  );
}
