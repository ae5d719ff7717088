/** `org sync --from wecom|dingtalk|feishu|slack [--write] [--max-remove SHARE] [--org FILE]`: see run-sync.ts. */
import { parseArgs } from 'node:util';
import type { DingtalkSettings } from '../../adapters/dingtalk/env.js';
import type { FeishuSettings } from '../../adapters/feishu/env.js';
import type { SlackSettings } from '../../adapters/slack/env.js';
import type { WecomSettings } from '../../adapters/wecom/env.js';
import type { Out } from '../../cli-org.js';
import { loadConfig } from '../../config/load-config.js';
import { createStore } from '../../infra/db/create-store.js';
import type { DirectorySource } from './directory-source.js';
import { openFormDepartments, runSync } from './run-sync.js';
import { dingtalkDirectory } from './dingtalk-source.js';
import { feishuDirectory } from './feishu-source.js';
import { slackDirectory } from './slack-source.js';
import { wecomDirectory } from './wecom-source.js';
import { TORG } from '../../texts/org.js';

export async function syncCommand(args: string[], env: NodeJS.ProcessEnv, io: Out, usage: string): Promise<number> {
  let values: { from?: string; write?: boolean; 'max-remove'?: string; org?: string };
  try {
    ({ values } = parseArgs({ args, options: { from: { type: 'string' }, write: { type: 'boolean' }, 'max-remove': { type: 'string' }, org: { type: 'string' } } }));
  } catch (e) {
    io.err(`${(e as Error).message}\n${usage}`);
    return 2;
  }
  const share = values['max-remove'] === undefined ? undefined : Number(values['max-remove']);
  if (share !== undefined && !(share >= 0 && share <= 1)) {
    io.err(`${TORG.maxRemove}\n${usage}`);
    return 2;
  }
  const config = loadConfig({ env, cwd: process.cwd(), ...(values.org ? { orgFile: values.org } : {}) });
  let source: DirectorySource;
  if (values.from === 'wecom' && config.env.platforms.wecom) source = wecomDirectory(config.env.platforms.wecom as WecomSettings);
  else if (values.from === 'slack' && config.env.platforms.slack) source = slackDirectory(config.env.platforms.slack as SlackSettings);
  else if (values.from === 'feishu' && config.env.platforms.feishu) source = feishuDirectory(config.env.platforms.feishu as FeishuSettings);
  else if (values.from === 'dingtalk' && config.env.platforms.dingtalk) source = dingtalkDirectory(config.env.platforms.dingtalk as DingtalkSettings);
  else {
    const known = ['wecom', 'slack', 'dingtalk', 'feishu'].includes(values.from ?? '');
    io.err(`${known ? TORG.platformNotConfigured(values.from!) : TORG.badFrom}\n${usage}`);
    return 2;
  }
  const openFormDepts = async () => {
    const store = await createStore(config.env.databaseUrl);
    try {
      return await openFormDepartments(store);
    } finally {
      await store.close();
    }
  };
  return runSync({ source, orgFile: config.orgPath, write: values.write === true, ...(share !== undefined ? { maxRemoveShare: share } : {}), openFormDepts, out: io.out, err: io.err });
}
