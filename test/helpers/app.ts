/**
 * The real app for tests: demo org, default policy, a real store (SQLite file or PostgreSQL), a
 * virtual clock, and a console session whose printed output the test reads like a conversation.
 */
import { readFileSync } from 'node:fs';
import { buildDeps } from '../../src/app/build-deps.js';
import type { AppDeps } from '../../src/app/deps.js';
import type { Store } from '../../src/app/ports.js';
import { ConsoleSession } from '../../src/adapters/console/console-session.js';
import { parseOrgYaml } from '../../src/config/org-file.js';
import { DEFAULT_POLICY, parsePolicyYaml } from '../../src/config/policy-file.js';
import { localInstant } from '../../src/domain/local-time.js';
import type { Org } from '../../src/domain/org.js';
import type { Policy } from '../../src/domain/policy.js';
import { VirtualClock } from '../../src/infra/clock.js';
import { createStore, type TypeormStore } from '../../src/infra/db/create-store.js';
import type { MessageView, Recipient } from '../../src/domain/message.js';
import { xlsxSpreadsheets } from '../../src/infra/report/form-xlsx.js';
import { createSqliteFile, type TestDatabase } from './databases.js';

export const TZ = 'Asia/Shanghai';

/** SHOUDAO_SECRET for tests that run server mode (a chat platform needs one). */
export const TEST_SECRET = 'test-secret-for-shoudao-server-mode';

export function demoOrg(): Org {
  return parseOrgYaml(readFileSync('data/org.example.yaml', 'utf8'), 'data/org.example.yaml');
}

export function policyWith(yaml = ''): Policy {
  return yaml ? parsePolicyYaml(yaml, 'test-policy.yaml') : structuredClone<Policy>(DEFAULT_POLICY);
}

export type TestApp = AppDeps & { clock: VirtualClock; db: TestDatabase; close(): Promise<void> };

/** A fresh app on a new SQLite file (or on `url`), its clock at local time `start`. */
export async function createTestApp(start: string, opts: { url?: string; policy?: Policy; drop?: () => Promise<void> } = {}): Promise<TestApp> {
  const db = opts.url ? { url: opts.url, drop: opts.drop ?? (async () => {}) } : await createSqliteFile();
  const store: Store = await createStore(db.url);
  const clock = new VirtualClock(localInstant(start, TZ));
  const deps = buildDeps(store, clock, demoOrg(), opts.policy ?? policyWith());
  return {
    ...deps,
    spreadsheets: xlsxSpreadsheets,
    clock,
    db,
    async close() {
      await store.close();
      await db.drop();
    },
  };
}

/** A console conversation: `say` runs lines and returns what the bot printed for them. */
export function conversation(app: TestApp) {
  let out: string[] = [];
  const session = new ConsoleSession(app, (l) => out.push(l));
  return {
    async say(...lines: string[]): Promise<string> {
      out = [];
      for (const l of lines) await session.line(l);
      return out.join('\n');
    },
  };
}

/**
 * Every outbox row whose key starts with `prefix`, whatever its status: the console delivers due
 * rows as it advances (and runs the periodic jobs it crosses), so a digest may already be `sent`.
 */
export async function outboxRowsByKey(store: Store, prefix: string): Promise<Array<{ key: string; to: Recipient; view: MessageView; status: string }>> {
  const ds = (store as TypeormStore).dataSource;
  const rows = await ds.query<Array<{ key: string; recipient: string; view: string; status: string }>>(`SELECT key, recipient, view, status FROM outbox WHERE key LIKE '${prefix.replace(/'/g, "''")}%' ORDER BY id`);
  return rows.map((r) => ({ key: r.key, to: JSON.parse(r.recipient) as Recipient, view: JSON.parse(r.view) as MessageView, status: r.status }));
}
