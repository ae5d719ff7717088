/** 我的待办: the viewer's open duties and the forms waiting for their step (`todoItems`, as in chat). */
import type { Hono } from 'hono';
import type { AppDeps } from '../../app/deps.js';
import { waitingForms } from '../../app/todo.js';
import { FORM_STATE_ZH } from '../../domain/form/form.js';
import { ACTION_ZH } from '../../domain/form/form-transitions.js';
import { formRef } from '../../domain/form/form-views.js';
import { RULE_ZH } from '../../texts/notices.js';
import type { WebEnv } from '../app.js';
import { at, Empty, page, who } from './parts.js';

export function todoPage(app: Hono<WebEnv>, deps: AppDeps): void {
  app.get('/', async (c) => {
    const viewer = c.get('viewer');
    const now = deps.clock.now();
    const { duties, waiting } = await deps.store.transaction(async (tx) => ({
      duties: (await tx.duties.openForPerson(viewer.id)).sort((a, b) => a.dueAt - b.dueAt),
      waiting: await waitingForms(tx, deps, viewer.id),
    }));
    return page(c, '我的待办 / My duties', '/', (
      <>
        <h2>待回复 Duties to answer</h2>
        {duties.length === 0 ? <Empty /> : (
          <table class="wide">
            <thead><tr><th>编号</th><th>事项</th><th>类别</th><th>来自</th><th>截止</th></tr></thead>
            <tbody>
              {duties.map((d) => (
                <tr>
                  <td>{d.subject.kind === 'form' ? <a href={`/forms/${encodeURIComponent(d.subject.ref)}`}>{d.subject.ref}</a> : d.subject.ref}</td>
                  <td>{d.title}</td>
                  <td>{RULE_ZH[d.rule] ?? d.rule}</td>
                  <td>{d.subject.kind === 'feedback' ? '—' : who(deps, d.from)}</td>
                  <td class={d.dueAt < now ? 'warn' : ''}>{at(deps, d.dueAt)}{d.dueAt < now ? '(已逾期)' : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h2>联络单待办 Forms waiting for me</h2>
        {waiting.length === 0 ? <Empty /> : (
          <table class="wide">
            <thead><tr><th>编号</th><th>主题</th><th>状态</th><th>期限</th><th>可以</th></tr></thead>
            <tbody>
              {waiting.map(([f, acts]) => (
                <tr>
                  <td><a href={`/forms/${encodeURIComponent(formRef(f))}`}>{formRef(f)}</a></td>
                  <td>{f.subject}</td>
                  <td>{FORM_STATE_ZH[f.state]}</td>
                  <td class={f.deadline < now ? 'warn' : ''}>{at(deps, f.deadline)}</td>
                  <td>{acts.map((a) => ACTION_ZH[a]).join(' / ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </>
    ));
  });
}
