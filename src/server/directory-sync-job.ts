/**
 * The policy's `schedule.directory_sync` (issue 12 §3): on each firing, server mode syncs the org
 * file from every configured platform that has a directory source (WeCom, DingTalk, Feishu, Slack) with `--write`,
 * reloads the running directory (which hands over the work of people who left), and sends HR's
 * leaders the summary of what changed — or why a sync stopped. Nothing is sent when nothing
 * changed. Repeating a firing is harmless: the second sync finds nothing to do, and the messages'
 * keys name the firing.
 */
import { readFileSync } from 'node:fs';
import type { DingtalkSettings } from '../adapters/dingtalk/env.js';
import type { FeishuSettings } from '../adapters/feishu/env.js';
import type { SlackSettings } from '../adapters/slack/env.js';
import type { WecomSettings } from '../adapters/wecom/env.js';
import type { LoadedConfig } from '../config/load-config.js';
import { deptWithRole } from '../domain/org.js';
import type { OutgoingMessage } from '../domain/message.js';
import type { PeriodicJob } from '../infra/scheduler/jobs.js';
import type { DirectorySource } from '../org/sync/directory-source.js';
import { openFormDepartments, runSync } from '../org/sync/run-sync.js';
import { dingtalkDirectory } from '../org/sync/dingtalk-source.js';
import { feishuDirectory } from '../org/sync/feishu-source.js';
import { slackDirectory } from '../org/sync/slack-source.js';
import { wecomDirectory } from '../org/sync/wecom-source.js';
import { TD } from '../texts/directory.js';
import type { OrgReloader } from './org-reload.js';

const MAX_LINES = 40;

/** The directory sources of the configured platforms. */
export function configuredSources(config: LoadedConfig): DirectorySource[] {
  const out: DirectorySource[] = [];
  if (config.env.platforms.wecom) out.push(wecomDirectory(config.env.platforms.wecom as WecomSettings));
  if (config.env.platforms.dingtalk) out.push(dingtalkDirectory(config.env.platforms.dingtalk as DingtalkSettings));
  if (config.env.platforms.feishu) out.push(feishuDirectory(config.env.platforms.feishu as FeishuSettings));
  if (config.env.platforms.slack) out.push(slackDirectory(config.env.platforms.slack as SlackSettings));
  return out;
}

/** The job, or undefined when the policy has no `schedule.directory_sync` or no platform can be read. */
export function directorySyncJob(config: LoadedConfig, orgReload: OrgReloader, sources = configuredSources(config)): PeriodicJob | undefined {
  const cron = config.policy.schedule.directorySync;
  if (!cron || sources.length === 0) return undefined;
  return {
    name: 'directory_sync',
    cron,
    timezone: config.policy.timezone,
    catchUp: 'latest',
    period: (at) => new Date(at).toISOString().slice(0, 16),
    async run(deps, now, period) {
      const openFormDepts = () => openFormDepartments(deps.store);
      const reports: { platform: string; lines: string[] }[] = [];
      for (const source of sources) {
        const before = readFileSync(config.orgPath, 'utf8');
        const lines: string[] = [];
        const code = await runSync({ source, orgFile: config.orgPath, write: true, openFormDepts, out: (l) => lines.push(l), err: (l) => lines.push(l) });
        const changed = code === 0 && readFileSync(config.orgPath, 'utf8') !== before;
        if (changed) await orgReload.reload('directory_sync');
        if (changed || code !== 0) reports.push({ platform: source.platform, lines: lines.flatMap((l) => l.split('\n')) });
      }
      if (reports.length === 0) return;
      const hr = deptWithRole(deps.org, 'hr').leaders;
      const messages: OutgoingMessage[] = reports.flatMap((r) =>
        hr.map((person) => ({
          key: `directory_sync:${period}:${r.platform}:${person}`,
          to: { kind: 'person' as const, person },
          view: { title: TD.syncTitle(r.platform), lines: r.lines.length > MAX_LINES ? [...r.lines.slice(0, MAX_LINES), TD.syncMore(r.lines.length - MAX_LINES)] : r.lines },
        })),
      );
      await deps.store.transaction((tx) => tx.outbox.enqueue(messages, now));
    },
  };
}
