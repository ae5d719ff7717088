/**
 * Reads one month's 表扬 facts in one transaction — every `RECOGNITION_SOURCES` source, the
 * month's violations, the items resolved in it — and builds the recognition model (issue 16
 * part 4). Used by the monthly assessment and by 表扬名单 / 发布表扬.
 */
import { DEFAULT_COMMENDATION } from '../../domain/report/commendation-rule.js';
import { recognition, type PunctualityFact, type Recognition } from '../../domain/report/recognition.js';
import { monthRange } from '../../domain/report/period.js';
import type { AppDeps } from '../deps.js';
import { RECOGNITION_SOURCES, type RecognitionSource } from './recognition-sources.js';

export async function buildRecognition(deps: AppDeps, month: string, asOf: number, sources: readonly RecognitionSource[] = RECOGNITION_SOURCES): Promise<Recognition> {
  const { from, to } = monthRange(month, deps.policy.timezone);
  return deps.store.transaction(async (tx) => {
    // The month's violations once, for every source and the model (they were read per source).
    const violations = await tx.violations.list({ month });
    const facts: PunctualityFact[] = [];
    for (const s of sources) facts.push(...(await s.read(tx, { month, from, to, asOf, violations })));
    const resolvedItems = await tx.feedback.list({ resolvedFrom: from, resolvedTo: to });
    const categories = deps.policy.feedback.categories;
    return recognition({
      org: deps.org,
      rule: deps.policy.commendation ?? DEFAULT_COMMENDATION,
      from,
      to,
      facts,
      violations,
      resolvedItems,
      isPublic: (c) => categories[c].public,
    });
  });
}
