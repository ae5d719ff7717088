/** A report `Table` (src/domain/report/assessment-view.ts) as an HTML table: the XLSX's columns on screen. */
import type { Table } from '../../domain/report/assessment-view.js';

export function ReportTable(props: { table: Table; caption?: string }) {
  const { table } = props;
  return (
    <div class="wide">
      <table>
        {props.caption ? <caption>{props.caption}</caption> : null}
        <thead><tr>{table.header.map((h) => <th scope="col">{h}</th>)}</tr></thead>
        <tbody>
          {table.rows.map((r) => <tr>{r.map((v) => <td class={typeof v === 'number' ? 'num' : ''}>{v}</td>)}</tr>)}
        </tbody>
        {table.totals ? <tfoot><tr>{table.totals.map((v) => <th class={typeof v === 'number' ? 'num' : ''}>{v}</th>)}</tr></tfoot> : null}
      </table>
    </div>
  );
}
