/**
 * One form: the card and its whole thread, and the printable 工作联络单 — an A4 sheet in the seed's
 * layout (编号, 发函/接收部门, 性质, 时间, 地点, 人物, 事件, 要求完成结果, 审批, 签收, 完成结果, 结案)
 * with the history on a second page (print stylesheet in layout.tsx). Only people `canView`
 * allows see it; anyone else gets the same 404 as for a number that does not exist.
 */
import type { Hono } from 'hono';
import { parseFormRef } from '../../app/form-lookup.js';
import type { AppDeps } from '../../app/deps.js';
import { canView } from '../../domain/form/form-roles.js';
import { FORM_NATURE_ZH, FORM_STATE_ZH, type FormEvent, type LiaisonForm } from '../../domain/form/form.js';
import { formCard, formRef } from '../../domain/form/form-views.js';
import type { WebEnv } from '../app.js';
import { at, dept, page, who } from './parts.js';

function lastOf(events: FormEvent[], kind: FormEvent['kind']): FormEvent | undefined {
  return events.filter((e) => e.kind === kind).at(-1);
}

function Sheet(props: { deps: AppDeps; form: LiaisonForm; events: FormEvent[] }) {
  const { deps, form: f, events } = props;
  const d = f.details;
  const approved = lastOf(events, 'issued') ?? lastOf(events, 'approved'); // approval issues the form
  const signed = lastOf(events, 'signed');
  const done = lastOf(events, 'done');
  const closed = lastOf(events, 'closed');
  const step = (e: FormEvent | undefined) => (e ? `${who(deps, e.actor)}  ${at(deps, e.at)}` : '');
  return (
    <table class="sheet" aria-label="工作联络单">
      <caption>工作联络单</caption>
      <tbody>
        <tr><th>编号</th><td>{formRef(f)}</td><th>性质</th><td>{FORM_NATURE_ZH[f.nature]}{f.urgent ? '(紧急)' : ''}</td></tr>
        <tr><th>发函部门</th><td>{dept(deps, f.issuingDept)}</td><th>接收部门</th><td>{dept(deps, f.receivingDept)}</td></tr>
        <tr><th>承办人</th><td>{who(deps, f.issuer)}</td><th>完成期限</th><td>{at(deps, f.deadline)}</td></tr>
        <tr><th>主题</th><td colspan={3}>{f.subject}</td></tr>
        <tr><th>时间</th><td colspan={3}>{d.time ?? ''}</td></tr>
        <tr><th>地点</th><td colspan={3}>{d.place ?? ''}</td></tr>
        <tr><th>人物</th><td colspan={3}>{d.people ?? ''}</td></tr>
        <tr><th>事件</th><td colspan={3} style="height:6em">{d.event ?? ''}</td></tr>
        <tr><th>要求完成结果</th><td colspan={3} style="height:4em">{d.requiredResult ?? ''}</td></tr>
        <tr><th>审批</th><td colspan={3}>发函部门负责人:{step(approved)}</td></tr>
        <tr><th>签收</th><td colspan={3}>接收部门负责人:{step(signed)}{f.implementers.length ? ` · 实施人:${f.implementers.map((p) => who(deps, p)).join('、')}` : ''}</td></tr>
        <tr><th>完成结果</th><td colspan={3} style="height:4em">{f.result ?? ''}{done ? `(${step(done)})` : ''}</td></tr>
        <tr><th>结案</th><td colspan={3}>{f.evaluation ? `评价:${f.evaluation} · ` : ''}{step(closed)}</td></tr>
      </tbody>
    </table>
  );
}

export function formDetailPages(app: Hono<WebEnv>, deps: AppDeps): void {
  app.get('/forms/:ref', async (c) => {
    const viewer = c.get('viewer');
    const ref = c.req.param('ref').slice(0, 40);
    const parsed = parseFormRef(ref);
    const found = parsed
      ? await deps.store.transaction(async (tx) => {
          const form = 'id' in parsed ? await tx.forms.byId(parsed.id) : await tx.forms.byNumber(parsed.number);
          if (!form || !canView(deps.org, form, viewer.id)) return undefined;
          return { form, events: await tx.formEvents.forForm(form.id) };
        })
      : undefined;
    if (!found) return page(c, '找不到联络单 / Not found', '/forms', <p>找不到联络单「{ref}」,或您无权查看。</p>, 404);
    const { form, events } = found;
    const card = formCard(form, deps.org, deps.policy.timezone);
    return page(c, `工作联络单 ${formRef(form)}`, '/forms', (
      <>
        <div class="no-print">
          <p><a href="/forms">← 联络单列表</a> · <button type="button" data-print="1">打印 Print</button> <span class="muted">(浏览器菜单「打印」同样可用)</span></p>
          <table class="wide">
            <tbody>
              <tr><th>主题</th><td>{form.subject}</td></tr>
              {(card.fields ?? []).map(([k, v]) => <tr><th>{k}</th><td>{v}</td></tr>)}
            </tbody>
          </table>
        </div>
        <div class="print-only"><Sheet deps={deps} form={form} events={events} /></div>
        <h2 class="page-break">往来记录 History · {FORM_STATE_ZH[form.state]}</h2>
        <table>
          <thead><tr><th>时间</th><th>人员</th><th>内容</th></tr></thead>
          <tbody>
            {events.map((e) => <tr><td>{at(deps, e.at)}</td><td>{who(deps, e.actor)}</td><td>{e.text}</td></tr>)}
          </tbody>
        </table>
      </>
    ));
  });
}
