/**
 * The shared inbound pipeline (ARCHITECTURE rule 12, issue 9 §3): what every platform's stored
 * event goes through once a worker has claimed it, written once for all of them.
 *
 *   decode (the adapter's, pure) → directory lookup (a stranger is told so, nothing stored) →
 *   place → where (a thread root stands for its form; a group is its department's chat) →
 *   card binding on platforms without threads → the router → the reply, as an outbox row.
 *
 * Runs inside the worker's transaction: `deps.store` is joined to it, so the use case's writes,
 * the reply's outbox row and the inbox row marked done commit together (or not at all).
 *
 * The reply path honours confidentiality: an answer that shows a person their own anonymous item
 * (`Reply.confidential`) goes to a `sealed` recipient — the platform address and its routing data
 * encrypted, so no table, log line or dead-letter notice ties the person to the item. Nothing here
 * logs a sender's id, except a stranger's (someone not in the directory, who can have no
 * anonymous item), so an administrator can add them.
 */
import type { AppDeps, Reply } from '../app/deps.js';
import { recordPushedReads } from '../app/record-read.js';
import type { MessageView, OutgoingMessage, Recipient, ReplyTo } from '../domain/message.js';
import { personName, type PersonId } from '../domain/org.js';
import { TI } from '../texts/inbound.js';
import { TFF } from '../texts/feedback-form.js';
import type { AdapterLog, ChatPlatform, PlatformCapabilities, PlatformInbound } from './adapter-contract.js';
import { createCardBinding, refInText } from './card-binding.js';
import { deptOfChannel, personOn } from './directory.js';
import { feedbackDialogueKey, isDialogueChoice } from './feedback-dialogue.js';
import type { InboundEvent, Where } from './inbound.js';
import { admitMessage, cleanInbound } from './input-hygiene.js';
import { inputForClick } from './input-request.js';
import { parseCommand, parseOptionsOf } from './parse-command.js';
import { handleInbound } from './router.js';

/** What of an adapter the pipeline uses. */
export interface PipelineAdapter {
  platform: ChatPlatform;
  capabilities: PlatformCapabilities;
  decode: (payload: unknown, ctx: { personOf(user: string): PersonId | undefined }) => PlatformInbound;
  afterCommit?(reply: MessageView, replyTo: ReplyTo): Promise<void>;
}

/** What processing one event leaves to do after its transaction committed. */
export interface PipelineResult {
  afterCommit?: () => Promise<void>;
}

const TRAILING = /[\s。.!！~～]+$/u;

/**
 * Processes one stored event (`inboxId`, `payload`) for `adapter`. `deps.store` must be joined to
 * the caller's transaction. Errors propagate (the worker retries the event); refusals are replies.
 */
export async function processInbound(deps: AppDeps, adapter: PipelineAdapter, inboxId: number, payload: unknown, log: AdapterLog): Promise<PipelineResult> {
  const { platform } = adapter;
  const org = deps.org;
  // The one input layer (input-hygiene.ts): cleaned before anything parses, stores or echoes it.
  const d = cleanInbound(adapter.decode(payload, { personOf: (u) => personOn(org, platform, u) }));
  if (d.kind === 'ignore') {
    log.info({ platform, inbox: inboxId, reason: d.reason }, 'inbound event ignored');
    return {};
  }
  // A pushed read receipt (Feishu): evidence for the watched notice messages, never answered.
  if (d.kind === 'read') {
    const r = await recordPushedReads(deps, platform, d.user, d.messages, d.readAt);
    log.info({ platform, inbox: inboxId, recorded: r.recorded, acknowledged: r.acknowledged }, 'pushed read receipt');
    return {};
  }
  const parse = parseOptionsOf(deps.policy);
  const person = personOn(org, platform, d.user);
  if (!person) {
    if (d.kind === 'reaction') return {};
    const chatter = d.kind === 'message' && d.place.kind === 'group' && parseCommand(d.text, parse).kind === 'text';
    log.warn({ platform, user: `${platform}:${d.user}`, inbox: inboxId }, 'inbound event from a user not in the org directory');
    if (!chatter) await enqueueReply(deps, inboxId, { kind: 'reply', platform, user: d.user, replyTo: d.reply }, { lines: TI.notInDirectory(platform, d.user) });
    return {};
  }

  if (d.kind === 'message') {
    const admitted = admitMessage(d.text);
    if ('refusal' in admitted) {
      // Long channel chatter is not for the bot; a long command or direct message is answered.
      if (d.place.kind === 'group' && parseCommand(d.text, parse).kind === 'text') return {};
      await enqueueReply(deps, inboxId, { kind: 'reply', platform, user: d.user, person, replyTo: d.reply }, { lines: [admitted.refusal] });
      return {};
    }
  }
  const ev = await toEvent(deps, adapter, d, person, parse);
  if (!ev) return {};
  const reply = ev.input ?? (await handleInbound(deps, ev.event, log, { rethrow: true }));
  if (!reply) return {};
  const view = withOutcome(deps, d, person, ev.event, reply);
  if (reply.input && d.kind === 'click' && adapter.capabilities.modals && adapter.afterCommit) {
    // The platform collects the input itself (a Slack modal, whose trigger lives 3 s): no message.
    const after = adapter.afterCommit.bind(adapter);
    return { afterCommit: () => after(view, d.reply) };
  }
  const to: Recipient = reply.confidential
    ? sealedReply(deps, platform, d.user, d.reply)
    : { kind: 'reply', platform, user: d.user, person, replyTo: d.reply };
  await enqueueReply(deps, inboxId, to, view);
  if (d.kind === 'click' && d.home) {
    // A press on the bot's home (Slack App Home): the home shows the 待办 as it is now.
    const todo = await handleInbound(deps, { ...ev.event, text: '我的待办' }, log, { rethrow: true });
    if (todo) await enqueueReply(deps, inboxId, { kind: 'reply', platform, user: d.user, person, replyTo: d.home }, withOutcome(deps, d, person, ev.event, { ...todo, refused: true }), 'home');
  }
  return {};
}

/** The event for the router, or undefined when it is not for the bot (chatter, a stray reaction). */
async function toEvent(
  deps: AppDeps,
  adapter: PipelineAdapter,
  d: Exclude<PlatformInbound, { kind: 'ignore' | 'read' }>,
  person: PersonId,
  parse: Parameters<typeof parseCommand>[1],
): Promise<{ event: InboundEvent; input?: Reply } | undefined> {
  const { platform } = adapter;
  const ownDept = (): Where => ({ kind: 'dept', dept: deps.org.personById.get(person)?.department ?? '' });
  const groupWhere = (channel: string): Where => ({ kind: 'dept', dept: deptOfChannel(deps.org, platform, channel) ?? deps.org.personById.get(person)?.department ?? '' });
  const find = (channel: string, id: string) => deps.store.transaction((tx) => tx.platformMessages.find(platform, channel, id));

  if (d.kind === 'home') return { event: { platform, sender: person, where: ownDept(), text: '我的待办', via: 'click' } };

  if (d.kind === 'reaction') {
    // ✅ / 👀 on a message that stands for a notice acknowledges that notice.
    const pm = d.ack ? await find(d.channel, d.messageId) : undefined;
    if (!pm || pm.subjectKind === 'form') return undefined;
    return { event: { platform, sender: person, where: groupWhere(d.channel), text: `收到 ${pm.subjectRef}`, via: 'click' } };
  }

  // Where it was said: a thread whose root stands for a form is that form's thread.
  const place = d.place;
  let where: Where = place.kind === 'dm' || (place.kind === 'thread' && place.dm) ? { kind: 'dm' } : groupWhere(place.channel);
  let noticeRef: string | undefined;
  if (place.kind === 'thread') {
    const pm = await find(place.channel, place.root);
    if (pm?.subjectKind === 'form') where = { kind: 'thread', formNumber: pm.subjectRef };
    else if (pm) noticeRef = pm.subjectRef;
  }

  if (d.kind === 'click' && where.kind === 'dm' && (await isDialogueChoice(deps, person, d.command))) {
    // A press on one of the answers the open feedback dialogue offers now (a category, 跳过, 是/否)
    // is that answer, as if typed: the card platforms' buttons work in the guided 反馈.
    return { event: { platform, sender: person, where: { kind: 'dm' }, text: d.command, via: 'text' } };
  }

  if (d.kind === 'click' || d.kind === 'submission') {
    // A press or a submitted form is never a dialogue answer: outside a thread it counts as said in
    // a group — made privately (a DM, a modal) it is marked so, for feedback intake.
    const alone = where.kind === 'dm';
    if (where.kind === 'dm') where = ownDept();
    const binding = !adapter.capabilities.threads ? bindingFor(deps) : undefined;
    const ref = refInText(d.command);
    if (d.kind === 'click' && binding && ref) await binding.remember(person, platform, ref, deps.clock.now());
    const event: InboundEvent = { platform, sender: person, where, text: d.command, via: d.kind };
    if (d.kind === 'submission' && d.fields) event.fields = d.fields;
    if (alone) event.private = true;
    const input = d.kind === 'click' && adapter.capabilities.modals ? await inputForClick(deps, person, d.command, where) : undefined;
    return input ? { event, input } : { event };
  }

  const cmd = parseCommand(d.text, parse);
  // Channel chatter (not a command, not in a form's thread) never reaches the router.
  if (cmd.kind === 'text' && where.kind === 'dept') return undefined;
  const text = noticeRef && cmd.kind === 'ack' && !cmd.ref ? `${d.text.replace(TRAILING, '')} ${noticeRef}` : d.text;
  let event: InboundEvent = { platform, sender: person, where, text, via: 'text' };
  if (!adapter.capabilities.threads) event = await bindingFor(deps).bind(event, deps.clock.now());
  return { event };
}

function bindingFor(deps: AppDeps) {
  return createCardBinding({
    store: deps.store,
    parse: parseOptionsOf(deps.policy),
    dialogueKeys: (p) => [p, feedbackDialogueKey(deps, p)],
  });
}

/**
 * The reply as the outbox stores it: the neutral view, plus what the event did for platforms
 * that show it in place (who did what on a clicked card — without a name when confidential).
 */
function withOutcome(deps: AppDeps, d: Exclude<PlatformInbound, { kind: 'ignore' }>, person: PersonId, ev: InboundEvent, reply: Reply): MessageView {
  const { refused: _refused, confidential, ...view } = reply;
  // An answer said in a form's thread is about that form (platforms without threads name it).
  if (!view.about && ev.where.kind === 'thread') view.about = { kind: 'form', ref: ev.where.formNumber };
  // A submitted card form (Feishu) shows on its card that it was sent, as a click does.
  if ((d.kind === 'click' || (d.kind === 'submission' && d.fields)) && !reply.refused && !reply.input) {
    const word = ev.text.split(/\s+/)[0] ?? '';
    // A dialogue's choice (a category, 是/否) names no one: the dialogue may be an anonymous one.
    const clicked = ev.via === 'text' ? TFF.chose(ev.text) : confidential ? `已${word}` : `${personName(deps.org, person)} 已${word}`;
    view.outcome = { ...view.outcome, clicked };
  }
  return view;
}

function sealedReply(deps: AppDeps, platform: ChatPlatform, user: string, replyTo: ReplyTo): Recipient {
  if (!deps.sealer) throw new Error('a confidential reply needs SHOUDAO_SECRET');
  return { kind: 'sealed', sealed: deps.sealer.seal({ platform, address: user, replyTo }) };
}

async function enqueueReply(deps: AppDeps, inboxId: number, to: Recipient, view: MessageView, suffix?: string): Promise<void> {
  const message: OutgoingMessage = { key: `reply:${inboxId}${suffix ? `:${suffix}` : ''}`, to, view };
  await deps.store.transaction((tx) => tx.outbox.enqueue([message], deps.clock.now()));
}
