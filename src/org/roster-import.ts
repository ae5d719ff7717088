/**
 * HR's roster → org-file departments and people (issue 12 §1). Pure: takes the sheet's text
 * cells and, when merging, the existing org file's data; returns the departments and people the
 * roster describes, or every problem as row, column, value and what is expected.
 *
 * - Columns are matched by Chinese or English header (`COLUMNS`); only 姓名, 工号 and 部门 are
 *   required; unknown columns are ignored and reported.
 * - Each row is a person; 部门代码, 上级部门, 主管领导 and 部门角色 describe the row's department and
 *   must agree on every row that gives them. 上级部门 names a department (name or code) of the
 *   roster or of the existing file. 直属上级 and 主管领导 are a 工号, or a 姓名 that is unique.
 * - Department roles come from 部门角色 (总经办 / 人力), else from the existing file, else from
 *   the name (总经办, 总经理办公室 → gm_office; 人力, 人事 → hr); exactly one of each.
 * - Codes: the roster's, else the existing file's for that name, else pinyin initials, unique.
 * - Platform ids, mobile and e-mail are unique under each one's comparison rule
 *   (`domain/platform-ids.ts`).
 */
import { CONTACT_RULES, ORG_ID_PLATFORMS, PLATFORM_ID_RULES, type IdRule } from '../domain/platform-ids.js';
import type { OrgFileData } from '../config/org-file.js';
import { suggestCode } from './dept-codes.js';
import type { RosterSheet } from './roster-read.js';
import { TORG } from '../texts/org.js';

export type RosterField =
  | 'name' | 'id' | 'department' | 'code' | 'parent' | 'leader' | 'superior' | 'supervisor' | 'role'
  | 'wecom' | 'dingtalk' | 'feishu' | 'slack' | 'mobile' | 'email';

/** Header aliases per field, compared after trimming, lower-casing and dropping spaces and `(…)`. */
export const COLUMNS: Record<RosterField, string[]> = {
  name: ['姓名', 'name'],
  id: ['工号', 'id', 'employeeid', 'employeeno'],
  department: ['部门', 'department', 'dept'],
  code: ['部门代码', 'code', 'departmentcode', 'deptcode'],
  parent: ['上级部门', 'parent', 'parentdepartment'],
  leader: ['部门负责人', 'leader', 'departmentleader', 'isleader'],
  superior: ['直属上级', 'superior', 'manager'],
  supervisor: ['主管领导', 'supervisor', 'supervisingleader'],
  role: ['部门角色', 'role', 'departmentrole'],
  wecom: ['企业微信id', '企业微信', 'wecomid', 'wecom'],
  dingtalk: ['钉钉id', '钉钉', 'dingtalkid', 'dingtalk'],
  feishu: ['飞书id', '飞书', 'feishuid', 'feishu', 'larkid'],
  slack: ['slackid', 'slack'],
  mobile: ['手机', '手机号', 'mobile', 'phone'],
  email: ['邮箱', 'email', 'e-mail'],
};
const REQUIRED: RosterField[] = ['name', 'id', 'department'];

/** One problem: spreadsheet row (absent for the header or the whole roster), column header, value. */
export interface RosterIssue {
  row?: number;
  column?: string;
  value?: string;
  message: string;
}

export function formatRosterIssue(file: string, i: RosterIssue): string {
  const where = [i.row !== undefined ? TORG.issueRow(i.row) : '', i.column ? TORG.issueColumn(i.column) : '', i.value !== undefined ? JSON.stringify(i.value) : '']
    .filter((x) => x)
    .join(', ');
  return `${file}: ${where ? `${where}: ` : ''}${i.message}`;
}

export interface ImportedDepartment {
  code: string;
  name: string;
  role?: 'gm_office' | 'hr';
  /** Leaders marked 是 in the roster; undefined when the roster marks none for it (keep the file's). */
  leaders?: string[];
  supervisor?: string;
  parent?: string;
  /** Whether the code was suggested from pinyin (not given in the roster or the file). */
  suggested: boolean;
  /** More keys to write on the entry (a sync's platform department id, `wecom_dept`). */
  keys?: Record<string, string>;
}

export type ImportedPerson = { id: string; name: string; department: string } & Partial<
  Record<'superior' | 'wecom' | 'dingtalk' | 'feishu' | 'slack' | 'mobile' | 'email', string>
>;

export interface RosterImport {
  departments: ImportedDepartment[];
  people: ImportedPerson[];
  ignoredColumns: string[];
  issues: RosterIssue[];
}

const normHeader = (h: string) => h.normalize('NFKC').replace(/[(（][^)）]*[)）]/g, '').replace(/\s+/g, '').toLowerCase();
const PERSON_ID = /^[A-Za-z0-9_.-]+$/;
const CODE = /^[A-Z]{2,5}$/;
const MOBILE = /^(\+?86)?1\d{10}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SLACK_ID = /^[UW][A-Z0-9]{2,}$/i;
const YES = ['是', 'y', 'yes', 'true', '1', '√'];
const NO = ['否', 'n', 'no', 'false', '0', ''];
const ROLE_VALUES: Record<string, 'gm_office' | 'hr'> = { 总经办: 'gm_office', gm_office: 'gm_office', 人力: 'hr', hr: 'hr' };

/** The role a department name suggests: 总经办/总经理办公室 → gm_office, 人力/人事 → hr. */
export function roleFromName(name: string): 'gm_office' | 'hr' | undefined {
  if (/总经办|总经理办公室/.test(name)) return 'gm_office';
  if (/人力|人事/.test(name)) return 'hr';
  return undefined;
}

interface DeptDraft {
  name: string;
  firstRow: number;
  code?: { value: string; row: number };
  parent?: { value: string; row: number };
  supervisor?: { value: string; row: number };
  role?: { value: 'gm_office' | 'hr'; row: number };
  leaders: string[];
}

/** Interprets a roster sheet; `existing` is the org file being merged into, if any. */
export function importRoster(sheet: RosterSheet, existing?: OrgFileData): RosterImport {
  const issues: RosterIssue[] = [];
  const col = new Map<RosterField, number>();
  const ignoredColumns: string[] = [];
  sheet.headers.forEach((h, i) => {
    if (h === '') return;
    const field = (Object.keys(COLUMNS) as RosterField[]).find((f) => COLUMNS[f].includes(normHeader(h)));
    if (!field) ignoredColumns.push(h);
    else if (col.has(field)) issues.push({ row: 1, column: h, message: TORG.duplicateColumn(sheet.headers[col.get(field)!]!) });
    else col.set(field, i);
  });
  for (const f of REQUIRED) {
    if (!col.has(f)) issues.push({ row: 1, column: COLUMNS[f][0], message: TORG.missingColumn(COLUMNS[f][0]!, COLUMNS[f][1]!) });
  }
  if (issues.length > 0) return { departments: [], people: [], ignoredColumns, issues };
  const header = (f: RosterField) => sheet.headers[col.get(f)!]!;
  const cell = (cells: string[], f: RosterField) => (col.has(f) ? (cells[col.get(f)!] ?? '').trim() : '');
  const bad = (row: number, f: RosterField, value: string, message: string) => issues.push({ row, column: header(f), value, message });

  // Pass 1: people and the departments they name.
  const depts = new Map<string, DeptDraft>();
  const people: (ImportedPerson & { row: number; superiorRef?: string })[] = [];
  const idRows = new Map<string, number>();
  const uniques = new Map<string, { row: number; value: string }>();
  const checkUnique = (row: number, f: RosterField, value: string, rule: IdRule) => {
    const key = `${f}:${rule.key(value)}`;
    const first = uniques.get(key);
    if (!first) uniques.set(key, { row, value });
    else {
      bad(row, f, value, TORG.duplicateValue(first.row, first.value, first.value === value ? undefined : rule.zh, rule.en));
    }
  };
  const agree = (d: DeptDraft, key: 'code' | 'parent' | 'supervisor', f: RosterField, row: number, value: string) => {
    if (!value) return;
    const seen = d[key];
    if (!seen) d[key] = { value, row };
    else if (seen.value !== value) bad(row, f, value, TORG.disagrees(seen.row, d.name, seen.value));
  };

  for (const { row, cells } of sheet.rows) {
    const name = cell(cells, 'name');
    const id = cell(cells, 'id');
    const deptName = cell(cells, 'department');
    let ok = true;
    if (!name) ok = !bad(row, 'name', name, TORG.nameRequired);
    if (!id) ok = !bad(row, 'id', id, TORG.idRequired);
    else if (!PERSON_ID.test(id)) ok = !bad(row, 'id', id, TORG.idChars);
    else if (idRows.has(id)) ok = !bad(row, 'id', id, TORG.duplicateId(idRows.get(id)!));
    else idRows.set(id, row);
    if (!deptName) ok = !bad(row, 'department', deptName, TORG.departmentRequired);

    const leaderText = cell(cells, 'leader');
    const isLeader = YES.includes(leaderText.toLowerCase());
    if (!isLeader && !NO.includes(leaderText.toLowerCase())) bad(row, 'leader', leaderText, TORG.leaderYesNo);

    let d: DeptDraft | undefined;
    if (deptName) {
      d = depts.get(deptName);
      if (!d) depts.set(deptName, (d = { name: deptName, firstRow: row, leaders: [] }));
      const code = cell(cells, 'code');
      if (code && !CODE.test(code)) bad(row, 'code', code, TORG.codeShape);
      else agree(d, 'code', 'code', row, code);
      agree(d, 'parent', 'parent', row, cell(cells, 'parent'));
      agree(d, 'supervisor', 'supervisor', row, cell(cells, 'supervisor'));
      const roleText = cell(cells, 'role');
      if (roleText) {
        const role = ROLE_VALUES[roleText.toLowerCase()];
        if (!role) bad(row, 'role', roleText, TORG.roleValue);
        else if (d.role && d.role.value !== role) bad(row, 'role', roleText, TORG.roleDisagrees(d.role.row, deptName));
        else d.role ??= { value: role, row };
      }
      if (isLeader && id && ok) d.leaders.push(id);
    }

    const person: ImportedPerson & { row: number; superiorRef?: string } = { row, id, name, department: deptName };
    const superior = cell(cells, 'superior');
    if (superior) person.superiorRef = superior;
    for (const platform of ORG_ID_PLATFORMS) {
      const v = cell(cells, platform);
      if (!v) continue;
      if (platform === 'slack' && !SLACK_ID.test(v)) {
        bad(row, 'slack', v, TORG.slackId);
        continue;
      }
      checkUnique(row, platform, v, PLATFORM_ID_RULES[platform]);
      person[platform] = v;
    }
    const mobile = cell(cells, 'mobile');
    if (mobile) {
      if (!MOBILE.test(mobile.replace(/[\s-]/g, ''))) bad(row, 'mobile', mobile, TORG.mobile);
      else {
        checkUnique(row, 'mobile', mobile, CONTACT_RULES.mobile);
        person.mobile = mobile;
      }
    }
    const email = cell(cells, 'email');
    if (email) {
      if (!EMAIL.test(email)) bad(row, 'email', email, TORG.email);
      else {
        checkUnique(row, 'email', email, CONTACT_RULES.email);
        person.email = email;
      }
    }
    if (ok) people.push(person);
  }
  if (sheet.rows.length === 0) issues.push({ message: TORG.noRows });

  // Pass 2: codes (roster, then the existing file's for the same name, then pinyin), roles.
  const existingDepts = existing?.departments ?? [];
  const byName = new Map(existingDepts.map((d) => [d.name, d]));
  const taken = new Set<string>(existingDepts.map((d) => d.code));
  const codeRows = new Map<string, DeptDraft>();
  for (const d of depts.values()) {
    if (!d.code) continue;
    const other = codeRows.get(d.code.value);
    const fileOwner = existingDepts.find((e) => e.code === d.code!.value);
    if (other) bad(d.code.row, 'code', d.code.value, TORG.codeUsedInRoster(other.firstRow, other.name));
    else if (fileOwner && fileOwner.name !== d.name && !depts.has(fileOwner.name)) {
      bad(d.code.row, 'code', d.code.value, TORG.codeUsedInFile(fileOwner.name));
    } else codeRows.set(d.code.value, d);
    taken.add(d.code.value);
  }
  const out: ImportedDepartment[] = [];
  const codeOf = new Map<string, string>();
  for (const d of depts.values()) {
    const fileCode = byName.get(d.name)?.code;
    let code = d.code?.value ?? (fileCode && !codeRows.has(fileCode) ? fileCode : undefined);
    const suggested = !code;
    code ??= suggestCode(d.name, taken);
    if (!code) {
      bad(d.firstRow, 'department', d.name, TORG.noFreeCode);
      continue;
    }
    codeOf.set(d.name, code);
    const role = d.role?.value ?? byName.get(d.name)?.role ?? undefined;
    out.push({ code, name: d.name, suggested, ...(role ? { role } : {}), ...(d.leaders.length ? { leaders: d.leaders } : {}) });
  }
  // A role nobody was given (in the roster or the file) is recognised from the names.
  const fileOnly = existingDepts.filter((e) => !out.some((o) => o.name === e.name || o.code === e.code));
  for (const role of ['gm_office', 'hr'] as const) {
    if (out.some((d) => d.role === role) || fileOnly.some((e) => e.role === role)) continue;
    for (const d of out) if (!d.role && roleFromName(d.name) === role) d.role = role;
  }

  // Pass 3: references — parent departments, supervisors, superiors.
  const deptRef = (ref: string) => codeOf.get(ref) ?? (out.some((d) => d.code === ref) ? ref : undefined) ?? byName.get(ref)?.code ?? existingDepts.find((d) => d.code === ref)?.code;
  const allPeople = [...people.map((p) => ({ id: p.id, name: p.name })), ...(existing?.people ?? []).filter((p) => !idRows.has(p.id))];
  const personRef = (ref: string, f: RosterField, row: number): string | undefined => {
    if (idRows.has(ref) || existing?.people.some((p) => p.id === ref)) return ref;
    const named = allPeople.filter((p) => p.name === ref);
    if (named.length === 1) return named[0]!.id;
    if (named.length > 1) bad(row, f, ref, TORG.ambiguousName(ref, named.map((p) => p.id)));
    else bad(row, f, ref, TORG.unknownPerson);
    return undefined;
  };
  for (const d of depts.values()) {
    const target = out.find((o) => o.name === d.name);
    if (!target) continue;
    if (d.parent) {
      const parent = deptRef(d.parent.value);
      if (!parent) bad(d.parent.row, 'parent', d.parent.value, TORG.unknownParent);
      else if (parent === target.code) bad(d.parent.row, 'parent', d.parent.value, TORG.ownParent);
      else target.parent = parent;
    }
    if (d.supervisor) {
      const s = personRef(d.supervisor.value, 'supervisor', d.supervisor.row);
      if (s) target.supervisor = s;
    }
  }
  // Parent cycles among the roster's departments.
  for (const d of out) {
    const seen = [d.code];
    let cur = d.parent;
    while (cur && !seen.includes(cur)) {
      seen.push(cur);
      cur = out.find((o) => o.code === cur)?.parent ?? existingDepts.find((e) => e.code === cur)?.parent ?? undefined;
    }
    // Reported once, on the cycle's department that comes first in the roster.
    const firstRowOf = (code: string) => depts.get(out.find((o) => o.code === code)?.name ?? '')?.firstRow ?? Infinity;
    if (cur === d.code && seen.every((c) => firstRowOf(c) >= firstRowOf(d.code))) {
      const draft = depts.get(d.name)!;
      bad(draft.parent!.row, 'parent', draft.parent!.value, TORG.parentCycle([...seen, d.code]));
    }
  }
  for (const p of people) {
    if (p.superiorRef) {
      if (p.superiorRef === p.id || (p.superiorRef === p.name && allPeople.filter((x) => x.name === p.name).length === 1)) {
        bad(p.row, 'superior', p.superiorRef, TORG.ownSuperior);
      } else {
        const s = personRef(p.superiorRef, 'superior', p.row);
        if (s) p.superior = s;
      }
    }
    p.department = codeOf.get(p.department) ?? p.department;
  }

  // Departments without a leader (in the roster or the file), and the two roles.
  for (const d of out) {
    if (!d.leaders && !(byName.get(d.name)?.leaders.length)) {
      const draft = depts.get(d.name)!;
      issues.push({ row: draft.firstRow, column: col.has('leader') ? header('leader') : COLUMNS.leader[0], value: d.name, message: TORG.noLeader });
    }
  }
  const merged = [...out, ...fileOnly];
  for (const role of ['gm_office', 'hr'] as const) {
    const holders = merged.filter((d) => d.role === role);
    if (holders.length === 0) {
      issues.push({ column: COLUMNS.role[0], message: TORG.missingRole(role) });
    } else if (holders.length > 1) {
      issues.push({ column: COLUMNS.role[0], value: TORG.roleZh[role], message: TORG.roleNotOne(role, holders.map((d) => d.name)) });
    }
  }
  const orderedIssues = issues.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return { departments: out, people: people.map(({ row: _row, superiorRef: _ref, ...p }) => p), ignoredColumns, issues: orderedIssues };
}
