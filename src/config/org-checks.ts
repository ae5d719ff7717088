/**
 * Cross-checks of the org file that a schema cannot express: codes and ids well-formed and
 * unique, exactly one 总经办 (`gm_office`) and one 人力行政部 (`hr`), every referenced person
 * and department exists, no parent cycles, every department led, per-platform ids unique.
 */
import type { ConfigIssue } from './config-error.js';
import { CONTACT_RULES, ORG_ID_PLATFORMS, PLATFORM_ID_RULES } from '../domain/platform-ids.js';
import type { OrgFileData } from './org-file.js';

const CODE = /^[A-Z]{2,5}$/;
const PERSON_ID = /^[A-Za-z0-9_.-]+$/;

function present(value: string | null | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

const unknownPerson = (id: string) => `未知人员 ${JSON.stringify(id)} — unknown person`;
const unknownDept = (code: string) => `未知部门 ${JSON.stringify(code)} — unknown department`;

/** Every cross-check problem of a schema-valid org file, grouped by check; empty when it is sound. */
export function checkOrgFile(data: OrgFileData): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const add = (entry: string, field: string, message: string) => issues.push({ entry, field, message });
  const deptName = (i: number) => `departments[${i}]${data.departments[i]?.code ? ` (${data.departments[i].code})` : ''}`;
  const personName = (i: number) => `people[${i}]${data.people[i]?.id ? ` (${data.people[i].id})` : ''}`;

  const personIndex = new Map<string, number>();
  data.people.forEach((p, i) => {
    if (!PERSON_ID.test(p.id)) {
      add(personName(i), 'id', `人员 id ${JSON.stringify(p.id)} 无效,只能用字母、数字和 _ . - — person id must be non-empty and use only A-Z a-z 0-9 _ . -`);
    } else if (personIndex.has(p.id)) {
      add(personName(i), 'id', `人员 id ${JSON.stringify(p.id)} 重复(已见于 ${personName(personIndex.get(p.id)!)})— duplicate person id`);
    } else personIndex.set(p.id, i);
  });

  const deptIndex = new Map<string, number>();
  data.departments.forEach((d, i) => {
    if (!CODE.test(d.code)) {
      add(deptName(i), 'code', `部门代码 ${JSON.stringify(d.code)} 无效,须为 2-5 个大写字母 — department code must be 2-5 capital letters (A-Z)`);
    } else if (deptIndex.has(d.code)) {
      add(deptName(i), 'code', `部门代码 ${JSON.stringify(d.code)} 重复(已见于 ${deptName(deptIndex.get(d.code)!)})— duplicate department code`);
    } else deptIndex.set(d.code, i);
  });

  for (const role of ['gm_office', 'hr'] as const) {
    const holders = data.departments.flatMap((d, i) => (d.role === role ? [i] : []));
    const zh = role === 'gm_office' ? '总经办' : '人力行政部';
    if (holders.length === 0) {
      add('departments', 'role', `没有 role: ${role} 的部门(${zh}),须恰好一个 — exactly one department must have role ${role}`);
    }
    for (const i of holders.slice(1)) {
      add(deptName(i), 'role', `role: ${role} 重复(已由 ${deptName(holders[0]!)} 使用),须恰好一个 — only one department may have role ${role}`);
    }
  }

  data.departments.forEach((d, i) => {
    if (d.leaders.length === 0) add(deptName(i), 'leaders', '至少需要一位部门负责人 — a department needs at least one leader');
    d.leaders.forEach((id, j) => {
      if (!personIndex.has(id)) add(deptName(i), `leaders[${j}]`, unknownPerson(id));
    });
    const supervisor = present(d.supervisor);
    if (supervisor && !personIndex.has(supervisor)) add(deptName(i), 'supervisor', unknownPerson(supervisor));
    const parent = present(d.parent);
    if (parent && !deptIndex.has(parent)) add(deptName(i), 'parent', unknownDept(parent));
  });

  // Parent cycles: report each cycle once, on its first department in file order.
  const reported = new Set<string>();
  data.departments.forEach((d, i) => {
    const chain: string[] = [d.code];
    let cur = present(d.parent);
    while (cur && deptIndex.has(cur) && !chain.includes(cur)) {
      chain.push(cur);
      cur = present(data.departments[deptIndex.get(cur)!]!.parent);
    }
    if (cur !== d.code || deptIndex.get(d.code) !== i) return;
    const key = [...chain].sort().join(',');
    if (reported.has(key)) return;
    reported.add(key);
    add(deptName(i), 'parent', `上级部门形成循环 ${[...chain, d.code].join(' → ')} — parent departments form a cycle`);
  });

  const platformIndex = new Map<string, number>();
  data.people.forEach((p, i) => {
    if (!deptIndex.has(p.department)) add(personName(i), 'department', unknownDept(p.department));
    const superior = present(p.superior);
    if (superior === p.id) add(personName(i), 'superior', '上级不能是本人 — a person cannot be their own superior');
    else if (superior && !personIndex.has(superior)) add(personName(i), 'superior', unknownPerson(superior));
    const unique = (field: string, value: string | undefined, rule: { zh: string; en: string; key(v: string): string }, label: string) => {
      if (!value) return;
      const key = `${field}:${rule.key(value)}`;
      const first = platformIndex.get(key);
      if (first === undefined) {
        platformIndex.set(key, i);
        return;
      }
      const theirs = present((data.people[first] as Record<string, unknown>)[field] as string | undefined) ?? '';
      const why = theirs === value ? '' : `(${JSON.stringify(theirs)},${rule.zh})`;
      add(personName(i), field, `${label} ${JSON.stringify(value)} 与 ${personName(first)} 重复${why} — duplicate ${field}${why ? ` (${rule.en})` : ''}`);
    };
    for (const platform of ORG_ID_PLATFORMS) unique(platform, present(p[platform]), PLATFORM_ID_RULES[platform], `${platform} 账号`);
    unique('mobile', present(p.mobile), CONTACT_RULES.mobile, '手机');
    unique('email', present(p.email), CONTACT_RULES.email, '邮箱');
  });

  (data.feedback_group ?? []).forEach((id, i) => {
    if (!personIndex.has(id)) add(`feedback_group[${i}]`, '', unknownPerson(id));
  });
  (data.feedback_recorders ?? []).forEach((id, i) => {
    if (!personIndex.has(id)) add(`feedback_recorders[${i}]`, '', unknownPerson(id));
  });
  return issues;
}
