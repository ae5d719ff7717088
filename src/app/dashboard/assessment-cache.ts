/**
 * The 月度考评 page reads a whole month (forms, their duties and events, violations) and folds it;
 * with 10,000 forms that is most of a page's time. The model only changes when the data does, or
 * as time passes (an open duty becomes late), so it is kept per month and reused while the data
 * version (the newest audit row: every state change appends one, rule 4) and the minute of `now`
 * are the same. A waiver, a signature, any change — the next request builds it anew.
 */
import type { MonthlyAssessment } from '../../domain/report/monthly-assessment.js';
import type { AppDeps } from '../deps.js';
import { buildMonthlyAssessment } from '../reports/build-monthly-assessment.js';
import { BoundedCache } from '../../domain/bounded-cache.js';

const MAX_MONTHS = 24;
const caches = new WeakMap<AppDeps['store'], BoundedCache<string, { key: string; model: MonthlyAssessment }>>();

export async function cachedAssessment(deps: AppDeps, month: string, now: number): Promise<MonthlyAssessment> {
  const version = await deps.store.transaction((tx) => tx.dashboard.dataVersion());
  const key = `${version}:${Math.floor(now / 60_000)}`;
  let cache = caches.get(deps.store);
  if (!cache) caches.set(deps.store, (cache = new BoundedCache<string, { key: string; model: MonthlyAssessment }>(MAX_MONTHS)));
  const hit = cache.get(month);
  if (hit?.key === key) return hit.model;
  const model = await buildMonthlyAssessment(deps, month, now);
  cache.set(month, { key, model });
  return model;
}
