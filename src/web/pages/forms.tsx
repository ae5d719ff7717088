/**
 * 联络单: the forms the viewer may see (`canView`'s rule, in SQL and checked again per row), with
 * filters — state, department, month, overdue, text — 50 to a page, newest first.
 */
import type { Hono } from 'hono';
import type { FormFilter } from '../../app/dashboard/dashboard-ports.js';
import type { AppDeps } from '../../app/deps.js';
import { canView } from '../../domain/form/form-roles.js';
import { FORM_STATE_ZH, type FormState } from '../../domain/form/form.js';
import { formRef } from '../../domain/form/form-views.js';
import { monthRange } from '../../domain/report/period.js';
import type { WebEnv } from '../app.js';
import { at, dept, Empty, monthParam, page, param, who } from './parts.js';

export const PAGE_SIZE = 50;
const STATES = Object.keys(FORM_STATE_ZH) as FormState[];

export function formPages(app: Hono<WebEnv>, deps: AppDeps): void {
  app.get('/forms', async (c) => {
    const viewer = c.get('viewer');
    const now = deps.clock.now();
    const state = param(c, 'state', 16) as FormState;
    const deptCode = param(c, 'dept', 16);
    const month = monthParam(c);
    const overdue = param(c, 'overdue', 1) === '1';
    const text = param(c, 'q', 60);
    const pageNo = Math.max(1, Math.min(10_000, Number.parseInt(param(c, 'page', 6), 10) || 1));
    const filter: FormFilter = {};
    if (STATES.includes(state)) filter.states = [state];
    if (deps.org.deptByCode.has(deptCode)) filter.dept = deptCode;
    if (month) {
      const r = monthRange(month, deps.policy.timezone);
      filter.issuedFrom = r.from;
      filter.issuedTo = r.to;
    }
    if (overdue) filter.overdueAt = now;
    if (text) filter.text = text;
    const { forms, total } = await deps.store.transaction((tx) =>
      tx.dashboard.forms(filter, viewer.formAccess, { limit: PAGE_SIZE, offset: (pageNo - 1) * PAGE_SIZE }),
    );
    const visible = forms.filter((f) => canView(deps.org, f, viewer.id));
    const query = (p: number) => {
      const q = new URLSearchParams();
      if (filter.states) q.set('state', state);
      if (filter.dept) q.set('dept', deptCode);
      if (month) q.set('month', month);
      if (overdue) q.set('overdue', '1');
      if (text) q.set('q', text);
      q.set('page', String(p));
      return `/forms?${q.toString()}`;
    };
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    return page(c, '联络单 / Liaison forms', '/forms', (
      <>
        <form class="filters" method="get" action="/forms" hx-get="/forms" hx-target="#results" hx-select="#results" hx-trigger="change">
          <label>状态 State
            <select name="state">
              <option value="">全部 All</option>
              {STATES.map((s) => <option value={s} selected={filter.states?.[0] === s}>{FORM_STATE_ZH[s]}</option>)}
            </select>
          </label>
          <label>部门 Department
            <select name="dept">
              <option value="">全部 All</option>
              {deps.org.departments.map((d) => <option value={d.code} selected={d.code === filter.dept}>{d.name}</option>)}
            </select>
          </label>
          <label>月份 Month<input type="month" name="month" value={month ?? ''} /></label>
          <label><span>仅逾期 Overdue only</span><input type="checkbox" name="overdue" value="1" checked={overdue} /></label>
          <label>文字 Text<input type="search" name="q" value={text} maxlength={60} placeholder="编号或主题" /></label>
          <button type="submit">筛选 Filter</button>
        </form>
        <div id="results">
          <p>共 {total} 张 · 第 {pageNo}/{pages} 页</p>
          {visible.length === 0 ? <Empty /> : (
            <table class="wide">
              <thead><tr><th>编号</th><th>主题</th><th>发函部门</th><th>接收部门</th><th>承办人</th><th>状态</th><th>期限</th></tr></thead>
              <tbody>
                {visible.map((f) => (
                  <tr>
                    <td><a href={`/forms/${encodeURIComponent(formRef(f))}`}>{formRef(f)}</a>{f.urgent ? <span class="warn"> 急</span> : null}</td>
                    <td>{f.subject}</td>
                    <td>{dept(deps, f.issuingDept)}</td>
                    <td>{dept(deps, f.receivingDept)}</td>
                    <td>{who(deps, f.issuer)}</td>
                    <td>{FORM_STATE_ZH[f.state]}</td>
                    <td class={f.deadline < now && !['done', 'closed'].includes(f.state) ? 'warn' : ''}>{at(deps, f.deadline)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <nav class="pager" aria-label="分页 Pages">
            {pageNo > 1 ? <a href={query(pageNo - 1)}>上一页 Previous</a> : null}
            {pageNo < pages ? <a href={query(pageNo + 1)}>下一页 Next</a> : null}
          </nav>
        </div>
      </>
    ));
  });
}
