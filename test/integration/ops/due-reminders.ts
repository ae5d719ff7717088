/**
 * A deployment with many people and many reminders due, for the crash and multi-instance tests:
 * an org file of `people` staff (each with a Slack id, so each reminder is its own Slack DM), a
 * policy with wall-clock working time (the tests run at any hour), and `count` notice duties whose
 * reminders fall due at the given instants. Seeding writes through the app's own `createDuty`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDeps } from '../../../src/app/build-deps.js';
import { createDuty } from '../../../src/app/duty-ops.js';
import { loadConfig, type LoadedConfig } from '../../../src/config/load-config.js';
import { VirtualClock } from '../../../src/infra/clock.js';
import { createStore } from '../../../src/infra/db/create-store.js';
import { freePort } from './child-process.js';

/** Window 2h, one reminder 1h before the end, wall-clock time; escalation as the defaults. */
export const POLICY_YAML = 'working_time: always\nrules:\n  superior_notice:\n    window: 2h\nreminders:\n  before: [1h]\n';
const WINDOW_MS = 2 * 3600_000;
const REMIND_BEFORE_MS = 3600_000;

/** Person id of staff member `i` (1-based): `p0001` …; their Slack id is `U0P0001` …. */
export const staffId = (i: number) => `p${String(i).padStart(4, '0')}`;

/** Writes `org.yaml` (boss, hr, lead and `people` staff) and `policy.yaml` into `dir`; returns their paths. */
export function writeDeployment(dir: string, people: number): { orgFile: string; policyFile: string } {
  const staff = Array.from({ length: people }, (_, k) => {
    const id = staffId(k + 1);
    return `  - { id: ${id}, name: 员工${k + 1}, department: SCB, slack: U0${id.toUpperCase()} }`;
  });
  const org = [
    'company: 压测公司',
    'departments:',
    '  - { code: ZJB, name: 总经办, role: gm_office, leaders: [boss], channels: { slack: C0ZJB } }',
    '  - { code: RXB, name: 人力行政部, role: hr, parent: ZJB, leaders: [hr] }',
    '  - { code: SCB, name: 生产部, parent: ZJB, leaders: [lead] }',
    'people:',
    '  - { id: boss, name: 老板, department: ZJB, slack: U0BOSS }',
    '  - { id: hr, name: 人事, department: RXB, slack: U0HR }',
    '  - { id: lead, name: 部长, department: SCB, slack: U0LEAD }',
    ...staff,
    '',
  ].join('\n');
  const orgFile = join(dir, 'org.yaml');
  const policyFile = join(dir, 'policy.yaml');
  writeFileSync(orgFile, org);
  writeFileSync(policyFile, POLICY_YAML);
  return { orgFile, policyFile };
}

/** The environment of a bot on `dir`'s deployment with Slack at `slackApiUrl` (SQLite in `dir`). */
export function slackDeploymentEnv(dir: string, files: { orgFile: string; policyFile: string }, port: number, slackApiUrl: string) {
  return {
    DATABASE_URL: `sqlite:${join(dir, 'shoudao.db')}`,
    ORG_FILE: files.orgFile,
    POLICY_FILE: files.policyFile,
    PORT: String(port),
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: 'test-signing-secret',
    SHOUDAO_SECRET: 'ops-test-secret-0123456789',
    SLACK_API_URL: slackApiUrl,
  };
}

/** The configuration a process would load from `env` (org and policy files, database, Slack …). */
export function configFor(env: Record<string, string>): LoadedConfig {
  return loadConfig({ env, cwd: process.cwd() });
}

/**
 * Seeds one notice from `boss` with a duty for staff 1…`remindAt.length`, duty `i` getting its
 * reminder at `remindAt[i]` (its window ending an hour later). Returns the duty ids in order.
 */
export async function seedDueReminders(config: LoadedConfig, remindAt: number[]): Promise<number[]> {
  const store = await createStore(config.env.databaseUrl);
  try {
    const deps = buildDeps(store, new VirtualClock(0), config.org, config.policy);
    return await store.transaction(async (tx) => {
      const first = Math.min(...remindAt) - (WINDOW_MS - REMIND_BEFORE_MS);
      const recipients = remindAt.map((_, k) => staffId(k + 1));
      const notice = await tx.notices.insert({ kind: 'notice', from: 'boss', text: '压测通知', recipients, createdAt: first });
      const ids: number[] = [];
      for (const [k, at] of remindAt.entries()) {
        const createdAt = at - (WINDOW_MS - REMIND_BEFORE_MS);
        const duty = await createDuty(tx, deps, {
          person: staffId(k + 1),
          rule: 'superior_notice',
          subject: { kind: 'notice', id: notice.id, ref: notice.ref },
          title: notice.text,
          from: 'boss',
          createdAt,
          dueAt: createdAt + WINDOW_MS,
        });
        if (duty.nextActionAt !== at) throw new Error(`duty ${duty.id}: reminder at ${duty.nextActionAt}, expected ${at}`);
        ids.push(duty.id);
      }
      return ids;
    });
  } finally {
    await store.close();
  }
}

/** `writeDeployment` in `dir` plus the environment of a server on it, on a free port. */
export async function slackDeployment(dir: string, people: number, slackUrl: string): Promise<Record<string, string> & { DATABASE_URL: string }> {
  return slackDeploymentEnv(dir, writeDeployment(dir, people), await freePort(), slackUrl);
}
