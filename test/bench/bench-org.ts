/**
 * The deployment the inbound benches run on (wecom.ts, slack-bench.ts, processing.ts): a company
 * of `people` staff, each with a Slack id `U0P0001…` (DM channel `DU0P0001…`) and a WeCom id
 * `wxp0001…`, in one department whose leader is `boss`, and a policy whose delivery limits are far
 * above the platforms' own. The demo org has only five or six people with platform ids, and a
 * platform's real per-conversation limit (Slack 1/s, WeCom 30/min per member) would make the
 * answers of a burst from six people wait minutes: that measures the limit, not the bot. The limits
 * themselves are tested at the fake in test/integration/inbox/replicas.test.ts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const benchPerson = (i: number) => `p${String(i).padStart(4, '0')}`;
export const benchSlackUser = (i: number) => `U0${benchPerson(i).toUpperCase()}`;
export const benchWecomUser = (i: number) => `wx${benchPerson(i)}`;

/** Writes org.yaml and policy.yaml into `dir`; returns their paths. */
export function writeBenchDeployment(dir: string, people: number): { orgFile: string; policyFile: string } {
  const staff = Array.from({ length: people }, (_, k) => `  - { id: ${benchPerson(k + 1)}, name: 员工${k + 1}, department: SCB, slack: ${benchSlackUser(k + 1)}, wecom: ${benchWecomUser(k + 1)} }`);
  const org = [
    'company: 压测公司',
    'departments:',
    '  - { code: ZJB, name: 总经办, role: gm_office, leaders: [boss] }',
    '  - { code: RXB, name: 人力行政部, role: hr, parent: ZJB, leaders: [hr] }',
    '  - { code: SCB, name: 生产部, parent: ZJB, leaders: [lead] }',
    'people:',
    '  - { id: boss, name: 老板, department: ZJB, slack: U0BOSS, wecom: wxboss }',
    '  - { id: hr, name: 人事, department: RXB, slack: U0HR, wecom: wxhr }',
    '  - { id: lead, name: 部长, department: SCB, slack: U0LEAD, wecom: wxlead }',
    ...staff,
    'feedback_group: [hr]',
    '',
  ].join('\n');
  const policy = [
    'working_time: always',
    'delivery:',
    '  limits:',
    '    slack: { per_conversation: 100000/1s }',
    '    wecom: { per_conversation: 100000/1s, per_app: 100000/1s }',
    '',
  ].join('\n');
  const orgFile = join(dir, 'org.yaml');
  const policyFile = join(dir, 'policy.yaml');
  writeFileSync(orgFile, org);
  writeFileSync(policyFile, policy);
  return { orgFile, policyFile };
}
