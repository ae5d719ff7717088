/**
 * Starts a console session for `npm start` (no platform configured: a clock that follows real
 * time) and `npx shoudao console` (a virtual clock, `--now`). Both pick the database the same way
 * (src/adapters/console/console-database.ts) and say on stderr which one it is.
 */
import { buildDeps } from './app/build-deps.js';
import type { LoadedConfig } from './config/load-config.js';
import { consoleDatabase } from './adapters/console/console-database.js';
import { runConsole } from './adapters/console/run-console.js';
import type { VirtualClock } from './infra/clock.js';
import { sealerFor } from './infra/crypto/aes-sealer.js';
import { xlsxSpreadsheets } from './infra/report/form-xlsx.js';
import { createStore } from './infra/db/create-store.js';
import { TO } from './texts/ops.js';
import { startConsoleDashboard } from './web/console-dashboard.js';

/** Runs the console on stdin/stdout until EOF or `:quit`. `db` is the `--db` option, if any. */
export async function startConsole(config: LoadedConfig, clock: VirtualClock, db: string | undefined, cwd: string, opts: { dashboard?: boolean } = {}): Promise<void> {
  const { url, shared } = consoleDatabase(db, config.env.databaseUrl, cwd);
  const store = await createStore(url);
  try {
    const deps = { ...buildDeps(store, clock, config.org, config.policy, sealerFor(config.env.secret)), clock, spreadsheets: xlsxSpreadsheets };
    const warning = deps.calendar.coverageWarning(clock.now());
    if (warning) process.stderr.write(`${warning}\n`);
    process.stderr.write(`${TO.consoleStart(config.org.company, url.replace(/\/\/[^@]*@/, '//***@'), shared)}\n`);
    // 看板 beside `npm start`'s console (not the scripted `shoudao console`).
    const dashboard = opts.dashboard ? await startConsoleDashboard(deps, config.env, (l) => process.stderr.write(`${l}\n`)) : undefined;
    try {
      await runConsole(deps, process.stdin, process.stdout, { interactive: process.stdin.isTTY === true, advanceRefusal: shared ? TO.advanceRefused : undefined });
    } finally {
      await dashboard?.close();
    }
  } finally {
    await store.close();
  }
}
