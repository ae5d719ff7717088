/**
 * The deployment every conformance run uses: the demo org with an id for every person on every
 * platform (`idOn`), and a policy whose delivery is fast — limits far above the platforms' own and
 * a 1-second retry back-off — so a conversation test never waits on a bucket or a back-off (the
 * limits themselves are tested in test/integration/inbox/replicas.test.ts). A driver for a new
 * platform adds its id rule to `ID_RULES` and its limits to `POLICY`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { PersonId } from '../../src/domain/org.js';

/** Each platform's id of a person in the conformance org. */
export const ID_RULES: Record<string, (person: PersonId) => string> = {
  slack: (p) => `U0${p.toUpperCase()}`,
  wecom: (p) => `wx_${p}`,
  dingtalk: (p) => `dt${p}0001`,
  feishu: (p) => `ou_${p}`,
};

/** `person`'s id on `platform` in the conformance org. */
export function idOn(platform: string, person: PersonId): string {
  const rule = ID_RULES[platform];
  if (!rule) throw new Error(`no conformance id rule for ${platform}`);
  return rule(person);
}

const POLICY = `
delivery:
  limits:
    slack: { per_conversation: 1000/1s }
    wecom: { per_conversation: 1000/1s }
    dingtalk: { per_conversation: 1000/1s, per_app: 1000/1s }
    feishu: { per_conversation: 1000/1s, per_app: 1000/1s }
  retry: { first: 1s, max: 2s, attempts: 8 }
`;

/** Writes the org and policy files into `dir`; returns their paths. */
export function writeConformanceDeployment(dir: string): { orgFile: string; policyFile: string } {
  const org = parse(readFileSync('data/org.example.yaml', 'utf8')) as { people: Array<Record<string, string>>; departments: Array<{ code: string; channels?: Record<string, string> }> };
  for (const p of org.people) for (const platform of Object.keys(ID_RULES)) p[platform] = idOn(platform, p['id']!);
  for (const d of org.departments) d.channels = {};
  const orgFile = join(dir, 'org.yaml');
  const policyFile = join(dir, 'policy.yaml');
  writeFileSync(orgFile, stringify(org));
  writeFileSync(policyFile, POLICY);
  return { orgFile, policyFile };
}
