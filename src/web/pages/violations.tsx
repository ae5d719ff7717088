/**
 * 违规: a month's violations — everyone's for HR and 总经办, one's own for anyone else (the rule of
 * the chat's 违规 command) — by person, rule and tier, with fines. HR waives one with a reason
 * through `waive`, the chat command's use case.
 */
import type { Hono } from 'hono';
import type { AppDeps } from '../../app/deps.js';
import { waive } from '../../app/violations.js';
import { formatDurationZh } from '../../domain/duration.js';
import { localMonth } from '../../domain/local-time.js';
import { RULE_ZH } from '../../texts/notices.js';
import type { WebEnv } from '../app.js';
import { at, dept, Empty, monthParam, page, who } from './parts.js';

export function violationPages(app: Hono<WebEnv>, deps: AppDeps): void {
  app.get('/violations', async (c) => {
    const viewer = c.get('viewer');
    const month = monthParam(c) ?? localMonth(deps.clock.now(), deps.policy.timezone);
    const seesAll = viewer.hr || viewer.gm;
    const list = await deps.store.transaction((tx) => tx.violations.list(seesAll ? { month } : { month, person: viewer.id }));
    list.sort((a, b) => a.person.localeCompare(b.person) || a.rule.localeCompare(b.rule) || a.dueAt - b.dueAt);
    const counted = list.filter((v) => !v.waived);
    const notice = c.req.query('done') === '1' ? '已豁免,同月之后的违规已重新计次。— Waived.' : undefined;
    return page(c, `违规 ${month} / Violations`, '/violations', (
      <>
        <form class="filters" method="get" action="/violations">
          <label>月份 Month<input type="month" name="month" value={month} /></label>
          <button type="submit">查看 Show</button>
          <span class="muted">{seesAll ? '全公司 Company' : '我本人 Mine'}</span>
        </form>
        {notice ? <p class="banner" role="status">{notice}</p> : null}
        <p>计入 {counted.length} 次,罚款合计 <strong>{counted.reduce((s, v) => s + v.fine, 0)}</strong> 元;已豁免 {list.length - counted.length} 次。</p>
        {list.length === 0 ? <Empty /> : (
          <table class="wide">
            <thead><tr><th>编号</th><th>人员</th><th>部门</th><th>规则</th><th>事项</th><th>截止</th><th>逾期</th><th>第几次</th><th class="num">罚款(元)</th><th>豁免</th></tr></thead>
            <tbody>
              {list.map((v) => (
                <tr>
                  <td>WG{v.id}</td>
                  <td>{who(deps, v.person)}</td>
                  <td>{dept(deps, deps.org.personById.get(v.person)?.department ?? '')}</td>
                  <td>{RULE_ZH[v.rule] ?? v.rule}</td>
                  <td>{v.subjectRef}《{v.title}》</td>
                  <td>{at(deps, v.dueAt)}</td>
                  <td>{v.lateMs !== undefined ? formatDurationZh(v.lateMs) : '尚未回复'}</td>
                  <td class="num">{v.waived ? '—' : v.tier}</td>
                  <td class="num">{v.waived ? 0 : v.fine}</td>
                  <td>
                    {v.waived ? `已豁免:${v.waiveReason ?? ''}(${who(deps, v.waivedBy ?? '')})` : viewer.hr ? (
                      <form method="post" action={`/violations/${v.id}/waive`}>
                        <input type="hidden" name="csrf" value={c.get('session').csrf} />
                        <input type="hidden" name="month" value={month} />
                        <label>理由 Reason <input name="reason" required maxlength={200} /></label>
                        <button type="submit">豁免 Waive</button>
                      </form>
                    ) : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </>
    ));
  });

  app.post('/violations/:id/waive', async (c) => {
    const viewer = c.get('viewer');
    const id = Number.parseInt(c.req.param('id'), 10);
    const body = await c.req.parseBody();
    const reason = typeof body['reason'] === 'string' ? body['reason'].trim().slice(0, 200) : '';
    const month = typeof body['month'] === 'string' && /^\d{4}-\d{2}$/.test(body['month']) ? body['month'] : '';
    if (!Number.isSafeInteger(id) || !reason) return page(c, '豁免失败 / Not waived', '/violations', <p>请填写豁免理由。— A reason is required.</p>, 403);
    const reply = await waive(deps, viewer.id, id, reason);
    if (reply.refused) return page(c, '豁免失败 / Not waived', '/violations', <>{reply.lines.map((l) => <p>{l}</p>)}<p><a href="/violations">返回</a></p></>, 403);
    return c.redirect(`/violations?month=${month}&done=1`, 303);
  });
}
