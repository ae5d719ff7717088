/** Feishu's environment (src/adapters/feishu/env.ts): enabled by its credentials, modes, precise issues that never carry a value. */
import { describe, expect, it } from 'vitest';
import type { EnvIssue } from '../../../src/chat/adapter-contract.js';
import { readFeishuEnv } from '../../../src/adapters/feishu/env.js';

const read = (vars: Record<string, string>) => {
  const issues: EnvIssue[] = [];
  return { settings: readFeishuEnv(vars, issues), issues };
};
const app = { FEISHU_APP_ID: 'cli_0123456789abcdef', FEISHU_APP_SECRET: 's3cret' };

describe('readFeishuEnv', () => {
  it('is off when nothing is set, and ws with the default host when only the credentials are', () => {
    expect(read({ FEISHU_MODE: 'ws' })).toEqual({ settings: undefined, issues: [] });
    expect(read(app).settings).toEqual({ appId: app.FEISHU_APP_ID, appSecret: 's3cret', mode: 'ws', apiBase: 'https://open.feishu.cn' });
    expect(read({ ...app, FEISHU_API_BASE: 'https://open.larksuite.com/' }).settings?.apiBase).toBe('https://open.larksuite.com');
  });

  it('needs the verification token in http mode, and names every problem without its value', () => {
    expect(read({ ...app, FEISHU_MODE: 'http' }).issues.map((i) => i.entry)).toEqual(['FEISHU_VERIFICATION_TOKEN']);
    expect(read({ ...app, FEISHU_MODE: 'http', FEISHU_VERIFICATION_TOKEN: 'v', FEISHU_ENCRYPT_KEY: 'k' }).settings).toMatchObject({ mode: 'http', verificationToken: 'v', encryptKey: 'k' });
    const { settings, issues } = read({ FEISHU_APP_ID: 'app-123', FEISHU_MODE: 'socket', FEISHU_API_BASE: 'ftp://x' });
    expect(settings).toBeUndefined();
    expect(issues.map((i) => i.entry)).toEqual(['FEISHU_APP_ID', 'FEISHU_MODE', 'FEISHU_API_BASE', 'FEISHU_APP_SECRET']);
    expect(JSON.stringify(issues)).not.toContain('app-123');
  });
});
