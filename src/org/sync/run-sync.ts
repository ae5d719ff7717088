/**
 * `org sync` (issue 12 §2): reads a platform's directory, plans the change against the org file,
 * prints it, and with `write` validates the merged file like a start would and replaces the file
 * atomically. A platform error, a safety stop or an invalid result prints why and changes nothing.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { OrgFileSchema, parseOrgYaml } from '../../config/org-file.js';
import { writeFileAtomic } from '../write-atomic.js';
import { formatChanges, mergeOrg } from '../org-merge.js';
import type { DirectorySource } from './directory-source.js';
import { planSync } from './plan-sync.js';
import type { Store } from '../../app/ports.js';
import { OPEN_FORM_STATES } from '../../app/hand-over.js';

/** The departments that issued or received a form not closed yet (the sync's safety stop). */
export async function openFormDepartments(store: Store): Promise<Set<string>> {
  const forms = await store.transaction((tx) => tx.forms.list({ states: OPEN_FORM_STATES }));
  return new Set(forms.flatMap((f) => [f.issuingDept, f.receivingDept]));
}

export interface SyncRun {
  source: DirectorySource;
  orgFile: string;
  write: boolean;
  maxRemoveShare?: number;
  /** Departments with forms not closed yet (from the database). */
  openFormDepts: () => Promise<Set<string>>;
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Runs one sync; returns the exit status (0 done or dry run, 2 stopped, nothing written). */
export async function runSync(run: SyncRun): Promise<number> {
  const text = readFileSync(run.orgFile, 'utf8');
  try {
    parseOrgYaml(text, run.orgFile);
  } catch (e) {
    run.err(`组织文件无效,未同步 — the org file is invalid; nothing synced:\n${(e as Error).message}`);
    return 2;
  }
  const existing = OrgFileSchema.parse(parse(text));
  let snapshot;
  try {
    snapshot = await run.source.read();
  } catch (e) {
    run.err((e as Error).message);
    return 2;
  }
  const plan = planSync(existing, snapshot, { openFormDepts: await run.openFormDepts(), ...(run.maxRemoveShare !== undefined ? { maxRemoveShare: run.maxRemoveShare } : {}) });
  if (plan.stop) {
    run.err(`${plan.stop}\n未写入任何内容 — nothing was written`);
    return 2;
  }
  const merged = mergeOrg(text, { company: existing.company, departments: plan.departments, people: plan.people, remove: plan.remove });
  run.out(formatChanges(merged.changes));
  for (const u of plan.unmatched) run.out(`  ? 未匹配 unmatched ${snapshot.platform} ${u}`);
  for (const d of plan.goneDepartments) run.out(`  ! 平台上已无此部门,保留 gone from ${snapshot.platform}, kept: ${d}`);
  try {
    parseOrgYaml(merged.text, run.orgFile);
  } catch (e) {
    run.err(`同步后的组织文件无效,未写入 — the synced org file would be invalid; nothing was written:\n${(e as Error).message}`);
    return 2;
  }
  if (!run.write) {
    run.out(`试运行,未写入;加 --write 写入 ${run.orgFile} — dry run; add --write to write`);
    return 0;
  }
  writeFileAtomic(run.orgFile, merged.text);
  run.out(`已写入 ${run.orgFile} — written`);
  return 0;
}
