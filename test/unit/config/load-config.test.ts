import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/config-error.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { DEFAULT_POLICY } from '../../../src/config/policy-file.js';

const EXAMPLE = fileURLToPath(new URL('../../../data/org.example.yaml', import.meta.url));
const dirs: string[] = [];

/** A scratch working directory holding only data/org.example.yaml. */
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'shoudao-config-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'data'));
  cpSync(EXAMPLE, join(dir, 'data', 'org.example.yaml'));
  return dir;
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('loadConfig', () => {
  it('falls back to the demo org and the default policy, saying so', () => {
    const cwd = scratch();
    const lines: string[] = [];
    const cfg = loadConfig({ env: { SHOUDAO_TIMEZONE: 'Asia/Hong_Kong' }, cwd, log: (l) => lines.push(l) });
    expect(cfg.orgPath).toBe(join(cwd, 'data', 'org.example.yaml'));
    expect(cfg.org.company).toBe('江心锅炉有限公司');
    expect(cfg.notices).toEqual([
      '未找到 data/org.yaml,使用演示组织 data/org.example.yaml (demo org)',
      '未找到 data/policy.yaml,使用默认策略 (default policy)',
    ]);
    expect(lines).toEqual(cfg.notices);
    expect(cfg.policy).toEqual({ ...DEFAULT_POLICY, timezone: 'Asia/Hong_Kong' });
    expect(cfg.policyPath).toBe(join(cwd, 'data', 'policy.yaml'));
  });

  it('uses data/org.yaml and data/policy.yaml when present; the file wins over SHOUDAO_TIMEZONE', () => {
    const cwd = scratch();
    cpSync(EXAMPLE, join(cwd, 'data', 'org.yaml'));
    writeFileSync(join(cwd, 'data', 'policy.yaml'), 'timezone: Asia/Tokyo\nfines: { tier1: 10 }\n');
    const cfg = loadConfig({ env: { SHOUDAO_TIMEZONE: 'Asia/Hong_Kong' }, cwd });
    expect(cfg.notices).toEqual([]);
    expect(cfg.orgPath).toBe(join(cwd, 'data', 'org.yaml'));
    expect(cfg.policy.timezone).toBe('Asia/Tokyo');
    expect(cfg.policy.fines).toEqual([10, 50, 100]);
  });

  it('ORG_FILE / POLICY_FILE must exist; explicit options win over them', () => {
    const cwd = scratch();
    const err = (() => {
      try {
        loadConfig({ env: { POLICY_FILE: 'conf/policy.yaml' }, cwd });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toBe('conf/policy.yaml: 文件不存在 — file not found');
    const cfg = loadConfig({ env: { ORG_FILE: 'missing.yaml' }, cwd, orgFile: 'data/org.example.yaml' });
    expect(cfg.org.people.length).toBeGreaterThan(20);
  });

  it('names the file as written in errors of the org file', () => {
    const cwd = scratch();
    writeFileSync(join(cwd, 'data', 'org.yaml'), 'company: x\ndepartments: []\npeople: []\n');
    expect(() => loadConfig({ env: {}, cwd })).toThrow(/^data\/org\.yaml: departments: 至少需要 1 项/);
  });

  it('refuses a bad environment before reading files', () => {
    expect(() => loadConfig({ env: { PORT: 'x' }, cwd: '/nonexistent' })).toThrow(/^environment: PORT:/);
  });
});
