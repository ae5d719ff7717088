/**
 * Start-up configuration: the environment, the org file and the policy file, each validated.
 * Any problem throws `ConfigError` and the bot must refuse to start. With nothing configured the
 * bot runs on the shipped demo org (`data/org.example.yaml`) and the default policy, and says so.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Org } from '../domain/org.js';
import type { Policy } from '../domain/policy.js';
import { loadEnv, type Env } from './env.js';
import { parseOrgYaml } from './org-file.js';
import { DEFAULT_POLICY, parsePolicyYaml } from './policy-file.js';
import { checkReportsAgainstOrg } from './report-policy.js';
import { ConfigError } from './config-error.js';
import { readConfigText } from './yaml-issues.js';

/** The default org file, its shipped demo fallback, and the default policy file (relative to cwd). */
export const ORG_FILE_DEFAULT = 'data/org.yaml';
export const ORG_FILE_DEMO = 'data/org.example.yaml';
export const POLICY_FILE_DEFAULT = 'data/policy.yaml';

/** Options of `loadConfig`; explicit files win over `ORG_FILE` / `POLICY_FILE`. */
export interface LoadConfigOptions {
  env: NodeJS.ProcessEnv;
  /** Directory that relative paths are resolved against. */
  cwd: string;
  orgFile?: string;
  policyFile?: string;
  /** Receives each notice line as it happens (for example the logger). */
  log?: (line: string) => void;
}

/**
 * Everything start-up needs. `orgPath` and `policyPath` are absolute; `policyPath` names the file
 * that would be read even when it was missing and the defaults were used. `notices` are the lines
 * to show on start (demo org, default policy).
 */
export interface LoadedConfig {
  env: Env;
  org: Org;
  policy: Policy;
  orgPath: string;
  policyPath: string;
  notices: string[];
}

/**
 * Loads and validates the whole configuration. Org file: `opts.orgFile` ?? `ORG_FILE` ??
 * `data/org.yaml` when it exists, else the demo `data/org.example.yaml` (with a notice). Policy
 * file: `opts.policyFile` ?? `POLICY_FILE` ?? `data/policy.yaml`; only the last may be missing
 * (defaults, with a notice). A policy without `timezone` uses `SHOUDAO_TIMEZONE`.
 */
export function loadConfig(opts: LoadConfigOptions): LoadedConfig {
  const notices: string[] = [];
  const notice = (line: string) => {
    notices.push(line);
    opts.log?.(line);
  };
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(opts.cwd, p));
  const env = loadEnv(opts.env);

  let orgFile = opts.orgFile ?? env.orgFile;
  if (orgFile === undefined) {
    orgFile = ORG_FILE_DEFAULT;
    if (!existsSync(abs(ORG_FILE_DEFAULT))) {
      orgFile = ORG_FILE_DEMO;
      notice(`未找到 ${ORG_FILE_DEFAULT},使用演示组织 ${ORG_FILE_DEMO} (demo org)`);
    }
  }
  const orgPath = abs(orgFile);
  const org = parseOrgYaml(readConfigText(orgPath, orgFile), orgFile);

  const defaults: Policy = { ...DEFAULT_POLICY, timezone: env.timezone };
  const policyFile = opts.policyFile ?? env.policyFile ?? POLICY_FILE_DEFAULT;
  const policyPath = abs(policyFile);
  let policy: Policy;
  if (opts.policyFile === undefined && env.policyFile === undefined && !existsSync(policyPath)) {
    policy = parsePolicyYaml('', POLICY_FILE_DEFAULT, defaults);
    notice(`未找到 ${POLICY_FILE_DEFAULT},使用默认策略 (default policy)`);
  } else {
    policy = parsePolicyYaml(readConfigText(policyPath, policyFile), policyFile, defaults);
  }
  // 汇报制度: the departments and people `reports:` names must be in the org.
  const reportIssues = checkReportsAgainstOrg(policy.reports, org);
  if (reportIssues.length) throw new ConfigError(policyFile, reportIssues);
  return { env, org, policy, orgPath, policyPath, notices };
}
