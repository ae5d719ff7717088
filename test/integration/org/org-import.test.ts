import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseOrgYaml } from '../../../src/config/org-file.js';
import { orgCommand } from '../../../src/cli-org.js';
import { codeCandidates } from '../../../src/org/dept-codes.js';
import { generateRoster, HEADERS, rosterCsv, writeRosterCsv, writeRosterXlsx, type RosterRow } from '../../helpers/roster.js';

const EXAMPLE = fileURLToPath(new URL('../../../data/org.example.yaml', import.meta.url));

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await orgCommand(args, {}, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
const tmp = () => mkdtempSync(join(tmpdir(), 'org-import-'));

describe('org import: a 500-person roster with Chinese headers', () => {
  it('imports into a valid org file, codes from pinyin and kept unique, roles recognised', async () => {
    const dir = tmp();
    const roster = join(dir, '花名册.xlsx');
    const out = join(dir, 'org.yaml');
    const rows = generateRoster(500);
    await writeRosterXlsx(roster, rows);
    const r = await run(['import', roster, '--out', out, '--company', '江心锅炉有限公司']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('将新增 12 个部门、500 人,修改 0 处;0 人不在来源中');
    const org = parseOrgYaml(readFileSync(out, 'utf8'), out);
    expect(org.people).toHaveLength(500);
    expect(org.company).toBe('江心锅炉有限公司');
    const code = (name: string) => org.departments.find((d) => d.name === name)!.code;
    expect(code('人力行政部')).toBe('RXB'); // given in the roster: wins
    expect(code('金工车间')).toBe('JGCJ');
    expect(code('生产部')).toBe('SCB');
    expect(code('市场部')).toBe('SHICB'); // SCB taken: the first syllable in full
    expect(code('总经理办公室')).toBe('ZJLBS');
    expect(code('销售一部')).toBe('XSYB');
    expect(org.deptByCode.get(code('总经理办公室'))!.role).toBe('gm_office');
    expect(org.deptByCode.get('RXB')!.role).toBe('hr');
    expect(org.deptByCode.get('JGCJ')!.parent).toBe('SCB');
    expect(org.deptByCode.get('SCB')!.leaders).toEqual(['E0003']);
    const p = org.personById.get('E0013')!;
    expect(p).toMatchObject({ department: 'ZJLBS', superior: 'E0001', platformIds: { wecom: 'user13', dingtalk: 'ding13' } });
    const raw = readFileSync(out, 'utf8');
    expect(raw).toContain('mobile: "13800000013"');
    expect(raw).toContain('feishu: ou_d');
  });

  it('reads a GBK CSV as Excel saves it, with English headers', async () => {
    const dir = tmp();
    const rows = generateRoster(30);
    const english = ['name', 'id', 'department', 'code', 'parent', 'leader', 'superior', 'supervisor', 'role', 'WeCom ID', 'DingTalk ID', 'Feishu ID', 'Slack ID', 'mobile', 'email'];
    const renamed = rows.map((r) => Object.fromEntries(HEADERS.map((h, i) => [english[i]!, r[h]!])));
    const csv = join(dir, 'roster.csv');
    writeFileSync(csv, Buffer.from(gbk(rosterCsv(renamed, english))));
    const out = join(dir, 'org.yaml');
    const r = await run(['import', csv, '--out', out]);
    expect(r.err).toBe('');
    const org = parseOrgYaml(readFileSync(out, 'utf8'), out);
    expect(org.personById.get('E0002')!.name).toBe(rows[1]!['姓名']);
    expect(org.deptByCode.get('RXB')!.name).toBe('人力行政部');
  });
});

/**
 * Encodes `text` as GBK the way Excel saves a Chinese CSV. Node has no GBK encoder, so the table
 * is built from its decoder over the two-byte range, for the characters used.
 */
function gbk(text: string): Uint8Array {
  const needed = new Set([...text].filter((c) => c.charCodeAt(0) > 0x7f));
  const table = new Map<string, number[]>();
  const dec = new TextDecoder('gb18030');
  for (let hi = 0x81; hi <= 0xfe && table.size < needed.size; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      const ch = dec.decode(new Uint8Array([hi, lo]));
      if (needed.has(ch) && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  }
  const bytes: number[] = [];
  for (const c of text) {
    if (c.charCodeAt(0) <= 0x7f) bytes.push(c.charCodeAt(0));
    else bytes.push(...table.get(c)!);
  }
  return new Uint8Array(bytes);
}

describe('org import: department codes', () => {
  it('suggests pinyin initials, then the first syllable, then a letter', () => {
    expect(codeCandidates('生产部').slice(0, 3)).toEqual(['SCB', 'SHENGCB'.slice(0, 4) + 'B', 'SCBA']);
    expect(codeCandidates('人力资源管理部')[0]).toBe('RLZYB');
    expect(codeCandidates('部')[0]).toBe('BU');
  });
});

/** A small valid roster; each broken-row case changes one thing. */
function small(): RosterRow[] {
  return generateRoster(24);
}

const CASES: [string, (rows: RosterRow[]) => void, string][] = [
  ['empty name', (r) => (r[5]!['姓名'] = ''), '第 7 行 row 7, 列 column 姓名, "": 姓名不能为空'],
  ['empty id', (r) => (r[5]!['工号'] = ''), '第 7 行 row 7, 列 column 工号, "": 工号不能为空'],
  ['empty department', (r) => (r[5]!['部门'] = ''), '第 7 行 row 7, 列 column 部门, "": 部门不能为空'],
  ['id with bad characters', (r) => (r[5]!['工号'] = '张 三'), '第 7 行 row 7, 列 column 工号, "张 三": 工号只能用字母、数字和 _ . -'],
  ['duplicate id', (r) => (r[6]!['工号'] = 'E0006'), '第 8 行 row 8, 列 column 工号, "E0006": 工号与第 7 行重复'],
  ['leader not 是/否', (r) => (r[14]!['部门负责人'] = '可能'), '第 16 行 row 16, 列 column 部门负责人, "可能": 部门负责人须填 是 或 否'],
  ['unknown role', (r) => (r[14]!['部门角色'] = '财务'), '第 16 行 row 16, 列 column 部门角色, "财务": 部门角色须为 总经办 或 人力'],
  ['bad code', (r) => (r[14]!['部门代码'] = 'sc1'), '第 16 行 row 16, 列 column 部门代码, "sc1": 部门代码须为 2-5 个大写字母'],
  ['code disagrees across rows', (r) => (r[13]!['部门代码'] = 'RX'), '第 15 行 row 15, 列 column 部门代码, "RX": 与第 3 行给 人力行政部 的 "RXB" 不一致'],
  ['code used by two departments', (r) => (r[2]!['部门代码'] = 'RXB'), '第 4 行 row 4, 列 column 部门代码, "RXB": 部门代码已用于第 3 行的 人力行政部'],
  ['unknown parent', (r) => (r[2]!['上级部门'] = '董事会'), '第 4 行 row 4, 列 column 上级部门, "董事会": 未知上级部门'],
  ['parent disagrees', (r) => (r[14]!['上级部门'] = '技术部'), '第 16 行 row 16, 列 column 上级部门, "技术部": 与第 4 行给 生产部 的 "总经理办公室" 不一致'],
  ['parent cycle', (r) => (r[0]!['上级部门'] = '金工车间'), '第 2 行 row 2, 列 column 上级部门, "金工车间": 上级部门形成循环 ZJLBS → JGCJ → SCB → ZJLBS'],
  ['unknown superior', (r) => (r[14]!['直属上级'] = 'E9999'), '第 16 行 row 16, 列 column 直属上级, "E9999": 找不到此人'],
  ['ambiguous superior name', (r) => { r[1]!['姓名'] = '王伟'; r[2]!['姓名'] = '王伟'; r[14]!['直属上级'] = '王伟'; }, '第 16 行 row 16, 列 column 直属上级, "王伟": 姓名 王伟 有 2 人(E0002、E0003)'],
  ['own superior', (r) => (r[14]!['直属上级'] = 'E0015'), '第 16 行 row 16, 列 column 直属上级, "E0015": 直属上级不能是本人'],
  ['unknown supervisor', (r) => (r[2]!['主管领导'] = '无名氏'), '第 4 行 row 4, 列 column 主管领导, "无名氏": 找不到此人'],
  ['WeCom id differing only in case', (r) => (r[14]!['企业微信ID'] = 'USER3'), '第 16 行 row 16, 列 column 企业微信ID, "USER3": 与第 4 行的 "user3" 重复,企业微信不区分大小写'],
  ['bad mobile', (r) => (r[14]!['手机'] = '1380000'), '第 16 行 row 16, 列 column 手机, "1380000": 手机号应为 11 位'],
  ['bad e-mail', (r) => (r[14]!['邮箱'] = 'e15.example'), '第 16 行 row 16, 列 column 邮箱, "e15.example": 邮箱格式不对'],
  ['bad Slack id', (r) => (r[15]!['Slack ID'] = 'zhangsan'), '第 17 行 row 17, 列 column Slack ID, "zhangsan": Slack ID 应以 U 或 W 开头'],
  ['department without a leader', (r) => { r[11]!['部门负责人'] = '否'; r[23]!['部门负责人'] = '否'; }, '第 13 行 row 13, 列 column 部门负责人, "销售二部": 该部门没有负责人'],
  ['two 人力 departments', (r) => (r[8]!['部门'] = '人事科'), '列 column 部门角色, "人力": 人力部门有 2 个(人力行政部、人事科)'],
  ['no 总经办', (r) => { for (const row of r) if (row['部门'] === '总经理办公室') row['部门'] = '董事长室'; }, '列 column 部门角色: 没有总经办部门(role gm_office)'],
];

describe('org import: broken rows give their precise error and nothing is written', () => {
  it.each(CASES)('%s', async (_label, breakIt, expected) => {
    const dir = tmp();
    const rows = small();
    breakIt(rows);
    const roster = join(dir, 'roster.xlsx');
    await writeRosterXlsx(roster, rows);
    const out = join(dir, 'org.yaml');
    const r = await run(['import', roster, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${roster}: ${expected}`);
    expect(r.err).toContain('未写入任何内容');
    expect(r.out).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it('a missing required column and a duplicated column are reported on the header row', async () => {
    const dir = tmp();
    const roster = join(dir, 'roster.csv');
    writeRosterCsv(roster, small(), ['姓名', '部门', 'Name']);
    const r = await run(['import', roster, '--out', join(dir, 'org.yaml')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${roster}: 第 1 行 row 1, 列 column Name: 列重复(与 "姓名" 是同一列)`);
    expect(r.err).toContain(`${roster}: 第 1 行 row 1, 列 column 工号: 缺少必需的列「工号」(id)`);
  });
});

describe('org import: merging into an existing file', () => {
  it('keeps comments, hand-written keys and people not in the roster; changes only what the roster says', async () => {
    const dir = tmp();
    const out = join(dir, 'org.yaml');
    const before = readFileSync(EXAMPLE, 'utf8').replace('company: 江心锅炉有限公司', 'company: 江心锅炉有限公司\nhandwritten_key: 保留我 # keep me');
    writeFileSync(out, before);
    const org = parseOrgYaml(before, out);
    const zhao = org.personById.get('zhao')!;
    const rows: RosterRow[] = [
      { 姓名: zhao.name, 工号: 'zhao', 部门: org.deptByCode.get('SCB')!.name, 部门负责人: '是', 企业微信ID: 'ZhaoQ', 手机: '13900000001' },
      { 姓名: '新员工', 工号: 'xin', 部门: org.deptByCode.get('SCB')!.name, 部门负责人: '否', 直属上级: 'zhao' },
      { 姓名: '孙培训', 工号: 'sunpx', 部门: '培训中心', 上级部门: 'RXB', 部门负责人: '是' },
    ];
    const roster = join(dir, 'roster.csv');
    writeRosterCsv(roster, rows);
    const r = await run(['import', roster, '--out', out]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('将新增 1 个部门、2 人,修改 2 处');
    expect(r.out).toContain('+ 部门 department PXZX 培训中心(代码由拼音首字母生成');
    expect(r.out).toContain('~ 人员 person zhao: wecom: "ZhaoQiang" → "ZhaoQ"');
    expect(r.out).toContain(`= 保留 kept wang ${org.personById.get('wang')!.name}`);
    const after = readFileSync(out, 'utf8');
    expect(after).toContain('# 江心锅炉有限公司(上饶)是一家虚构的锅炉制造企业');
    expect(after).toContain('handwritten_key: 保留我 # keep me');
    const merged = parseOrgYaml(after, out);
    expect(merged.people).toHaveLength(org.people.length + 2);
    expect(merged.personById.get('zhao')!.platformIds.wecom).toBe('ZhaoQ');
    expect(merged.deptByCode.get('PXZX')).toMatchObject({ name: '培训中心', parent: 'RXB', leaders: ['sunpx'] });
    expect(merged.deptByCode.get('SCB')!.leaders).toEqual(['zhao']);
    expect(after).toMatch(/- \{ id: xin, name: 新员工, department: SCB, superior: zhao \}/);
    // A second import of the same roster changes nothing.
    const again = await run(['import', roster, '--out', out]);
    expect(again.out).toContain('将新增 0 个部门、0 人,修改 0 处');
    expect(readFileSync(out, 'utf8')).toBe(after);
  });

  it('refuses a roster id that collides with the file under WeCom\'s rule, naming both entries; nothing written', async () => {
    const dir = tmp();
    const out = join(dir, 'org.yaml');
    const before = readFileSync(EXAMPLE, 'utf8');
    writeFileSync(out, before);
    const roster = join(dir, 'roster.csv');
    writeRosterCsv(roster, [{ 姓名: '王剑', 工号: 'wangjian', 部门: '生产部', 部门负责人: '否', 企业微信ID: 'wangjianguo' }]);
    const r = await run(['import', roster, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/people\[\d+\] \(wangjian\): wecom: wecom 账号 "wangjianguo" 与 people\[0\] \(wang\) 重复\("WangJianGuo",企业微信不区分大小写\)/);
    expect(readFileSync(out, 'utf8')).toBe(before);
  });
});
