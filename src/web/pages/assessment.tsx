/**
 * 月度考评: a month's assessment (`buildMonthlyAssessment`, as the monthly job and the CLI build it)
 * with charts and the XLSX/CSV download, for HR and 总经办 (who receive it in chat).
 */
import type { Hono } from 'hono';
import { cachedAssessment } from '../../app/dashboard/assessment-cache.js';
import type { AppDeps } from '../../app/deps.js';
import { localMonth } from '../../domain/local-time.js';
import { peopleTable, summaryTable, violationTable } from '../../domain/report/assessment-view.js';
import { assessmentCsv } from '../../infra/report/assessment-csv.js';
import { assessmentWorkbook } from '../../infra/report/assessment-xlsx.js';
import { raw } from 'hono/html';
import type { WebEnv, WebContext } from '../app.js';
import { barChart } from '../charts.js';
import { monthParam, page } from './parts.js';
import { ReportTable } from './report-table.js';

function previousMonth(deps: AppDeps): string {
  const now = deps.clock.now();
  const [y, m] = localMonth(now, deps.policy.timezone).split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

function refused(c: WebContext) {
  return page(c, '月度考评 / Assessment', '/assessment', <p>月度考评只对人力行政部和总经办开放。— For HR and the general manager's office only.</p>, 403);
}

export function assessmentPages(app: Hono<WebEnv>, deps: AppDeps): void {
  app.get('/assessment', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer.hr && !viewer.gm) return refused(c);
    const month = monthParam(c) ?? previousMonth(deps);
    const model = await cachedAssessment(deps, month, deps.clock.now());
    const tz = deps.policy.timezone;
    const depts = model.departments;
    const formsChart = barChart({
      title: `${month} 联络单签收 Forms signed`,
      categories: depts.map((d) => d.label),
      series: [
        { name: '按时签收', data: depts.map((d) => d.forms.signedOnTime) },
        { name: '逾期签收', data: depts.map((d) => d.forms.signedLate) },
        { name: '未签收', data: depts.map((d) => d.forms.unsigned) },
      ],
    });
    const finesChart = barChart({
      title: `${month} 违规与罚款 Violations and fines`,
      categories: depts.map((d) => d.label),
      series: [
        { name: '违规次数', data: depts.map((d) => d.violations.tiers[0] + d.violations.tiers[1] + d.violations.tiers[2]) },
        { name: '罚款(元)', data: depts.map((d) => d.violations.fines) },
      ],
    });
    return page(c, `月度考评 ${month} / Monthly assessment`, '/assessment', (
      <>
        <form class="filters" method="get" action="/assessment">
          <label>月份 Month<input type="month" name="month" value={month} /></label>
          <button type="submit">查看 Show</button>
          <a href={`/assessment/${month}.xlsx`}>下载 XLSX</a>
          <a href={`/assessment/${month}.csv`}>下载 CSV(违规明细)</a>
        </form>
        <p>罚款合计 <strong>{model.totals.violations.fines}</strong> 元 · 发函 {model.totals.forms.issued} 张 · 已豁免 {model.totals.violations.waived} 次</p>
        <figure class="chart" role="img" aria-label="各部门联络单签收情况">{raw(formsChart)}</figure>
        <figure class="chart" role="img" aria-label="各部门违规与罚款">{raw(finesChart)}</figure>
        <h2>部门汇总 Departments</h2>
        <ReportTable table={summaryTable(model)} />
        <h2>人员 People</h2>
        <ReportTable table={peopleTable(model)} />
        <h2>违规明细 Violations</h2>
        <ReportTable table={violationTable(model, deps.org, tz)} />
      </>
    ));
  });

  app.get('/assessment/:file', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer.hr && !viewer.gm) return refused(c);
    const m = /^(\d{4}-(?:0[1-9]|1[0-2]))\.(xlsx|csv)$/.exec(c.req.param('file'));
    if (!m) return c.notFound();
    const month = m[1]!;
    const model = await cachedAssessment(deps, month, deps.clock.now());
    const name = `yuedu-kaoping-${month}.${m[2]}`;
    c.header('content-disposition', `attachment; filename="${name}"`);
    if (m[2] === 'csv') return c.body(`\uFEFF${assessmentCsv(model, deps.org, deps.policy.timezone)}`, 200, { 'content-type': 'text/csv; charset=utf-8' });
    const buffer = await (await assessmentWorkbook(model, deps.org, deps.policy.timezone)).xlsx.writeBuffer();
    return c.body(new Uint8Array(buffer), 200, { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  });
}
