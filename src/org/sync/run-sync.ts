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
import { TORG } from '../../texts/org.js';

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
    run.err(TORG.syncOrgInvalid((e as Error).message));
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
    run.err(TORG.nothingWritten(plan.stop));
    return 2;
  }
  const merged = mergeOrg(text, { company: existing.company, departments: plan.departments, people: plan.people, remove: plan.remove });
  run.out(formatChanges(merged.changes));
  for (const u of plan.unmatched) run.out(TORG.unmatchedLine(snapshot.platform, u));
  for (const d of plan.goneDepartments) run.out(TORG.goneLine(snapshot.platform, d));
  try {
    parseOrgYaml(merged.text, run.orgFile);
  } catch (e) {
    run.err(TORG.syncedInvalid((e as Error).message));
    return 2;
  }
  if (!run.write) {
    run.out(TORG.syncDryRun(run.orgFile));
    return 0;
  }
  writeFileAtomic(run.orgFile, merged.text);
  run.out(TORG.written(run.orgFile));
  return 0;
}
