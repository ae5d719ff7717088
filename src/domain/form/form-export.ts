/**
 * 导出 <编号>: the form's copy (一式两份) as sheets, in the seed's layout of 《工作联络单》 — the
 * company and title, 编号 and 日期, 发函部门 / 承办人, 接收部门 / 期限, 性质 with its four boxes,
 * 事项主题 with 时间 / 地点 / 人物 / 事件 / 要求完成结果, the approval, the signature, the
 * implementers, 完成结果 and 评价 — and its whole history. Pure; `infra/report/form-xlsx.ts` writes
 * the workbook.
 */
import { formatLocal } from '../local-time.js';
import { personName, type Org } from '../org.js';
import { FORM_NATURE_ZH, FORM_STATE_ZH, type FormEvent, type FormNature, type LiaisonForm } from './form.js';
import { deptName, formLabel } from './form-views.js';

/** One sheet: rows of cells (four columns on the form sheet) and the cell ranges to merge (`A1:D1`). */
export interface ExportSheet {
  name: string;
  rows: string[][];
  merges: string[];
  /** Column widths in characters. */
  widths: number[];
  /** `form`: the printed form's look (borders, a large title in row 2); otherwise a table with a bold header row. */
  layout?: 'form';
}

/** The form sheet and the history sheet. */
export function formExportSheets(form: LiaisonForm, events: FormEvent[], org: Org, tz: string): ExportSheet[] {
  const d = form.details;
  const at = (t: number | undefined) => (t === undefined ? '' : formatLocal(t, tz));
  const last = (kind: FormEvent['kind']) => [...events].reverse().find((e) => e.kind === kind);
  const by = (e: FormEvent | undefined) => (e ? `${personName(org, e.actor)} ${at(e.at)}` : '');
  const nature = (Object.keys(FORM_NATURE_ZH) as FormNature[]).map((n) => `${n === form.nature ? '☑' : '☐'}${FORM_NATURE_ZH[n]}`).join(' ');
  const rows: string[][] = [
    [org.company, '', '', ''],
    ['工作联络单', '', '', ''],
    ['编号', form.number ?? formLabel(form), '日期', at(form.issuedAt ?? form.createdAt)],
    ['发函部门', deptName(org, form.issuingDept), '承办人', personName(org, form.issuer)],
    ['接收部门', deptName(org, form.receivingDept), '期限', at(form.deadline)],
    ['性质', nature, '紧急', form.urgent ? '是' : '否'],
    ['事项主题', form.subject, '', ''],
    ['时间', d.time ?? '', '', ''],
    ['地点', d.place ?? '', '', ''],
    ['人物', d.people ?? '', '', ''],
    ['事件', d.event ?? '', '', ''],
    ['要求完成结果', d.requiredResult ?? '', '', ''],
    ['附件', d.attachments ?? '', '回复期限', at(form.replyBy)],
    ['发函部门领导审批', by(last('issued')), '接收部门领导签收', by(last('signed'))],
    ['具体实施人', form.implementers.map((p) => personName(org, p)).join('、'), '跟催', form.followUps ? `${form.followUps} 次` : ''],
    ['完成结果', form.result ?? '', '', ''],
    ['评价(发函部门)', form.evaluation ?? '', '结案', at(form.closedAt)],
    ['状态', FORM_STATE_ZH[form.state], '', ''],
    ['《工作联络单》一式两份:发函和接收部门各留存一份以供追踪工作进展;月底考评时上交人力行政部作为相关部门责任人绩效考核的依据。', '', '', ''],
  ];
  // Wide values span the row: the title lines, 事项主题 … 要求完成结果, 完成结果, 状态, the footnote.
  const full = [1, 2, 19];
  const wide = [7, 8, 9, 10, 11, 12, 16, 18];
  const merges = [...full.map((r) => `A${r}:D${r}`), ...wide.map((r) => `B${r}:D${r}`)];
  const history: string[][] = [['时间', '人员', '内容'], ...events.map((e) => [at(e.at), personName(org, e.actor), e.text])];
  return [
    { name: '工作联络单', rows, merges, widths: [18, 40, 18, 24], layout: 'form' },
    { name: '往来记录', rows: history, merges: [], widths: [18, 12, 70] },
  ];
}
