/**
 * Issue 12 §2: sync from WeCom and Slack against local fakes (the real WeCom HTTP client and the
 * real `@slack/web-api` WebClient), with paging, nested departments, leaders, and 钱勇 (qian)
 * present on three platforms — DingTalk already in the file, WeCom matched by mobile, Slack by
 * e-mail — ending up on one entry. A dry run writes nothing; a platform that fails halfway and
 * a sync that would remove too many people change nothing.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseOrgYaml } from '../../../src/config/org-file.js';
import { runSync } from '../../../src/org/sync/run-sync.js';
import { slackDirectory } from '../../../src/org/sync/slack-source.js';
import { wecomDirectory } from '../../../src/org/sync/wecom-source.js';
import { FakeSlack } from '../../fakes/fake-slack.js';
import { startFakeWecom, type FakeWecom, type FakeWecomDirectory } from '../../fakes/fake-wecom.js';

const CORP = { corpId: 'ww-sync', secret: 'sync-secret', agentId: 1000002 };
let wecom: FakeWecom | undefined;
let slack: FakeSlack | undefined;
afterEach(async () => {
  await wecom?.close();
  await slack?.stop();
  wecom = slack = undefined;
});

/** The demo org with 钱勇's mobile, e-mail and DingTalk id. */
function orgFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'org-sync-'));
  const path = join(dir, 'org.yaml');
  const text = readFileSync('data/org.example.yaml', 'utf8').replace(
    '{ id: qian, name: 钱勇, department: JGCJ }',
    '{ id: qian, name: 钱勇, department: JGCJ, mobile: "13900000001", email: Qian@JX.example, dingtalk: ding-qian }',
  );
  writeFileSync(path, text);
  return path;
}

function directory(): FakeWecomDirectory {
  return {
    pageSize: 2,
    departments: [
      { id: 1, name: '江心锅炉', parentid: 0 },
      { id: 2, name: '总经办', parentid: 1, department_leader: ['WangJianGuo'] },
      { id: 3, name: '人力行政部', parentid: 1, department_leader: ['LiuMin'] },
      { id: 4, name: '生产部', parentid: 1, department_leader: ['ZhaoQiang'] },
      { id: 5, name: '金工车间', parentid: 4, department_leader: ['ZhouHaiTao'] },
      { id: 6, name: '无损检测室', parentid: 5, department_leader: ['JianCe01'] },
    ],
    users: [
      { userid: 'WangJianGuo', name: '王建国', department: [1, 2], main_department: 2 },
      { userid: 'ChenZhiYuan', name: '陈志远', department: [2] },
      { userid: 'LiuMin', name: '刘敏', department: [3] },
      { userid: 'ZhaoQiang', name: '赵强', department: [4] },
      { userid: 'ZhouHaiTao', name: '周海涛', department: [5] },
      { userid: 'QianYong', name: '钱勇', department: [5], mobile: '+86 139-0000-0001' },
      { userid: 'JianCe01', name: '马检测', department: [6], email: 'jiance@jx.example' },
    ],
  };
}

async function sync(source: Parameters<typeof runSync>[0]['source'], path: string, extra: { write?: boolean; maxRemoveShare?: number; open?: string[] } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runSync({
    source,
    orgFile: path,
    write: extra.write ?? false,
    ...(extra.maxRemoveShare !== undefined ? { maxRemoveShare: extra.maxRemoveShare } : {}),
    openFormDepts: () => Promise.resolve(new Set(extra.open ?? [])),
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('org sync from WeCom, then Slack', () => {
  it('merges field by field; one person ends up with three platform ids on one entry', async () => {
    wecom = await startFakeWecom({ corpId: CORP.corpId, secret: CORP.secret });
    wecom.directory = directory();
    const path = orgFile();
    const before = readFileSync(path, 'utf8');
    const source = wecomDirectory({ ...CORP, apiBase: wecom.url });

    const dry = await sync(source, path);
    expect(dry.err).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('将新增 1 个部门、1 人');
    expect(dry.out).toContain('+ 部门 department WSJCS 无损检测室');
    expect(dry.out).toContain('~ 人员 person qian: wecom: "" → "QianYong"');
    expect(dry.out).toContain('试运行,未写入');
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(wecom.log.filter((l) => l.api === 'user/list_id')).toHaveLength(4); // 8 memberships, 2 a page

    const written = await sync(source, path, { write: true });
    expect(written.code).toBe(0);
    let org = parseOrgYaml(readFileSync(path, 'utf8'), path);
    expect(org.personById.get('qian')!.platformIds).toEqual({ wecom: 'QianYong', dingtalk: 'ding-qian' });
    expect(org.deptByCode.get('WSJCS')).toMatchObject({ name: '无损检测室', parent: 'JGCJ', leaders: ['jiance01'] });
    expect(org.personById.get('jiance01')).toMatchObject({ name: '马检测', department: 'WSJCS', platformIds: { wecom: 'JianCe01' } });
    expect(org.personById.get('wang')!.department).toBe('ZJB');
    expect(org.deptByCode.get('JGCJ')!.parent).toBe('SCB');
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('# 组织架构 — 演示组织'); // comments kept
    expect(text).toMatch(/code: JGCJ[\s\S]*?wecom_dept: "5"/);

    // Slack: matched by e-mail only; a deleted member and a bot are left out; paging.
    slack = await new FakeSlack().start();
    slack.usersPageSize = 2;
    slack.users = [
      { id: 'U0WANG', name: 'wang', profile: { email: 'wang@jx.example' } },
      { id: 'U0CHEN', name: 'chen' },
      { id: 'U0LIU', name: 'liu' },
      { id: 'U0LIN', name: 'lin' },
      { id: 'U0HAN', name: 'han' },
      { id: 'U0ZHAO', name: 'zhao' },
      { id: 'U0QIAN', name: 'qian', real_name: '钱勇', profile: { email: 'qian@jx.example' } },
      { id: 'U0STRANGER', name: 'visitor', profile: { email: 'visitor@other.example' } },
      { id: 'U0GONE', name: 'gone', deleted: true },
      { id: 'B0BOT', name: 'bot', is_bot: true },
    ];
    const s = await sync(slackDirectory({ botToken: 'xoxb-test', apiUrl: slack.url }), path, { write: true });
    expect(s.err).toBe('');
    expect(s.out).toContain('~ 人员 person qian: slack: "" → "U0QIAN"');
    expect(s.out).toContain('? 未匹配 unmatched slack U0STRANGER visitor');
    expect(slack.calls.filter((c) => c.method === 'users.list')).toHaveLength(5); // 10 members, 2 a page
    org = parseOrgYaml(readFileSync(path, 'utf8'), path);
    expect(org.personById.get('qian')!.platformIds).toEqual({ wecom: 'QianYong', dingtalk: 'ding-qian', slack: 'U0QIAN' });
    expect(org.people.filter((p) => p.name === '钱勇')).toHaveLength(1);
  });

  it('a fake that fails halfway changes nothing', async () => {
    wecom = await startFakeWecom({ corpId: CORP.corpId, secret: CORP.secret });
    wecom.directory = directory();
    wecom.failNext('user/get', 0, 3);
    wecom.failNext('user/get', 60020);
    const path = orgFile();
    const before = readFileSync(path, 'utf8');
    const r = await sync(wecomDirectory({ ...CORP, apiBase: wecom.url }), path, { write: true });
    expect(r.code).toBe(2);
    expect(r.err).toContain('wecom 通讯录读取失败,未做任何更改:user/get: errcode 60020');
    expect(r.out).toBe('');
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  it('stops when it would remove more than the set share, or a department with open forms', async () => {
    wecom = await startFakeWecom({ corpId: CORP.corpId, secret: CORP.secret });
    const d = directory();
    d.users = d.users.filter((u) => u.userid !== 'ChenZhiYuan');
    wecom.directory = d;
    const path = orgFile();
    const before = readFileSync(path, 'utf8');
    const source = wecomDirectory({ ...CORP, apiBase: wecom.url });
    const r = await sync(source, path, { write: true });
    expect(r.code).toBe(2);
    expect(r.err).toContain('同步将移除 1/5 位有 wecom 账号的人员(20%),超过上限 10%,已停止');
    expect(readFileSync(path, 'utf8')).toBe(before);

    const allowed = await sync(source, path, { write: true, maxRemoveShare: 0.5 });
    expect(allowed.err).toBe('');
    expect(allowed.out).toContain('- 移除 removed chen 陈志远');
    const org = parseOrgYaml(readFileSync(path, 'utf8'), path);
    expect(org.personById.has('chen')).toBe(false);
    expect(org.deptByCode.get('SCB')!.supervisor).toBeUndefined();

    // The first sync stored wecom_dept on each department; one gone with open forms stops the next.
    wecom.directory = { ...directory(), departments: directory().departments.filter((x) => x.id !== 5) };
    const gone = await sync(source, path, { write: true, maxRemoveShare: 1, open: ['JGCJ'] });
    expect(gone.code).toBe(2);
    expect(gone.err).toContain('部门 JGCJ 金工车间 已不在 wecom 上,但仍有未结联络单,同步已停止');
  });
});

describe('npx shoudao org sync (the command)', () => {
  it('reads WECOM_* from the environment, dry-runs by default, writes with --write', async () => {
    const { orgCommand } = await import('../../../src/cli-org.js');
    const { ENV } = await import('../../adapters/wecom/wecom-fixtures.js');
    const { createSqliteFile } = await import('../../helpers/databases.js');
    wecom = await startFakeWecom({ corpId: ENV.corpId, secret: ENV.secret });
    wecom.directory = directory();
    const db = await createSqliteFile();
    const path = orgFile();
    const env = {
      DATABASE_URL: db.url,
      ORG_FILE: path,
      SHOUDAO_SECRET: 'test-secret-for-shoudao-server-mode',
      WECOM_CORP_ID: ENV.corpId,
      WECOM_AGENT_ID: String(ENV.agentId),
      WECOM_SECRET: ENV.secret,
      WECOM_TOKEN: ENV.token,
      WECOM_ENCODING_AES_KEY: ENV.encodingAesKey,
      WECOM_API_BASE: wecom.url,
    };
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(`ERR ${l}`) };
    try {
      const before = readFileSync(path, 'utf8');
      expect(await orgCommand(['sync', '--from', 'wecom'], env, io)).toBe(0);
      expect(readFileSync(path, 'utf8')).toBe(before);
      expect(await orgCommand(['sync', '--from', 'wecom', '--write'], env, io)).toBe(0);
      expect(parseOrgYaml(readFileSync(path, 'utf8'), path).personById.get('qian')!.platformIds.wecom).toBe('QianYong');
      expect(await orgCommand(['sync', '--from', 'slack'], env, io)).toBe(2);
      expect(lines.at(-1)).toContain('未配置 slack 的环境变量');
    } finally {
      await db.drop();
    }
  });
});

describe('org sync from DingTalk (its own fake, the same interface)', () => {
  const KEYS = { appKey: 'ding-app', appSecret: 'ding-secret' };
  const dingDirectory = () => ({
    departments: [
      { dept_id: 10, name: '生产部', parent_id: 1, dept_manager_userid_list: [] },
      { dept_id: 11, name: '金工车间', parent_id: 10 },
      { dept_id: 12, name: '焊接班', parent_id: 11, dept_manager_userid_list: ['ding-ban'] },
      { dept_id: 20, name: '总经办', parent_id: 1, dept_manager_userid_list: ['manager0001'] },
    ],
    users: [
      { userid: 'manager0001', name: '王建国', dept_id_list: [20] },
      { userid: 'manager1001', name: '刘敏', dept_id_list: [1] },
      { userid: 'manager2001', name: '郭涛', dept_id_list: [1] },
      { userid: 'manager4321', name: '赵强', dept_id_list: [10] },
      { userid: 'ding-qian', name: '钱勇', dept_id_list: [12, 11] },
      { userid: 'ding-ban', name: '班长甲', dept_id_list: [12], mobile: '13700000001' },
      { userid: 'ding-zhou', name: '周海涛', dept_id_list: [11] },
    ],
  });

  it('reads nested departments recursively with their managers, pages members, matches field by field', async () => {
    const { startFakeDingtalkContacts } = await import('../../fakes/fake-dingtalk-contacts.js');
    const { dingtalkDirectory } = await import('../../../src/org/sync/dingtalk-source.js');
    const fake = await startFakeDingtalkContacts(KEYS);
    try {
      fake.directory = dingDirectory();
      const path = orgFile();
      const source = dingtalkDirectory({ clientId: KEYS.appKey, clientSecret: KEYS.appSecret, oapiBase: fake.url }, { pageSize: 1 });
      const r = await sync(source, path, { write: true });
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out).toContain('? 未匹配 unmatched dingtalk ding-zhou 周海涛(与 zhou 同名,请在其条目中填写 dingtalk: ding-zhou');
      const org = parseOrgYaml(readFileSync(path, 'utf8'), path);
      expect(org.deptByCode.get('HJB')).toMatchObject({ name: '焊接班', parent: 'JGCJ', leaders: ['ding-ban'] });
      expect(org.personById.get('qian')).toMatchObject({ department: 'HJB', platformIds: { dingtalk: 'ding-qian' } });
      expect(org.personById.get('zhou')!.platformIds).toEqual({ wecom: 'ZhouHaiTao' }); // matched by nothing but the name: reported
      expect(org.personById.has('ding-zhou')).toBe(false);
      expect(org.people.filter((p) => p.name === '周海涛')).toHaveLength(1);
      expect(org.deptByCode.get('SCB')!.leaders).toEqual(['zhao']); // no managers on the platform: the file's stay
      expect(fake.calls.filter((c) => c === 'topapi/v2/user/list').length).toBeGreaterThan(6); // one member a page
    } finally {
      await fake.close();
    }
  });

  it('a DingTalk that fails halfway changes nothing', async () => {
    const { startFakeDingtalkContacts } = await import('../../fakes/fake-dingtalk-contacts.js');
    const { dingtalkDirectory } = await import('../../../src/org/sync/dingtalk-source.js');
    const fake = await startFakeDingtalkContacts(KEYS);
    try {
      fake.directory = dingDirectory();
      fake.failAfter(7, 90018);
      const path = orgFile();
      const before = readFileSync(path, 'utf8');
      const r = await sync(dingtalkDirectory({ clientId: KEYS.appKey, clientSecret: KEYS.appSecret, oapiBase: fake.url }), path, { write: true });
      expect(r.code).toBe(2);
      expect(r.err).toContain('dingtalk 通讯录读取失败,未做任何更改');
      expect(r.err).toContain('errcode 90018');
      expect(readFileSync(path, 'utf8')).toBe(before);
    } finally {
      await fake.close();
    }
  });
});

describe('org sync from Feishu (contact v3, its own fake, the same interface)', () => {
  const APP = { appId: 'cli_sync', appSecret: 'feishu-secret' };
  const feishuDirectory = () => ({
    departments: [
      { open_department_id: 'od-zlb', name: '质量部', parent_department_id: '0' },
      { open_department_id: 'od-zjz', name: '质检组', parent_department_id: 'od-zlb', leader_user_id: 'ou_zhijian' },
    ],
    users: [
      { open_id: 'ou_qian', name: '钱勇', department_ids: ['0'], email: 'QIAN@jx.example' },
      { open_id: 'ou_zhijian', name: '质检员甲', department_ids: ['od-zjz'] },
    ],
  });

  it('reads departments with fetch_child and leader_user_id, pages members, matches by e-mail', async () => {
    const { startFakeFeishuContacts } = await import('../../fakes/fake-feishu-contacts.js');
    const { feishuDirectory: source } = await import('../../../src/org/sync/feishu-source.js');
    const fake = await startFakeFeishuContacts(APP);
    try {
      fake.state.directory = feishuDirectory();
      const path = orgFile();
      const r = await sync(source({ ...APP, apiBase: fake.url }, { pageSize: 1 }), path, { write: true });
      expect(r.err).toBe('');
      const org = parseOrgYaml(readFileSync(path, 'utf8'), path);
      expect(org.personById.get('qian')!.platformIds).toMatchObject({ feishu: 'ou_qian', dingtalk: 'ding-qian' });
      expect(org.personById.get('qian')!.department).toBe('JGCJ'); // the root is no department: kept
      expect(org.deptByCode.get('ZJZ')).toMatchObject({ name: '质检组', parent: 'ZLB', leaders: ['ou_zhijian'] });
      expect(fake.state.calls.filter((c) => c === 'contact/v3/departments/0/children')).toHaveLength(2);
    } finally {
      await fake.close();
    }
  });

  it('a Feishu that fails halfway changes nothing', async () => {
    const { startFakeFeishuContacts } = await import('../../fakes/fake-feishu-contacts.js');
    const { feishuDirectory: source } = await import('../../../src/org/sync/feishu-source.js');
    const fake = await startFakeFeishuContacts(APP);
    try {
      fake.state.directory = feishuDirectory();
      fake.failAfter(3, 99991400);
      const path = orgFile();
      const before = readFileSync(path, 'utf8');
      const r = await sync(source({ ...APP, apiBase: fake.url }, { pageSize: 1 }), path, { write: true });
      expect(r.code).toBe(2);
      expect(r.err).toContain('feishu 通讯录读取失败,未做任何更改');
      expect(readFileSync(path, 'utf8')).toBe(before);
    } finally {
      await fake.close();
    }
  });
});
