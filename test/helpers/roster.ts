/** HR rosters for the org-import tests: rows keyed by (Chinese) header, written as XLSX or CSV. */
import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { seededRandom } from '../fakes/seeded-random.js';

export type RosterRow = Record<string, string>;

export const HEADERS = ['姓名', '工号', '部门', '部门代码', '上级部门', '部门负责人', '直属上级', '主管领导', '部门角色', '企业微信ID', '钉钉ID', '飞书ID', 'Slack ID', '手机', '邮箱'];

/** Departments of the generated company: name, code given in the roster (or '' for pinyin), parent. */
export const ROSTER_DEPTS: [string, string, string][] = [
  ['总经理办公室', '', ''],
  ['人力行政部', 'RXB', '总经理办公室'],
  ['生产部', '', '总经理办公室'],
  ['市场部', '', '总经理办公室'],
  ['金工车间', 'JGCJ', '生产部'],
  ['装配车间', '', '生产部'],
  ['技术部', '', '总经理办公室'],
  ['质量部', '', '技术部'],
  ['财务部', '', '总经理办公室'],
  ['采购部', '', '生产部'],
  ['销售一部', '', '市场部'],
  ['销售二部', '', '市场部'],
];

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅';

/** A valid roster of `n` people: one leader per department (the first row of each). */
export function generateRoster(n: number, seed = 12): RosterRow[] {
  const rnd = seededRandom(seed);
  const pick = (s: string) => s[Math.floor(rnd() * s.length)]!;
  const rows: RosterRow[] = [];
  const leaders = new Map<string, string>();
  for (let i = 0; i < n; i++) {
    const [dept, code, parent] = ROSTER_DEPTS[i % ROSTER_DEPTS.length]!;
    const id = `E${String(i + 1).padStart(4, '0')}`;
    const isLeader = !leaders.has(dept);
    if (isLeader) leaders.set(dept, id);
    const row: RosterRow = {
      姓名: pick(SURNAMES) + pick(GIVEN) + (rnd() < 0.5 ? pick(GIVEN) : ''),
      工号: id,
      部门: dept,
      部门代码: i < ROSTER_DEPTS.length ? code : '',
      上级部门: i < ROSTER_DEPTS.length ? parent : '',
      部门负责人: isLeader ? '是' : '否',
      直属上级: isLeader ? '' : leaders.get(dept)!,
      主管领导: '',
      部门角色: '',
      企业微信ID: `user${i + 1}`,
      钉钉ID: i % 3 === 0 ? `ding${i + 1}` : '',
      飞书ID: i % 4 === 0 ? `ou_${(i + 1).toString(16)}` : '',
      'Slack ID': i % 5 === 0 ? `U${String(i + 1).padStart(6, '0')}` : '',
      手机: `138${String(i + 1).padStart(8, '0')}`,
      邮箱: `e${i + 1}@jiangxin.example`,
    };
    rows.push(row);
  }
  return rows;
}

export async function writeRosterXlsx(path: string, rows: RosterRow[], headers = HEADERS): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('花名册');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(headers.map((h) => r[h] ?? ''));
  await wb.xlsx.writeFile(path);
}

export function rosterCsv(rows: RosterRow[], headers = HEADERS): string {
  const q = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [headers, ...rows.map((r) => headers.map((h) => r[h] ?? ''))].map((line) => line.map(q).join(',')).join('\r\n') + '\r\n';
}

export function writeRosterCsv(path: string, rows: RosterRow[], headers = HEADERS): void {
  writeFileSync(path, '\uFEFF' + rosterCsv(rows, headers));
}
