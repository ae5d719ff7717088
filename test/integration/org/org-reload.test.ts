/**
 * Reload without restart (issue 12 §3), through the running bot: the real `serve()` with WeCom
 * pointed at the fake qyapi. A WeCom user the directory does not know gets the polite refusal;
 * the org file gains their id; SIGHUP; the same user is now served. Then an invalid file (an id
 * that collides under WeCom's case-insensitive rule) is refused on SIGHUP, the error names the
 * file, the entry and the field, and the running directory stays as it was.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/infra/log.js';
import { contentOf, sentTo, startBot, type RunningBot } from '../../adapters/wecom/running-bot.js';
import { objectContaining, stringContaining, stringMatching } from '../../helpers/matchers.js';

let bot: RunningBot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

const logs: Record<string, unknown>[] = [];
const log = createLogger({ level: 'info', destination: { write: (chunk: string) => void chunk.split('\n').filter(Boolean).forEach((l) => logs.push(JSON.parse(l) as Record<string, unknown>)) } });

async function until(what: string, ok: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Replaces the file the way an editor or `org import` does: a new file renamed over the old one. */
function replace(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

const lastTextTo = (b: RunningBot, user: string) => contentOf(sentTo(b.fake, user).at(-1)!);

describe('org reload on SIGHUP through the running bot', () => {
  it('a valid change takes effect without a restart; an invalid one keeps the running directory', async () => {
    const b = (bot = await startBot({ org: 'form', serve: { orgReload: { signal: true } }, log }));
    await b.settle();
    const orgFile = join(dirname(b.dbPath), 'org.yaml');

    await b.say('XinRen', '帮助');
    expect(lastTextTo(b, 'XinRen')).toContain('不在「收到」的通讯录中');

    const original = readFileSync(orgFile, 'utf8');
    const withXin = original.replace('{ id: qian, name: 钱勇, department: JGCJ }', '{ id: qian, name: 钱勇, department: JGCJ, wecom: XinRen }');
    expect(withXin).not.toBe(original);
    replace(orgFile, withXin);
    const before = b.served.deps.org;
    process.kill(process.pid, 'SIGHUP');
    await until('the reload', () => b.served.orgReload.status().loads === 1);
    expect(b.served.deps.org).not.toBe(before);

    await b.say('XinRen', '帮助');
    const answer = lastTextTo(b, 'XinRen');
    expect(answer).not.toContain('不在「收到」的通讯录中');
    expect(answer).toContain('新建联络单');

    // Invalid: 孙晓燕 gets `xinren`, the same WeCom user as 钱勇's `XinRen`.
    const running = b.served.deps.org;
    replace(orgFile, withXin.replace('{ id: sun, name: 孙晓燕, department: ZJB }', '{ id: sun, name: 孙晓燕, department: ZJB, wecom: xinren }'));
    process.kill(process.pid, 'SIGHUP');
    await until('the refusal', () => b.served.orgReload.status().failures === 1);
    expect(b.served.deps.org).toBe(running);
    expect(b.served.orgReload.status()).toMatchObject({ loads: 1, failures: 1 });
    const refusal = logs.find((l) => String(l['msg']).includes('org file refused'))!;
    expect(refusal['file']).toBe(orgFile);
    expect(refusal['issues']).toEqual([
      objectContaining({ entry: stringMatching(/^people\[\d+\] \(qian\)$/), field: 'wecom', message: stringContaining('与 people[') }),
    ]);
    expect(b.served.orgReload.status().lastError).toMatch(/people\[\d+\] \(qian\): wecom: wecom 账号 "XinRen" 与 people\[\d+\] \(sun\) 重复\("xinren",企业微信不区分大小写\)/);

    // The running directory still serves 钱勇 under his WeCom id, and 孙晓燕 is still unknown there.
    await b.say('XinRen', '帮助');
    expect(lastTextTo(b, 'XinRen')).toContain('新建联络单');
    expect(b.served.deps.org.personById.get('sun')!.platformIds.wecom).toBeUndefined();
  });

  it('ORG_WATCH: a change of the file is picked up without a signal', async () => {
    const b = (bot = await startBot({ org: 'form', serve: { orgReload: { watch: true, watchDebounceMs: 50 } } }));
    const orgFile = join(dirname(b.dbPath), 'org.yaml');
    replace(orgFile, readFileSync(orgFile, 'utf8').replace('{ id: qian, name: 钱勇, department: JGCJ }', '{ id: qian, name: 钱勇, department: JGCJ, wecom: XinRen }'));
    await until('the reload', () => b.served.orgReload.status().loads >= 1);
    expect(b.served.deps.org.personById.get('qian')!.platformIds.wecom).toBe('XinRen');
  });
});

describe('schedule.directory_sync through the running bot', () => {
  it('syncs from WeCom with --write, reloads, and tells HR once', async () => {
    const { directorySyncJob } = await import('../../../src/server/directory-sync-job.js');
    const { wecomDirectory } = await import('../../../src/org/sync/wecom-source.js');
    const { ENV } = await import('../../adapters/wecom/wecom-fixtures.js');
    const { parsePolicyYaml } = await import('../../../src/config/policy-file.js');
    expect(parsePolicyYaml('schedule:\n  directory_sync: "0 * * * *"\n', 'data/policy.yaml').schedule.directorySync).toBe('0 * * * *');

    const b = (bot = await startBot({ org: 'form' }));
    await b.settle();
    const orgFile = join(dirname(b.dbPath), 'org.yaml');
    const existing = ['WangJianGuo', 'ChenZhiYuan', 'LiuMin', 'ZhaoQiang', 'ZhouHaiTao', 'ZhengWei', 'LinZhiHua', 'HeJing'];
    b.fake.directory = {
      departments: [{ id: 1, name: '江心锅炉', parentid: 0 }, { id: 5, name: '金工车间', parentid: 1, department_leader: ['ZhouHaiTao'] }],
      users: [...existing.map((userid) => ({ userid, name: userid, department: [1] })), { userid: 'XinRen', name: '新人', department: [5] }],
    };
    const config = { policy: { ...b.served.deps.policy, schedule: { ...b.served.deps.policy.schedule, directorySync: '0 * * * *' } }, orgPath: orgFile, env: { platforms: {} } };
    const job = directorySyncJob(config as never, b.served.orgReload, [wecomDirectory({ ...ENV, apiBase: b.fake.url })])!;
    await job.run(b.served.deps, b.clock.now(), '2026-11-24T02:00');
    await b.settle();
    expect(b.served.deps.org.personById.get('xinren')).toMatchObject({ name: '新人', department: 'JGCJ', platformIds: { wecom: 'XinRen' } });
    expect(b.served.deps.org.personById.get('wang')!.name).toBe('王建国'); // names written in the file are kept
    const toHr = sentTo(b.fake, 'LiuMin').filter((s) => contentOf(s).includes('通讯录同步 wecom'));
    expect(toHr).toHaveLength(1);
    expect(contentOf(toHr[0]!)).toContain('+ 人员 person xinren 新人 (JGCJ)');
    // The same firing again: nothing changes, nothing more is sent.
    await job.run(b.served.deps, b.clock.now(), '2026-11-24T02:00');
    await b.settle();
    expect(sentTo(b.fake, 'LiuMin').filter((s) => contentOf(s).includes('通讯录同步 wecom'))).toHaveLength(1);
  });
});
