/** 逾期: overdue forms, notices and escalations in the viewer's scope, by department, with working-time ages. */
import type { Hono } from 'hono';
import { OVERDUE_LIMIT, overdueView } from '../../app/dashboard/overdue-view.js';
import type { AppDeps } from '../../app/deps.js';
import type { WebEnv } from '../app.js';
import { dept, Empty, page, param } from './parts.js';

const KIND_ZH = { form_unsigned: '未签收', form_overdue: '未完成', notice: '未回复', escalation: '上报未结', feedback: '反馈逾期', report: '汇报未交' } as const;

export function overduePage(app: Hono<WebEnv>, deps: AppDeps): void {
  app.get('/overdue', async (c) => {
    const viewer = c.get('viewer');
    const only = param(c, 'dept', 16);
    const view = await overdueView(deps, viewer.overdueScope, deps.clock.now(), deps.org.deptByCode.has(only) ? only : undefined);
    const scopeText = viewer.overdueScope === 'all' ? '全公司 Company' : viewer.supervisor ? '我负责的部门 My departments' : '我本人 Mine';
    return page(c, '逾期 / Overdue', '/overdue', (
      <>
        <form class="filters" method="get" action="/overdue" hx-get="/overdue" hx-target="#results" hx-select="#results" hx-trigger="change">
          <label>部门 Department
            <select name="dept">
              <option value="">全部 All</option>
              {deps.org.departments.map((d) => <option value={d.code} selected={d.code === only}>{d.name}</option>)}
            </select>
          </label>
          <button type="submit">筛选 Filter</button>
          <span class="muted">范围:{scopeText}</span>
        </form>
        <div id="results">
          <p>逾期应尽义务 {view.totals.duties} 项,逾期或上报中的联络单 {view.totals.forms} 张。{view.truncated ? `(各显示最早的 ${OVERDUE_LIMIT} 项)` : ''}</p>
          {view.groups.length === 0 ? <Empty /> : view.groups.map((g) => (
            <section aria-label={dept(deps, g.dept)}>
              <h2>{dept(deps, g.dept)}({g.dept})· {g.items.length} 项</h2>
              <table class="wide">
                <thead><tr><th>类别</th><th>编号</th><th>详情</th></tr></thead>
                <tbody>
                  {g.items.map((i) => (
                    <tr>
                      <td>{KIND_ZH[i.kind]}</td>
                      <td>{i.kind === 'notice' ? i.ref : <a href={`/forms/${encodeURIComponent(i.ref)}`}>{i.ref}</a>}</td>
                      <td>{i.line}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ))}
        </div>
      </>
    ));
  });
}
