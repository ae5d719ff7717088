/**
 * 表扬名单 and 发布表扬 (issue 16 part 4). `表扬名单 [YYYY-MM]` shows HR and 总经办 the month's list
 * (default: the previous month; a month under way is shown as of now). `发布表扬 [YYYY-MM]` is HR's
 * one command that sends it: the list to the company channel of the 公示 (`announcements`) and a
 * word to each person on it, once per month (keys `commend:<YYYY-MM>:public` and
 * `commend:<YYYY-MM>:<person>`), only for a month that is over. Anonymous items never count
 * (`recognition.ts`).
 */
import { deptWithRole, isMemberOf, type PersonId } from '../../domain/org.js';
import type { OutgoingMessage } from '../../domain/message.js';
import { isMonth, monthRange, previousMonth } from '../../domain/report/period.js';
import { commendationList, whyCommended } from '../../domain/report/recognition-view.js';
import { TC } from '../../texts/commendation.js';
import { TR } from '../../texts/reports.js';
import type { AppDeps, Reply } from '../deps.js';
import { buildRecognition } from './build-recognition.js';

const refused = (line: string): Reply => ({ refused: true, lines: [line] });

/** The month asked for, or why it cannot be used. */
function monthOf(deps: AppDeps, month: string | undefined): string | Reply {
  const now = deps.clock.now();
  const m = month ?? previousMonth(now, deps.policy.timezone);
  if (!isMonth(m)) return refused(TR.cliBadMonth(m));
  if (monthRange(m, deps.policy.timezone).from > now) return refused(TR.cliFutureMonth(m));
  return m;
}

export async function showCommendations(deps: AppDeps, actor: PersonId, month?: string): Promise<Reply> {
  const { org } = deps;
  if (!isMemberOf(org, actor, deptWithRole(org, 'hr').code) && !isMemberOf(org, actor, deptWithRole(org, 'gm_office').code)) return refused(TC.viewRefused);
  const m = monthOf(deps, month);
  if (typeof m !== 'string') return m;
  return commendationList(await buildRecognition(deps, m, deps.clock.now()), m, org.company);
}

export async function publishCommendations(deps: AppDeps, actor: PersonId, month?: string): Promise<Reply> {
  const { org } = deps;
  if (!isMemberOf(org, actor, deptWithRole(org, 'hr').code)) return refused(TC.publishRefused);
  const m = monthOf(deps, month);
  if (typeof m !== 'string') return m;
  const now = deps.clock.now();
  if (monthRange(m, deps.policy.timezone).to > now) return refused(TC.monthNotOver(m));
  const publicKey = `commend:${m}:public`;
  if ((await deps.store.transaction((tx) => tx.outbox.presentKeys([publicKey]))).length) return refused(TC.alreadyPublished(m));
  const r = await buildRecognition(deps, m, now);
  if (!r.commendedPeople.length && !r.commendedDepartments.length) return { lines: [TC.publishedEmpty(m)] };
  const messages: OutgoingMessage[] = [
    { key: publicKey, to: { kind: 'announcements' }, view: commendationList(r, m, org.company) },
    ...r.commendedPeople.map((p) => ({ key: `commend:${m}:${p.key}`, to: { kind: 'person' as const, person: p.key }, view: { title: TC.listTitle(m, org.company), lines: [TC.toCommended(m, whyCommended(p))] } })),
  ];
  return deps.store.transaction(async (tx) => {
    // Re-checked in the transaction: two HR members publishing at once send it once.
    if ((await tx.outbox.presentKeys([publicKey])).length) return refused(TC.alreadyPublished(m));
    await tx.outbox.enqueue(messages, now);
    const after = { month: m, people: r.commendedPeople.map((p) => p.key), departments: r.commendedDepartments.map((d) => d.key) };
    await tx.audit.append([{ at: now, actor, action: 'report.commendation', entity: 'system', entityId: `commend:${m}`, after }]);
    return { lines: [TC.published(m, r.commendedPeople.length, r.commendedDepartments.length)] };
  });
}
