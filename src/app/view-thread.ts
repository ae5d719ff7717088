/**
 * 查看 <编号>: the whole thread of a form (card plus every event), or a notice with who has
 * acknowledged it. Only people the form concerns may read it; others hear it was not found, so a
 * number reveals nothing.
 */
import { canView } from '../domain/form/form-roles.js';
import { displaySubject, eventLine, formCard } from '../domain/form/form-views.js';
import { formatLocal } from '../domain/local-time.js';
import { neverReached, NOTICE_KIND_ZH } from '../domain/notice.js';
import { personName, type PersonId } from '../domain/org.js';
import { readTimeOf } from '../domain/read-receipt.js';
import { TN } from '../texts/notices.js';
import { T } from '../texts/zh.js';
import type { AppDeps, Reply } from './deps.js';
import { parseFormRef } from './form-lookup.js';

export async function viewThread(deps: AppDeps, actor: PersonId, ref: string): Promise<Reply> {
  const { org, policy } = deps;
  const tz = policy.timezone;
  return deps.store.transaction(async (tx) => {
    if (/^TZ\d+$/.test(ref)) {
      const n = await tx.notices.byRef(ref);
      if (!n || (n.from !== actor && !n.recipients.includes(actor))) return { refused: true, lines: [T.unknownNotice(ref)] };
      const reads = await tx.readReceipts.forNotices([n.id]);
      // Each recipient's duty (one read for the notice; the latest per person): open, done, or
      // ended because the notice never reached them.
      const duties = new Map((await tx.duties.forSubjects('notice', [n.id])).map((d) => [d.person, d]));
      const status = n.recipients.map((p) => {
        const duty = duties.get(p);
        const readAt = readTimeOf(reads, n.id, p);
        // 已读未回: the platform says it was read, but no 收到 came (evidence, not an ack).
        const state =
          duty?.status === 'open' ? (readAt === undefined ? '未确认' : `未确认,${TN.readUnanswered(formatLocal(readAt, tz))}`)
          : duty && neverReached(duty) ? TN.undeliveredState
          : '已确认';
        return `${personName(org, p)}:${state}`;
      });
      return {
        title: `${NOTICE_KIND_ZH[n.kind]} ${n.ref}`,
        lines: [`${formatLocal(n.createdAt, tz)} ${personName(org, n.from)}:${n.text}`, ...status],
      };
    }
    const parsed = parseFormRef(ref);
    const form = !parsed ? undefined : 'id' in parsed ? await tx.forms.byId(parsed.id) : await tx.forms.byNumber(parsed.number);
    if (!form || !canView(org, form, actor)) return { refused: true, lines: [T.unknownForm(ref)] };
    const events = await tx.formEvents.forForm(form.id);
    const card = formCard(form, org, tz);
    const fields = (card.fields ?? []).map(([k, v]) => `${k}:${v}`);
    const whole = displaySubject(form.subject) !== form.subject ? [`主题(全文):${form.subject}`] : [];
    return { title: card.title, lines: [...whole, ...fields, '往来记录:', ...events.map((e) => eventLine(e, org, tz))] };
  });
}
