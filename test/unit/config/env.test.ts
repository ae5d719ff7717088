import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/config-error.js';
import { loadEnv } from '../../../src/config/env.js';

function errorOf(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadEnv(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

const AES_KEY = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';

describe('environment: defaults and platforms', () => {
  it('an empty environment gives the defaults and no platform', () => {
    const env = loadEnv({});
    expect(env).toEqual({
      databaseUrl: 'sqlite:data/shoudao.db',
      database: { kind: 'sqlite', path: 'data/shoudao.db' },
      port: 3000,
      timezone: 'Asia/Shanghai',
      serve: false,
      platforms: {},
    });
  });

  it('SHOUDAO_SERVE is 1 or 0', () => {
    expect(loadEnv({ SHOUDAO_SERVE: '1' }).serve).toBe(true);
    expect(() => loadEnv({ SHOUDAO_SERVE: 'yes' })).toThrow(/SHOUDAO_SERVE.*expected 1/);
  });

  it('empty strings count as unset', () => {
    expect(loadEnv({ PORT: '', SLACK_BOT_TOKEN: '', WECOM_CORP_ID: ' ', DINGTALK_MODE: '' })).toMatchObject({ port: 3000, platforms: {} });
  });

  it('reads the database, files, port, time zone and secret', () => {
    const env = loadEnv({
      DATABASE_URL: 'postgres://u:p@localhost:5432/shoudao',
      ORG_FILE: 'conf/org.yaml',
      POLICY_FILE: 'conf/policy.yaml',
      PORT: '8080',
      SHOUDAO_TIMEZONE: 'Asia/Urumqi',
      SHOUDAO_SECRET: '0123456789abcdef',
    });
    expect(env).toMatchObject({
      database: { kind: 'postgres', url: 'postgres://u:p@localhost:5432/shoudao' },
      orgFile: 'conf/org.yaml',
      policyFile: 'conf/policy.yaml',
      port: 8080,
      timezone: 'Asia/Urumqi',
      secret: '0123456789abcdef',
    });
    expect(loadEnv({ DATABASE_URL: 'sqlite::memory:' }).database).toEqual({ kind: 'sqlite', path: ':memory:' });
  });

  it('enables each platform whose variables are set', () => {
    const env = loadEnv({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_APP_TOKEN: 'xapp-1',
      SLACK_API_URL: 'http://127.0.0.1:9999/api/',
      WECOM_CORP_ID: 'ww1',
      WECOM_AGENT_ID: '1000002',
      WECOM_SECRET: 's',
      WECOM_TOKEN: 't',
      WECOM_ENCODING_AES_KEY: AES_KEY,
      DINGTALK_CLIENT_ID: 'dingid',
      DINGTALK_CLIENT_SECRET: 'dingsecret',
      DINGTALK_MODE: 'http',
    });
    expect(env.platforms.slack).toEqual({ botToken: 'xoxb-1', appToken: 'xapp-1', socketMode: true, apiUrl: 'http://127.0.0.1:9999/api/' });
    expect(env.platforms.wecom).toMatchObject({ corpId: 'ww1', agentId: 1000002, apiBase: 'https://qyapi.weixin.qq.com' });
    expect(env.platforms.dingtalk).toMatchObject({ clientId: 'dingid', robotCode: 'dingid', mode: 'http', apiBase: 'https://api.dingtalk.com' });
  });

  it('DingTalk HTTP card callbacks: the URL, route key and secret, with defaults; a bad URL or route key is an issue', () => {
    const base = { DINGTALK_CLIENT_ID: 'dingid', DINGTALK_CLIENT_SECRET: 'dingsecret', DINGTALK_MODE: 'http' };
    expect(loadEnv(base).platforms.dingtalk).toMatchObject({ cardCallback: { routeKey: 'shoudao', secret: 'dingsecret' } });
    expect(loadEnv(base).platforms.dingtalk).not.toHaveProperty('cardCallback.url');
    expect(loadEnv({ ...base, DINGTALK_CARD_CALLBACK_URL: 'https://bot.example.com/dingtalk/card', DINGTALK_CARD_ROUTE_KEY: 'sd_1', DINGTALK_CARD_CALLBACK_SECRET: 'cardsecret' }).platforms.dingtalk).toMatchObject({
      cardCallback: { url: 'https://bot.example.com/dingtalk/card', routeKey: 'sd_1', secret: 'cardsecret' },
    });
    const err = errorOf({ ...base, DINGTALK_CARD_CALLBACK_URL: 'bot.example.com/dingtalk/card', DINGTALK_CARD_ROUTE_KEY: 'has space' });
    expect(err.issues.map((i) => i.entry)).toEqual(['DINGTALK_CARD_CALLBACK_URL', 'DINGTALK_CARD_ROUTE_KEY']);
  });

  it('Slack over HTTP: bot token and signing secret', () => {
    expect(loadEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abc' }).platforms.slack).toMatchObject({ socketMode: false, signingSecret: 'abc' });
  });
});

describe('environment: errors', () => {
  it('bad PORT', () => {
    for (const port of ['abc', '0', '70000', '3000.5']) {
      expect(errorOf({ PORT: port }).message).toBe(
        `environment: PORT: 须为 1-65535 的整数,实际为 "${port}" — must be an integer from 1 to 65535`,
      );
    }
  });

  it('bad DATABASE_URL scheme, without echoing the URL', () => {
    const err = errorOf({ DATABASE_URL: 'mysql://root:hunter2secret@db/shoudao' });
    expect(err.file).toBe('environment');
    expect(err.message).toMatch(/^environment: DATABASE_URL: 须为 sqlite:路径/);
    expect(err.message).not.toContain('hunter2secret');
  });

  it('partial Slack set names the missing variable', () => {
    expect(errorOf({ SLACK_BOT_TOKEN: 'xoxb-secret-token-123' }).message).toMatch(
      /^environment: SLACK_SIGNING_SECRET: Slack 配置不完整:还需要 SLACK_SIGNING_SECRET.*SLACK_APP_TOKEN/,
    );
    expect(errorOf({ SLACK_SIGNING_SECRET: 'sig' }).message).toMatch(/^environment: SLACK_BOT_TOKEN: Slack 配置不完整/);
  });

  it('partial WeCom and DingTalk sets name each missing variable', () => {
    const err = errorOf({ WECOM_CORP_ID: 'ww1', WECOM_SECRET: 's', DINGTALK_CLIENT_ID: 'id' });
    expect(err.issues.map((i) => i.entry)).toEqual(['WECOM_AGENT_ID', 'WECOM_TOKEN', 'WECOM_ENCODING_AES_KEY', 'DINGTALK_CLIENT_SECRET']);
  });

  it('short AES key', () => {
    expect(errorOf({ WECOM_ENCODING_AES_KEY: 'tooShortKey123' }).message).toContain(
      'environment: WECOM_ENCODING_AES_KEY: 须为 43 个字母或数字(当前 14 个字符)',
    );
  });

  it('bad time zone, short secret, bad mode, bad API base, swapped Slack tokens', () => {
    const err = errorOf({
      SHOUDAO_TIMEZONE: 'Mars/Base',
      SHOUDAO_SECRET: 'short-s3cret',
      DINGTALK_MODE: 'webhook',
      DINGTALK_API_BASE: 'ftp://x',
      SLACK_BOT_TOKEN: 'xapp-1-AAAA-sekrit',
      SLACK_APP_TOKEN: 'xoxb-2-BBBB-sekrit',
    });
    expect(err.issues.map((i) => i.entry)).toEqual([
      'SHOUDAO_TIMEZONE',
      'SHOUDAO_SECRET',
      'SLACK_BOT_TOKEN',
      'SLACK_APP_TOKEN',
      'DINGTALK_MODE',
      'DINGTALK_API_BASE',
    ]);
  });

  it('never includes secret values in messages', () => {
    const secrets = {
      SHOUDAO_SECRET: 'tiny-SECRET1',
      SLACK_BOT_TOKEN: 'xapp-SECRET2-value',
      SLACK_APP_TOKEN: 'xoxb-SECRET3-value',
      WECOM_SECRET: 'SECRET4-wecom',
      WECOM_TOKEN: 'SECRET5-token',
      WECOM_ENCODING_AES_KEY: 'SECRET6AesKeyThatIsTooShort',
      WECOM_API_BASE: 'https://user:SECRET7@proxy',
      DINGTALK_CLIENT_SECRET: 'SECRET8-ding',
      DATABASE_URL: 'mysql://root:SECRET9@db',
    };
    const err = errorOf(secrets);
    expect(err.issues.length).toBeGreaterThanOrEqual(6);
    expect(err.message).not.toMatch(/SECRET\d/);
  });
});
