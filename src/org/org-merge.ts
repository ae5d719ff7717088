/**
 * Merges imported (or synced) departments and people into an org file through the `yaml`
 * Document API (issue 12 §1), so hand-written keys, comments and ordering survive: a department
 * is matched by code, a person by id; a field changes only when the source gives a value that
 * differs; nobody and no department is removed (people the source does not list are kept and
 * reported). The result is text that the caller validates with `parseOrgYaml` before writing.
 */
import { Document, isMap, isSeq, parseDocument, YAMLMap, YAMLSeq } from 'yaml';
import type { ImportedDepartment, ImportedPerson } from './roster-import.js';
import { TORG } from '../texts/org.js';
import { scalarText } from '../domain/scalar-text.js';

export interface OrgChanges {
  addedDepartments: string[];
  addedPeople: string[];
  changed: string[];
  /** People in the file that the source does not list: kept, never silently removed. */
  kept: string[];
  /** People removed on purpose (`MergeInput.remove`), each listed. */
  removed: string[];
}

export interface MergeInput {
  company: string;
  departments: ImportedDepartment[];
  people: ImportedPerson[];
  /**
   * People to remove (a sync: they left the platform). References to them as superior or
   * supervisor, as leader and in the feedback group go too; validation then says what is missing.
   */
  remove?: string[];
}

const DEPT_FIELDS = ['name', 'role', 'leaders', 'supervisor', 'parent'] as const;
const PERSON_FIELDS = ['name', 'department', 'superior', 'slack', 'wecom', 'dingtalk', 'feishu', 'mobile', 'email'] as const;

function seqOf(doc: Document, key: string): YAMLSeq {
  const node = doc.get(key, true);
  if (isSeq(node)) return node;
  const seq = new YAMLSeq();
  doc.set(key, seq);
  return seq;
}

const asText = (v: unknown): string => (Array.isArray(v) ? v.join(',') : scalarText(v));

/** Sets the fields of `src` that differ on `map`; returns `field: old → new` for each change. */
function update(doc: Document, map: YAMLMap, src: Record<string, unknown>, fields: readonly string[]): string[] {
  const out: string[] = [];
  for (const f of fields) {
    const value = src[f];
    if (value === undefined || value === '') continue;
    const node = map.get(f, true);
    const old = isSeq(node) ? (node.toJSON() as unknown[]) : map.get(f);
    if (asText(old) === asText(value)) continue;
    if (Array.isArray(value)) {
      const seq = doc.createNode(value) as YAMLSeq;
      seq.flow = true;
      map.set(f, seq);
    } else map.set(f, value);
    out.push(`${f}: ${JSON.stringify(asText(old))} → ${JSON.stringify(asText(value))}`);
  }
  return out;
}

/** A new entry, written in the style of the list's last entry (flow `{ … }` or block). */
function newNode(doc: Document, seq: YAMLSeq, src: Record<string, unknown>, order: readonly string[]): YAMLMap {
  const map = new YAMLMap();
  const last = seq.items[seq.items.length - 1];
  map.flow = isMap(last) && last.flow === true;
  for (const f of order) {
    const value = src[f];
    if (value === undefined || value === '') continue;
    if (Array.isArray(value)) {
      const seq = doc.createNode(value) as YAMLSeq;
      seq.flow = true;
      map.set(f, seq);
    } else map.set(f, value);
  }
  return map;
}

/** Merges `input` into `existingText` (or a new file when undefined); returns the text and changes. */
export function mergeOrg(existingText: string | undefined, input: MergeInput): { text: string; changes: OrgChanges } {
  const doc = existingText === undefined ? new Document({}) : parseDocument(existingText);
  if (!isMap(doc.contents)) doc.contents = doc.createNode({});
  const changes: OrgChanges = { addedDepartments: [], addedPeople: [], changed: [], kept: [], removed: [] };
  if (!doc.get('company')) doc.set('company', input.company);

  const depts = seqOf(doc, 'departments');
  const deptMaps = new Map<string, YAMLMap>();
  for (const item of depts.items) if (isMap(item)) deptMaps.set(String(item.get('code')), item);
  for (const d of input.departments) {
    const map = deptMaps.get(d.code);
    const src = { ...d, ...d.keys } as unknown as Record<string, unknown>;
    const extra = Object.keys(d.keys ?? {});
    if (map) {
      for (const c of update(doc, map, src, [...DEPT_FIELDS, ...extra])) changes.changed.push(TORG.changedDepartment(d.code, c));
    } else {
      depts.add(newNode(doc, depts, { ...src, leaders: d.leaders ?? [] }, ['code', 'name', 'role', 'parent', 'leaders', 'supervisor', ...extra]));
      changes.addedDepartments.push(`${d.code} ${d.name}${d.suggested ? TORG.codeFromPinyin : ''}`);
    }
  }

  const people = seqOf(doc, 'people');
  const personMaps = new Map<string, YAMLMap>();
  for (const item of people.items) if (isMap(item)) personMaps.set(String(item.get('id')), item);
  const listed = new Set(input.people.map((p) => p.id));
  for (const p of input.people) {
    const map = personMaps.get(p.id);
    if (map) {
      for (const c of update(doc, map, p, PERSON_FIELDS)) changes.changed.push(TORG.changedPerson(p.id, c));
    } else {
      people.add(newNode(doc, people, p, ['id', 'name', 'department', ...PERSON_FIELDS.slice(2)]));
      changes.addedPeople.push(`${p.id} ${p.name} (${p.department})`);
    }
  }
  const gone = new Set(input.remove ?? []);
  for (const [id, map] of personMaps) {
    if (gone.has(id)) {
      people.items.splice(people.items.indexOf(map), 1);
      changes.removed.push(`${id} ${asText(map.get('name'))}`);
    } else if (!listed.has(id)) changes.kept.push(`${id} ${asText(map.get('name'))}`);
  }
  if (gone.size > 0) {
    for (const map of personMaps.values()) if (gone.has(scalarText(map.get('superior')))) map.delete('superior');
    for (const map of deptMaps.values()) {
      if (gone.has(scalarText(map.get('supervisor')))) map.delete('supervisor');
      const leaders = map.get('leaders', true);
      if (isSeq(leaders)) leaders.items = leaders.items.filter((n) => !gone.has(String((n as { value?: unknown }).value ?? n)));
    }
    for (const key of ['feedback_group', 'feedback_recorders']) {
      const group = doc.get(key, true);
      if (isSeq(group)) group.items = group.items.filter((n) => !gone.has(String((n as { value?: unknown }).value ?? n)));
    }
  }
  return { text: doc.toString({ lineWidth: 0 }), changes };
}

/** The change summary printed before writing, Chinese first. */
export function formatChanges(c: OrgChanges): string {
  const lines = [
    TORG.summary({ addedDepartments: c.addedDepartments.length, addedPeople: c.addedPeople.length, changed: c.changed.length, kept: c.kept.length, removed: c.removed.length }),
    ...c.addedDepartments.map(TORG.addedDepartmentLine),
    ...c.addedPeople.map(TORG.addedPersonLine),
    ...c.changed.map((x) => `  ~ ${x}`),
    ...c.removed.map(TORG.removedLine),
    ...c.kept.map(TORG.keptLine),
  ];
  return lines.join('\n');
}
