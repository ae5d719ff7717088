/**
 * How 表扬 reads (issue 16 part 4): the section of the assessment's chat summary, the 表扬 sheet
 * of the XLSX, and the 表扬名单 that HR publishes. Pure; one definition of the figures for all.
 */
import type { MessageView } from '../message.js';
import { TC } from '../../texts/commendation.js';
import type { Table, Cell } from './assessment-view.js';
import { onTimeShare, type Recognition, type RecognitionRow } from './recognition.js';

function kindsText(r: Recognition, row: RecognitionRow): string {
  const parts = r.kinds.filter((k) => row.byKind[k]).map((k) => TC.kindPart(TC.kind(k), row.byKind[k]!.onTime, row.byKind[k]!.onTime + row.byKind[k]!.late));
  return parts.length ? TC.byKind(parts.join(',')) : '';
}

/** Why a row is on the list: `6 项应尽义务按时 6 项;1 条反馈被采纳`. */
export function whyCommended(row: RecognitionRow): string {
  const why: string[] = [];
  if (row.reasons.includes('punctual')) why.push(TC.whyPunctual(row.onTime, row.duties));
  if (row.reasons.includes('feedback')) why.push(TC.whyAdopted(row.adopted));
  return why.join(';');
}

const reasonsText = (row: RecognitionRow) =>
  row.reasons.map((x) => (x === 'punctual' ? TC.reasonPunctual(onTimeShare(row) ?? 1) : TC.reason[x]!)).join('、');

/** The lines the assessment's chat summary gets: the rule, the departments' figures, the names. */
export function recognitionLines(r: Recognition): string[] {
  const { rule } = r;
  const lines = [TC.section, TC.rule(rule.minDuties, rule.onTime, rule.maxViolations, rule.feedbackAdopted)];
  if (!r.people.length) return [...lines, TC.nothing];
  for (const d of r.departments) lines.push(TC.deptLine(d.label, d.key, d.onTime, d.duties, d.adopted, d.violations, reasonsText(d)));
  for (const p of r.commendedPeople) lines.push(TC.personLine(p.label, p.deptName, p.onTime, p.duties, kindsText(r, p), p.adopted, p.violations, reasonsText(p)));
  if (!r.commendedPeople.length && !r.commendedDepartments.length) lines.push(TC.nobody);
  return lines;
}

/** Sheet 表扬: one row per department and per person with any figure. */
export function recognitionTable(r: Recognition): Table {
  const cells = (row: RecognitionRow): Cell[] => {
    const share = onTimeShare(row);
    return [
      ...r.kinds.flatMap((k) => [row.byKind[k]?.onTime ?? 0, row.byKind[k]?.late ?? 0]),
      row.duties, row.onTime, share === undefined ? '' : Math.round(share * 1000) / 1000, row.adopted, row.violations,
      row.reasons.length ? TC.yes : TC.no, reasonsText(row),
    ];
  };
  const c = TC.columns;
  return {
    name: TC.sheet,
    header: [c.type, c.code, c.name, c.deptCode, c.dept, ...r.kinds.flatMap((k) => [c.onTime(TC.kind(k)), c.late(TC.kind(k))]), c.duties, c.allOnTime, c.share, c.adopted, c.violations, c.commended, c.reasons],
    rows: [
      ...r.departments.map((d) => [TC.department, d.key, d.label, d.key, d.label, ...cells(d)]),
      ...r.people.map((p) => [TC.person, p.key, p.label, p.dept, p.deptName, ...cells(p)]),
    ],
  };
}

/** The 表扬名单 as HR sees it and as it is published: names, departments and why; no figures of anyone else. */
export function commendationList(r: Recognition, month: string, company: string): MessageView {
  const lines: string[] = [TC.listIntro];
  if (r.commendedPeople.length) lines.push(TC.listPeople, ...r.commendedPeople.map((p) => TC.listPerson(p.label, p.deptName, whyCommended(p))));
  if (r.commendedDepartments.length) lines.push(TC.listDepartments, ...r.commendedDepartments.map((d) => TC.listDept(d.label, whyCommended(d))));
  if (!r.commendedPeople.length && !r.commendedDepartments.length) lines.push(TC.listEmpty);
  const rule = r.rule;
  lines.push(TC.rule(rule.minDuties, rule.onTime, rule.maxViolations, rule.feedbackAdopted));
  return { title: TC.listTitle(month, company), lines };
}
