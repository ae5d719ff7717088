/**
 * `npx shoudao link <person id> [--db URL]`: prints a one-time 看板 login link for a person of the
 * org (the first admin, operations), valid for 10 minutes, on the same database and with the same
 * signing key (SHOUDAO_SECRET) as the running bot. Exit 2 for an unknown person or a bad option.
 */
import { parseArgs } from 'node:util';
import { createLoginLink } from '../app/dashboard/web-auth.js';
import { buildDeps } from '../app/build-deps.js';
import { loadConfig } from '../config/load-config.js';
import { SystemClock } from '../infra/clock.js';
import { createStore } from '../infra/db/create-store.js';
import { dashboardConfig } from './mount.js';

export async function linkCommand(args: string[]): Promise<number> {
  let parsed: { values: { db?: string }; positionals: string[] };
  try {
    parsed = parseArgs({ args, options: { db: { type: 'string' } }, allowPositionals: true });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n用法 usage: shoudao link <人员ID> [--db URL]\n`);
    return 2;
  }
  const person = parsed.positionals[0];
  const config = loadConfig({ env: process.env, cwd: process.cwd() });
  if (!person || !config.org.personById.has(person)) {
    process.stderr.write(`找不到人员「${person ?? ''}」:请写 org 文件中的人员 id,例如 shoudao link liu — unknown person id\n`);
    return 2;
  }
  const url = parsed.values.db ?? config.env.databaseUrl;
  const store = await createStore(url);
  try {
    const deps = buildDeps(store, new SystemClock(), config.org, config.policy);
    const { url: link } = await createLoginLink(deps, dashboardConfig({ ...config.env, databaseUrl: url }), person);
    process.stdout.write(`${link}\n`);
  } finally {
    await store.close();
  }
  return 0;
}
