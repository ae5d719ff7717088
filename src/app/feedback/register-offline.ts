/**
 * 代登记 (issue 16 part 3): the feedback group or a recorder registers items that came in outside
 * chat — a meeting's minutes (one message, one item per line), the 反馈箱, a 面谈, a 电话, an 邮件 —
 * all in one transaction (a refused line refuses them all and takes no number). Each item is an
 * ordinary item from then on: the same lifecycle, deadlines, duties and 公示.
 *
 * The person an item came from, when known and in the directory, is its submitter and hears back
 * in chat like one. An anonymous item never stores that person: when known, their address is
 * sealed exactly like an anonymous chat sender's (so questions reach them and they may answer as
 * 匿名反馈人); an anonymous box item from nobody known seals nothing and hears back nowhere.
 */
import { CATEGORY_ZH, type FeedbackItem, type OfflineOrigin, type OfflineSource } from '../../domain/feedback/feedback.js';
import { formatLocal } from '../../domain/local-time.js';
import { personName, type PersonId } from '../../domain/org.js';
import { RefusalError, refuse } from '../../domain/refusal.js';
import { TF } from '../../texts/feedback.js';
import { TFO } from '../../texts/feedback-offline.js';
import type { AppDeps, Reply } from '../deps.js';
import type { Tx } from '../ports.js';
import { fail, transact } from '../transact.js';
import { submitterRecipient, type FeedbackActor } from './feedback-lookup.js';
import { mayRecord, offlineLabel, originAddress, registeredLine } from './offline-origin.js';
import { registerFeedback } from './register-feedback.js';
import type { FeedbackDraft, IntakeChannel } from './submit-feedback.js';

/** Who an item came from: a person of the directory, or a name as the recorder wrote it. */
export type OfflinePerson = { person: PersonId } | { name: string };

/** One item to register, with the line of the message it was on (for refusals). */
export interface OfflineItemDraft {
  draft: FeedbackDraft;
  origin?: OfflinePerson;
  line: number;
}

/** What one 代登记 message registers. */
export interface OfflineBatch {
  source: OfflineSource;
  meeting?: { date: string; name: string };
  items: OfflineItemDraft[];
}

export async function registerOffline(deps: AppDeps, actor: FeedbackActor, where: IntakeChannel, batch: OfflineBatch): Promise<Reply> {
  if (!mayRecord(deps.org, actor.person)) return { refused: true, lines: [TFO.notRecorder] };
  const anonymous = batch.items.some((i) => i.draft.anonymous);
  if (anonymous && !deps.sealer) return { refused: true, lines: [TFO.anonymousNeedsSecret] };
  if (anonymous && where.kind !== 'dm') return { refused: true, lines: [TF.anonymousOnlyInDm] };
  const label = offlineLabel(batch);
  return transact(deps, async (tx) => {
    const items: FeedbackItem[] = [];
    for (const it of batch.items) items.push(await registerOne(tx, deps, actor, batch, it, label));
    const at = formatLocal(deps.clock.now(), deps.policy.timezone);
    return { lines: [TFO.registered(items.length, label, at), ...items.map((i) => registeredLine(deps, i))], ...(anonymous ? { confidential: true } : {}) };
  });
}

async function registerOne(tx: Tx, deps: AppDeps, actor: FeedbackActor, batch: OfflineBatch, it: OfflineItemDraft, label: string): Promise<FeedbackItem> {
  const { org } = deps;
  const person = it.origin && 'person' in it.origin ? it.origin.person : undefined;
  const anonymous = it.draft.anonymous;
  const sealed = anonymous && person ? deps.sealer!.seal(originAddress(org, person, actor.platform)) : undefined;
  const offline: OfflineOrigin = {
    source: batch.source,
    recordedBy: actor.person,
    ...(batch.meeting ? { meeting: batch.meeting } : {}),
    ...(!anonymous && it.origin && 'name' in it.origin ? { originName: it.origin.name } : {}),
  };
  // The department concerned: as written; else the person's own; for a named item from nobody in
  // the directory, the recorder's (the meeting's department); anonymous ones 总经办 (intake's rule).
  const recorderDept = org.personById.get(actor.person)?.department;
  const dept = it.draft.dept ?? (!anonymous && !person ? recorderDept : undefined);
  let item: FeedbackItem;
  try {
    item = await registerFeedback(
      tx,
      deps,
      {
        category: it.draft.category,
        description: it.draft.description,
        ...(dept ? { dept } : {}),
        ...(it.draft.timeNode ? { timeNode: it.draft.timeNode } : {}),
        ...(it.draft.expected ? { expected: it.draft.expected } : {}),
        anonymous,
        ...(!anonymous && person ? { submitter: person } : {}),
        source: { platform: actor.platform, channel: `offline:${batch.source}` },
        offline,
      },
      sealed,
    );
  } catch (e) {
    if (e instanceof RefusalError && batch.items.length > 1) fail(refuse(e.refusal.code, TFO.lineError(it.line, e.refusal.message)));
    throw e;
  }
  // The person it came from hears back like a submitter (never the recorder about their own words).
  const to = person !== actor.person ? submitterRecipient(item, sealed) : undefined;
  if (to) {
    const at = formatLocal(item.registeredAt, deps.policy.timezone);
    const category = CATEGORY_ZH[item.category];
    const line = anonymous ? TFO.toOriginAnonymous(label, item.number, category, at) : TFO.toOrigin(personName(org, actor.person), label, item.number, category, at);
    await tx.outbox.enqueue([{ key: `fb:${item.number}:e0:submitter`, to, view: { title: TF.yourItem(item.number), lines: [line] } }], item.registeredAt);
  }
  return item;
}
