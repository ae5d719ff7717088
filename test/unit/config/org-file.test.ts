import { parse as parseYaml } from 'yaml';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ConfigError } from '../../../src/config/config-error.js';
import { loadOrgFile, parseOrgYaml } from '../../../src/config/org-file.js';
import { deptWithRole } from '../../../src/domain/org.js';

const EXAMPLE = fileURLToPath(new URL('../../../data/org.example.yaml', import.meta.url));
const FILE = 'data/org.yaml';

/** A small valid org; tests change one thing each. */
function baseOrg() {
  return {
    company: '测试公司',
    departments: [
      { code: 'ZJB', name: '总经办', role: 'gm_office', leaders: ['wang'] },
      { code: 'RXB', name: '人力行政部', role: 'hr', leaders: ['liu'], supervisor: 'wang' } as Record<string, unknown>,
      { code: 'SCB', name: '生产部', parent: 'ZJB', leaders: ['zhao'], supervisor: 'wang' } as Record<string, unknown>,
    ],
    people: [
      { id: 'wang', name: '王建国', department: 'ZJB' },
      { id: 'liu', name: '刘敏', department: 'RXB' },
      { id: 'zhao', name: '赵强', department: 'SCB', slack: 'U0ZHAO' } as Record<string, unknown>,
      { id: 'qian', name: '钱勇', department: 'SCB' } as Record<string, unknown>,
    ],
    feedback_group: ['liu'],
  };
}

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

const parseObj = (obj: unknown) => parseOrgYaml(stringify(obj), FILE);

describe('org file: the shipped demo org', () => {
  const org = loadOrgFile(EXAMPLE);

  it('is a believable company', () => {
    expect(org.company).toBe('江心锅炉有限公司');
    expect(org.departments.length).toBeGreaterThanOrEqual(7);
    expect(org.people.length).toBeGreaterThanOrEqual(24);
    expect(org.people[0]!.id).toBe('wang');
    expect(org.feedbackGroup.length).toBeGreaterThanOrEqual(2);
    for (const d of org.departments) {
      const members = org.people.filter((p) => p.department === d.code).length;
      expect(members, d.code).toBeGreaterThanOrEqual(2);
      expect(members, d.code).toBeLessThanOrEqual(4);
    }
  });

  it('has exactly one 总经办 and one 人力行政部', () => {
    expect(deptWithRole(org, 'gm_office').name).toBe('总经办');
    expect(deptWithRole(org, 'hr').name).toBe('人力行政部');
    expect(org.departments.filter((d) => d.role === 'gm_office')).toHaveLength(1);
    expect(org.departments.filter((d) => d.role === 'hr')).toHaveLength(1);
  });

  it('resolves default superiors', () => {
    const sup = (id: string) => org.personById.get(id)!.superior;
    expect(sup('zheng')).toBe('zhao'); // member → leader of the department
    expect(sup('zhao')).toBe('chen'); // leader → supervising leader
    expect(sup('zhou')).toBe('zhao'); // leader without supervisor → leader of the parent
    expect(sup('deng')).toBe('wang'); // 财务部: no supervisor, parent 总经办
    expect(sup('cao')).toBe('feng'); // explicit superior
    expect(sup('wang')).toBeUndefined(); // the GM has none
  });

  it('maps platform ids and channels, dropping empty strings', () => {
    expect(org.personById.get('zhao')!.platformIds).toEqual({ slack: 'U0ZHAO', wecom: 'ZhaoQiang', dingtalk: 'manager4321' });
    expect(org.personById.get('sun')!.platformIds).toEqual({});
    expect(org.deptByCode.get('SCB')!.channels).toEqual({ slack: 'C0SCB' });
  });
});

describe('org file: accepted variations', () => {
  it('allows unknown keys at the top level and in entries', () => {
    const o = baseOrg();
    Object.assign(o, { synced_at: '2025-01-01' });
    o.people[0] = { ...o.people[0]!, employee_no: 'E001' };
    expect(parseObj(o).people).toHaveLength(4);
  });

  it('treats empty platform ids and empty optional ids as not set', () => {
    const o = baseOrg();
    o.people[3] = { ...o.people[3], slack: '', superior: '' };
    o.departments[2] = { ...o.departments[2], channels: { slack: '', wecom: 'g1' } };
    const org = parseObj(o);
    expect(org.personById.get('qian')!.platformIds).toEqual({});
    expect(org.personById.get('qian')!.superior).toBe('zhao');
    expect(org.deptByCode.get('SCB')!.channels).toEqual({ wecom: 'g1' });
  });
});

describe('org file: errors name the file, the entry and the field', () => {
  it('unknown leader', () => {
    const o = baseOrg();
    o.departments[2]!.leaders = ['zhaoo'];
    const err = errorOf(() => parseObj(o));
    expect(err.file).toBe(FILE);
    expect(err.message).toContain('data/org.yaml: departments[2] (SCB): leaders[0]: 未知人员 "zhaoo" — unknown person');
    expect(err.issues[0]).toMatchObject({ entry: 'departments[2] (SCB)', field: 'leaders[0]' });
  });

  it('unknown supervisor, superior and feedback group member', () => {
    const o = baseOrg();
    o.departments[1]!.supervisor = 'nobody';
    o.people[3]!.superior = 'ghost';
    o.feedback_group = ['liu', 'xx'];
    const msg = errorOf(() => parseObj(o)).message;
    expect(msg).toContain('data/org.yaml: departments[1] (RXB): supervisor: 未知人员 "nobody"');
    expect(msg).toContain('data/org.yaml: people[3] (qian): superior: 未知人员 "ghost"');
    expect(msg).toContain('data/org.yaml: feedback_group[1]: 未知人员 "xx"');
    expect(msg.split('\n')).toHaveLength(3);
  });

  it('反馈记录员 (feedback_recorders): known people only, kept on the org', () => {
    const o = baseOrg() as ReturnType<typeof baseOrg> & { feedback_recorders?: string[] };
    o.feedback_recorders = ['liu', 'ghost'];
    expect(errorOf(() => parseObj(o)).message).toContain('data/org.yaml: feedback_recorders[1]: 未知人员 "ghost"');
    o.feedback_recorders = ['liu'];
    expect(parseObj(o).feedbackRecorders).toEqual(['liu']);
    delete o.feedback_recorders;
    expect(parseObj(o).feedbackRecorders).toBeUndefined();
  });

  it('bad department code', () => {
    const o = baseOrg();
    o.departments[2]!.code = 'Scb';
    o.people[2]!.department = 'Scb';
    o.people[3]!.department = 'Scb';
    expect(errorOf(() => parseObj(o)).message).toContain('data/org.yaml: departments[2] (Scb): code: 部门代码 "Scb" 无效');
  });

  it('duplicate department code', () => {
    const o = baseOrg();
    o.departments[2]!.code = 'RXB';
    expect(errorOf(() => parseObj(o)).message).toContain('data/org.yaml: departments[2] (RXB): code: 部门代码 "RXB" 重复');
  });

  it('two gm_office departments', () => {
    const o = baseOrg();
    o.departments[2]!.role = 'gm_office';
    expect(errorOf(() => parseObj(o)).message).toContain('data/org.yaml: departments[2] (SCB): role: role: gm_office 重复');
  });

  it('no hr department', () => {
    const o = baseOrg();
    delete o.departments[1]!.role;
    expect(errorOf(() => parseObj(o)).message).toContain('data/org.yaml: departments: role: 没有 role: hr 的部门');
  });

  it('parent cycle', () => {
    const o = baseOrg();
    o.departments[0] = { ...o.departments[0], parent: 'SCB' };
    const err = errorOf(() => parseObj(o));
    expect(err.message).toContain('data/org.yaml: departments[0] (ZJB): parent: 上级部门形成循环 ZJB → SCB → ZJB');
    expect(err.issues).toHaveLength(1);
  });

  it('person in an unknown department', () => {
    const o = baseOrg();
    o.people[3]!.department = 'XXB';
    expect(errorOf(() => parseObj(o)).message).toContain('data/org.yaml: people[3] (qian): department: 未知部门 "XXB"');
  });

  it('duplicate person id and platform id', () => {
    const o = baseOrg();
    o.people[3] = { id: 'zhao', name: '赵二', department: 'SCB' };
    o.people.push({ id: 'sun', name: '孙丽', department: 'SCB', slack: 'U0ZHAO' });
    const msg = errorOf(() => parseObj(o)).message;
    expect(msg).toContain('data/org.yaml: people[3] (zhao): id: 人员 id "zhao" 重复');
    expect(msg).toContain('data/org.yaml: people[4] (sun): slack: slack 账号 "U0ZHAO" 与 people[2] (zhao) 重复');
  });

  describe('platform ids that cannot be confused (issue 12 §5)', () => {
    const withIds = (a: Record<string, unknown>, b: Record<string, unknown>) => {
      const o = baseOrg();
      Object.assign(o.people[2]!, a);
      Object.assign(o.people[3]!, b);
      return o;
    };
    it.each([
      ['wecom', 'CHENGUODONG', 'chenguodong', '企业微信不区分大小写'],
      ['slack', 'U0ZHAO', 'u0zhao', 'Slack 不区分大小写'],
      ['wecom', 'chen', 'ｃｈｅｎ', '企业微信不区分大小写'],
      ['dingtalk', 'manager7675', ' manager7675 ', ''],
      ['feishu', 'ou_abc', 'ou_abc', ''],
    ])('%s: %j and %j collide, naming both entries and the rule', (platform, a, b, rule) => {
      const msg = errorOf(() => parseObj(withIds({ [platform]: a }, { [platform]: b }))).message;
      expect(msg).toContain(`data/org.yaml: people[3] (qian): ${platform}: ${platform} 账号 ${JSON.stringify(b.trim())} 与 people[2] (zhao) 重复`);
      if (rule) expect(msg).toContain(`(${JSON.stringify(a)},${rule})`);
    });
    it.each([
      ['dingtalk', 'Manager7675', 'manager7675'],
      ['feishu', 'ou_ABC', 'ou_abc'],
    ])('%s compares exactly: %j and %j are two users', (platform, a, b) => {
      const o = withIds({ [platform]: a, slack: null }, { [platform]: b });
      expect(parseObj(o).personById.get('qian')!.platformIds).toEqual({ [platform]: b });
    });
    it('mobile numbers and e-mails are unique by their own rule', () => {
      const msg = errorOf(() =>
        parseObj(withIds({ mobile: 13800001111, email: 'Zhao@Example.com' }, { mobile: '+86 138-0000-1111', email: 'zhao@example.com' })),
      ).message;
      expect(msg).toContain('people[3] (qian): mobile: 手机 "+86 138-0000-1111" 与 people[2] (zhao) 重复("13800001111",手机号忽略空格、横线和 +86)');
      expect(msg).toContain('people[3] (qian): email: 邮箱 "zhao@example.com" 与 people[2] (zhao) 重复("Zhao@Example.com",邮箱不区分大小写)');
    });
    it('the running directory finds a WeCom or Slack user under any case', async () => {
      const { personOn } = await import('../../../src/chat/directory.js');
      const org = parseObj(withIds({ wecom: 'ZhaoQiang' }, {}));
      expect(personOn(org, 'wecom', 'zhaoqiang')).toBe('zhao');
      expect(personOn(org, 'slack', 'u0zhao')).toBe('zhao');
    });
  });

  it('a department without leaders', () => {
    const o = baseOrg();
    o.departments[2]!.leaders = [];
    expect(errorOf(() => parseObj(o)).message).toContain('data/org.yaml: departments[2] (SCB): leaders: 至少需要一位部门负责人');
  });

  it('YAML syntax error, with its line', () => {
    const text = 'company: 测试\ndepartments:\n  - code: ZJB\n    leaders: [wang\npeople: []\n';
    const err = errorOf(() => parseOrgYaml(text, FILE));
    expect(err.message).toMatch(/^data\/org\.yaml: line \d+: column \d+: YAML 语法错误 — YAML syntax error: /m);
    expect(err.issues[0]!.entry).toMatch(/^line [45]$/);
  });

  it('wrong type: leaders: "wang"', () => {
    const o = baseOrg();
    (o.departments[0] as Record<string, unknown>).leaders = 'wang';
    const err = errorOf(() => parseObj(o));
    expect(err.message).toContain('data/org.yaml: departments[0] (ZJB): leaders: 应为列表,实际为文本 "wang" — expected array, got string');
  });

  it('missing required field, and a numeric platform id', () => {
    const o = baseOrg();
    delete (o.people[1] as Record<string, unknown>).name;
    o.people[2]!.dingtalk = 123;
    const msg = errorOf(() => parseObj(o)).message;
    expect(msg).toContain('data/org.yaml: people[1] (liu): name: 缺少必填项 — required');
    expect(msg).toContain('data/org.yaml: people[2] (zhao): dingtalk: 应为文本,实际为数字 123');
  });

  it('an empty file', () => {
    expect(errorOf(() => parseOrgYaml('# nothing\n', FILE)).message).toContain('data/org.yaml: 组织文件为空');
  });

  it('a missing file', () => {
    const err = errorOf(() => loadOrgFile('/nonexistent/org.yaml'));
    expect(err.message).toBe('/nonexistent/org.yaml: 文件不存在 — file not found');
  });

  it('reads every person and department of the example, as the YAML itself says (issue 18)', () => {
    // Checked against the raw YAML (the yaml library alone), not against another path through the
    // same loader: a loader that dropped or changed entries fails here.
    const raw = parseYaml(readFileSync(EXAMPLE, 'utf8')) as { people: Array<{ id: string; name: string; department: string }>; departments: Array<{ code: string }> };
    const org = loadOrgFile(EXAMPLE);
    expect(org.people.map((p) => [p.id, p.name, p.department])).toEqual(raw.people.map((p) => [p.id, p.name, p.department]));
    expect(org.departments.map((d) => d.code)).toEqual(raw.departments.map((d) => d.code));
    expect(parseOrgYaml(readFileSync(EXAMPLE, 'utf8'), 'x').people.length).toBe(raw.people.length);
  });
});
