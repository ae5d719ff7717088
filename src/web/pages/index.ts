/** Every dashboard page, mounted on the app (src/web/app.tsx). */
import type { Hono } from 'hono';
import type { AppDeps } from '../../app/deps.js';
import type { WebEnv } from '../app.js';
import { assessmentPages } from './assessment.js';
import { formPages } from './forms.js';
import { formDetailPages } from './form-detail.js';
import { miscPages } from './misc.js';
import { overduePage } from './overdue.js';
import { todoPage } from './todo.js';
import { violationPages } from './violations.js';

export function registerPages(app: Hono<WebEnv>, deps: AppDeps): void {
  todoPage(app, deps);
  overduePage(app, deps);
  formPages(app, deps);
  formDetailPages(app, deps);
  violationPages(app, deps);
  assessmentPages(app, deps);
  miscPages(app, deps);
}
