/** Small pieces the pages share: times, departments, people, the page frame for a viewer. */
import type { Child } from 'hono/jsx';
import type { AppDeps } from '../../app/deps.js';
import { formatLocal } from '../../domain/local-time.js';
import { personName } from '../../domain/org.js';
import type { WebContext } from '../app.js';
import { Page } from '../layout.js';

/** Renders `children` in the frame for the signed-in viewer. */
export function page(c: WebContext, title: string, path: string, children: Child, status: 200 | 403 | 404 = 200) {
  return c.html(
    <Page title={title} viewer={c.get('viewer')} path={path} csrf={c.get('session').csrf}>
      {children}
    </Page>,
    status,
  );
}

export const at = (deps: AppDeps, ms: number | undefined) => (ms === undefined ? '—' : formatLocal(ms, deps.policy.timezone));
export const who = (deps: AppDeps, id: string) => personName(deps.org, id);
export const dept = (deps: AppDeps, code: string) => deps.org.deptByCode.get(code)?.name ?? code;

/** A query parameter as a short trimmed string (anything longer is cut; never used in SQL text). */
export function param(c: WebContext, name: string, max = 100): string {
  return (c.req.query(name) ?? '').trim().slice(0, max);
}

/** `YYYY-MM` or undefined. */
export function monthParam(c: WebContext): string | undefined {
  const m = param(c, 'month', 7);
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(m) ? m : undefined;
}

export function Empty() {
  return <p class="muted">没有记录。— Nothing here.</p>;
}
