/**
 * A platform's directory snapshot → the changes to the org file (issue 12 §2). Pure.
 * - Departments (WeCom, and DingTalk/Feishu when they come): matched by the platform's
 *   department id kept on the entry (`wecom_dept: "2"`), else by name; new ones get a pinyin code.
 * - People: matched by platform id (under the platform's comparison rule), then by mobile, then
 *   by e-mail, so one person's WeCom, DingTalk and Slack ids end up on one entry. Names written
 *   in the file are kept. On platforms with departments an unmatched member is added — unless
 *   someone in the file has the same name, then they are reported, never doubled; on Slack
 *   unmatched members are only reported.
 * - Removals: people holding an id on this platform who are no longer in it. More than
 *   `maxRemoveShare` of them (default 10%), or a department gone from the platform that still has
 *   open forms, stops the sync with the reason.
 */
import type { OrgFileData } from '../../config/org-file.js';
import { CONTACT_RULES, PLATFORM_ID_RULES } from '../../domain/platform-ids.js';
import { suggestCode } from '../dept-codes.js';
import type { ImportedDepartment, ImportedPerson } from '../roster-import.js';
import type { DirectorySnapshot } from './directory-source.js';
import { TORG } from '../../texts/org.js';
import { scalarText } from '../../domain/scalar-text.js';

export interface SyncOptions {
  /** Default 0.1. */
  maxRemoveShare?: number;
  /** Department codes with forms that are not closed. */
  openFormDepts: Set<string>;
}

export interface SyncPlan {
  departments: ImportedDepartment[];
  people: ImportedPerson[];
  /** Person ids to remove. */
  remove: string[];
  /** Platform members not matched to anyone (Slack), or without a department. */
  unmatched: string[];
  /** Departments gone from the platform: kept, for a person to remove by hand. */
  goneDepartments: string[];
  /** Why the sync stops (nothing is written). */
  stop?: string;
}

const PERSON_ID = /^[A-Za-z0-9_.-]+$/;
const present = (v: string | null | undefined) => (v?.trim() ? v.trim() : undefined);

export function planSync(existing: OrgFileData, snap: DirectorySnapshot, opts: SyncOptions): SyncPlan {
  const platform = snap.platform;
  const rule = PLATFORM_ID_RULES[platform];
  const deptKeyField = `${platform}_dept`;
  const plan: SyncPlan = { departments: [], people: [], remove: [], unmatched: [], goneDepartments: [] };

  // Departments.
  const codeOfKey = new Map<string, string>();
  if (snap.departments) {
    const taken = new Set(existing.departments.map((d) => d.code));
    const byKey = new Map(existing.departments.flatMap((d) => {
      const key = scalarText((d as Record<string, unknown>)[deptKeyField]);
      return present(key) ? [[key, d] as const] : [];
    }));
    const byName = new Map(existing.departments.map((d) => [d.name, d]));
    for (const sd of snap.departments) {
      const found = byKey.get(sd.key) ?? byName.get(sd.name);
      const code = found?.code ?? suggestCode(sd.name, taken);
      if (!code) continue;
      codeOfKey.set(sd.key, code);
    }
    const seenKeys = new Set(snap.departments.map((d) => d.key));
    for (const [key, d] of byKey) {
      if (seenKeys.has(key)) continue;
      plan.goneDepartments.push(`${d.code} ${d.name}`);
      if (opts.openFormDepts.has(d.code)) plan.stop ??= TORG.goneWithOpenForms(d.code, d.name, platform);
    }
  }

  // People: match by platform id, then mobile, then e-mail.
  const byPlatformId = new Map<string, OrgFileData['people'][number]>();
  const byMobile = new Map<string, OrgFileData['people'][number]>();
  const byEmail = new Map<string, OrgFileData['people'][number]>();
  for (const p of existing.people) {
    const id = present(p[platform]);
    if (id) byPlatformId.set(rule.key(id), p);
    const m = present(p.mobile);
    if (m) byMobile.set(CONTACT_RULES.mobile.key(m), p);
    const e = present(p.email);
    if (e) byEmail.set(CONTACT_RULES.email.key(e), p);
  }
  const ids = new Set(existing.people.map((p) => p.id));
  const personOfPlatformId = new Map<string, string>();
  const seen = new Set<string>();
  for (const u of snap.users) {
    seen.add(rule.key(u.platformId));
    const match =
      byPlatformId.get(rule.key(u.platformId)) ??
      (u.mobile ? byMobile.get(CONTACT_RULES.mobile.key(u.mobile)) : undefined) ??
      (u.email ? byEmail.get(CONTACT_RULES.email.key(u.email)) : undefined);
    const dept = u.deptKeys.map((k) => codeOfKey.get(k)).find((c) => c !== undefined);
    const contact = { ...(u.mobile ? { mobile: u.mobile } : {}), ...(u.email ? { email: u.email } : {}) };
    if (match) {
      personOfPlatformId.set(u.platformId, match.id);
      plan.people.push({ id: match.id, name: match.name, department: dept ?? match.department, [platform]: u.platformId, ...contact });
      continue;
    }
    if (!snap.departments || !dept) {
      plan.unmatched.push(`${u.platformId} ${u.name}`);
      continue;
    }
    // Same name as someone in the file but no id, mobile or e-mail to prove it: never a second entry.
    const namesake = existing.people.filter((p) => p.name === u.name);
    if (namesake.length > 0) {
      plan.unmatched.push(TORG.namesake(u.platformId, u.name, namesake.map((p) => p.id), platform));
      continue;
    }
    let id = u.platformId.toLowerCase().replace(/[^a-z0-9_.-]/g, '');
    if (!PERSON_ID.test(id)) id = `${platform}${plan.people.length + 1}`;
    for (let n = 2; ids.has(id); n++) id = `${id.replace(/\d+$/, '')}${n}`;
    ids.add(id);
    personOfPlatformId.set(u.platformId, id);
    plan.people.push({ id, name: u.name, department: dept, [platform]: u.platformId, ...contact });
  }

  if (snap.departments) {
    for (const sd of snap.departments) {
      const code = codeOfKey.get(sd.key);
      if (!code) continue;
      const leaders = sd.leaderIds.map((l) => personOfPlatformId.get(l)).filter((l): l is string => l !== undefined);
      const parent = sd.parentKey ? codeOfKey.get(sd.parentKey) : undefined;
      plan.departments.push({ code, name: existing.departments.find((d) => d.code === code)?.name ?? sd.name, suggested: !existing.departments.some((d) => d.code === code), ...(leaders.length ? { leaders } : {}), ...(parent ? { parent } : {}), keys: { [deptKeyField]: sd.key } });
    }
  }

  const holders = existing.people.filter((p) => present(p[platform]));
  plan.remove = holders.filter((p) => !seen.has(rule.key(present(p[platform])!))).map((p) => p.id);
  const share = holders.length ? plan.remove.length / holders.length : 0;
  const max = opts.maxRemoveShare ?? 0.1;
  if (share > max) {
    plan.stop ??= TORG.tooManyRemoved(plan.remove.length, holders.length, platform, share, max);
  }
  return plan;
}
