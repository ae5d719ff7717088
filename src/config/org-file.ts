/**
 * Loads the org directory from `data/org.yaml` (SPEC §1). The file's shape is a contract that
 * other tools also write, so keys are never renamed; unknown keys are allowed (and ignored) at the
 * top level, in department and person entries and in `channels`, so such tools may add their
 * own. Known keys are validated by a zod schema, then cross-checked (`org-checks.ts`); every
 * problem names the file, the entry and the field. Empty strings (and empty values) for optional
 * ids — `superior`, `supervisor`, `parent`, per-platform ids, channels — mean "not set".
 */
import { z } from 'zod';
import { buildOrg, type Department, type Org, type Person } from '../domain/org.js';
import { ConfigError } from './config-error.js';
import { checkOrgFile } from './org-checks.js';
import { parseYamlText, readConfigText, zodToConfigIssues, type EntryLabels } from './yaml-issues.js';

const optionalText = z.string().nullish();

const ChannelsSchema = z.looseObject({ slack: optionalText, wecom: optionalText, dingtalk: optionalText, feishu: optionalText });

const DepartmentSchema = z.looseObject({
  code: z.string(),
  name: z.string().trim().min(1),
  role: z.enum(['gm_office', 'hr']).nullish(),
  leaders: z.array(z.string()),
  supervisor: optionalText,
  parent: optionalText,
  channels: ChannelsSchema.nullish(),
});

const PersonSchema = z.looseObject({
  id: z.string(),
  name: z.string().trim().min(1),
  department: z.string(),
  superior: optionalText,
  slack: optionalText,
  wecom: optionalText,
  dingtalk: optionalText,
  feishu: optionalText,
  mobile: z.union([z.string(), z.number()]).transform(String).nullish(),
  email: optionalText,
});

/** The zod schema of the org file's known keys (unknown keys pass through). */
export const OrgFileSchema = z.looseObject({
  company: z.string().trim().min(1),
  departments: z.array(DepartmentSchema).min(1),
  people: z.array(PersonSchema).min(1),
  feedback_group: z.array(z.string()).nullish(),
  /** 反馈记录员: who may 代登记 besides the feedback group (issue 16). */
  feedback_recorders: z.array(z.string()).nullish(),
  /** The company-wide channels where the 公示 goes (issue 13); without them, 总经办's channel. */
  announcements: z.looseObject({ channels: ChannelsSchema.nullish() }).nullish(),
});

/** The org file as parsed by `OrgFileSchema`, before cross-checks. */
export type OrgFileData = z.infer<typeof OrgFileSchema>;

/** How entries of the org file are named in errors: `departments[2] (SCB)`, `people[5] (zhao)`. */
export const ORG_ENTRY_LABELS: EntryLabels = { departments: 'code', people: 'id' };

const PLATFORMS = ['slack', 'wecom', 'dingtalk', 'feishu'] as const;

/** An optional id: empty or blank means not set. */
export function presentId(value: string | null | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

function toDepartment(d: OrgFileData['departments'][number]): Department {
  const dept: Department = { code: d.code, name: d.name, leaders: [...d.leaders], channels: {} };
  if (d.role) dept.role = d.role;
  const supervisor = presentId(d.supervisor);
  if (supervisor) dept.supervisor = supervisor;
  const parent = presentId(d.parent);
  if (parent) dept.parent = parent;
  for (const p of PLATFORMS) {
    const channel = presentId(d.channels?.[p]);
    if (channel) dept.channels[p] = channel;
  }
  return dept;
}

function toPerson(p: OrgFileData['people'][number]): Person {
  const person: Person = { id: p.id, name: p.name, department: p.department, platformIds: {} };
  const superior = presentId(p.superior);
  if (superior) person.superior = superior;
  for (const platform of PLATFORMS) {
    const id = presentId(p[platform]);
    if (id) person.platformIds[platform] = id;
  }
  return person;
}

/**
 * Parses and validates org YAML text; `file` names the source in errors. Returns the org with
 * default superiors resolved (`buildOrg`). Throws `ConfigError` listing every problem.
 */
export function parseOrgYaml(text: string, file: string): Org {
  const raw = parseYamlText(text, file);
  if (raw === null || raw === undefined) {
    throw new ConfigError(file, [{ entry: '', field: '', message: '组织文件为空 — the org file is empty' }]);
  }
  const parsed = OrgFileSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(file, zodToConfigIssues(parsed.error, raw, ORG_ENTRY_LABELS));
  const issues = checkOrgFile(parsed.data);
  if (issues.length > 0) throw new ConfigError(file, issues);
  return buildOrg({
    company: parsed.data.company,
    departments: parsed.data.departments.map(toDepartment),
    people: parsed.data.people.map(toPerson),
    feedbackGroup: [...(parsed.data.feedback_group ?? [])],
    ...(parsed.data.feedback_recorders?.length ? { feedbackRecorders: [...parsed.data.feedback_recorders] } : {}),
    ...announcementsOf(parsed.data),
  });
}

function announcementsOf(data: OrgFileData): { announcements?: NonNullable<Org['announcements']> } {
  const channels: NonNullable<Org['announcements']> = {};
  for (const p of PLATFORMS) {
    const channel = presentId(data.announcements?.channels?.[p]);
    if (channel) channels[p] = channel;
  }
  return Object.keys(channels).length ? { announcements: channels } : {};
}

/** Reads `path` (relative to the process's working directory) and parses it with `parseOrgYaml`. */
export function loadOrgFile(path: string): Org {
  return parseOrgYaml(readConfigText(path), path);
}
