/** `:who`: the people of the org, one line each — id, name, department and roles — for rehearsals. */
import { deptWithRole, type Org } from '../../domain/org.js';

export function whoLines(org: Org): string[] {
  const gm = deptWithRole(org, 'gm_office');
  const hr = deptWithRole(org, 'hr');
  return org.people.map((p) => {
    const d = org.deptByCode.get(p.department);
    const roles: string[] = [];
    if (d?.leaders.includes(p.id)) roles.push('部门负责人');
    for (const s of org.departments.filter((x) => x.supervisor === p.id)) roles.push(`${s.name}主管领导`);
    if (p.department === gm.code) roles.push('总经办');
    if (p.department === hr.code) roles.push('人力行政部');
    if (org.feedbackGroup.includes(p.id)) roles.push('信息反馈管理小组');
    if (org.feedbackRecorders?.includes(p.id)) roles.push('反馈记录员');
    return `:: ${p.id.padEnd(8)} ${p.name} · ${d?.name ?? p.department} ${p.department}${roles.length ? ` · ${roles.join('、')}` : ''}`;
  });
}
