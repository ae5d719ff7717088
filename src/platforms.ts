/**
 * The chat platforms, registered in one list (issue 9 §3). Each entry reads its own environment
 * variables (its `env.ts`, imported here eagerly: no SDK in it) and builds its adapter on demand
 * (its `adapter.ts`, imported only when the platform is configured, so the console and an
 * unconfigured platform never load its SDK). Server start-up (src/server/) takes the adapters
 * from here; nothing else names a platform.
 */
import type { AdapterDeps, PlatformModule } from './chat/adapter-contract.js';
import { DINGTALK_VARIABLES, readDingtalkEnv } from './adapters/dingtalk/env.js';
import { FEISHU_VARIABLES, readFeishuEnv, type FeishuSettings } from './adapters/feishu/env.js';
import { readSlackEnv, SLACK_VARIABLES, type SlackSettings } from './adapters/slack/env.js';
import { readWecomEnv, WECOM_VARIABLES, type WecomSettings } from './adapters/wecom/env.js';

export const PLATFORM_MODULES: readonly PlatformModule[] = [
  {
    platform: 'slack',
    variables: SLACK_VARIABLES,
    readEnv: readSlackEnv,
    create: async (deps) => (await import('./adapters/slack/adapter.js')).createSlackAdapter(deps as AdapterDeps<SlackSettings>),
  },
  {
    platform: 'wecom',
    variables: WECOM_VARIABLES,
    readEnv: readWecomEnv,
    create: async (deps) => (await import('./adapters/wecom/adapter.js')).createWecomAdapter(deps as AdapterDeps<WecomSettings>),
  },
  {
    platform: 'dingtalk',
    variables: DINGTALK_VARIABLES,
    readEnv: readDingtalkEnv,
    create: () => Promise.reject(new Error('the DingTalk adapter is not built yet (issue 17): its messages wait in the outbox')),
  },
  {
    platform: 'feishu',
    variables: FEISHU_VARIABLES,
    readEnv: readFeishuEnv,
    create: async (deps) => (await import('./adapters/feishu/adapter.js')).createFeishuAdapter(deps as AdapterDeps<FeishuSettings>),
  },
];
