/**
 * Messages and reactions (issue 5 §1–4), run after the acknowledgement:
 *
 * - A message from someone not in the org file gets a polite answer when it was meant for the
 *   bot (a DM, a command, a reply in a form's thread) and is logged with the Slack id; chatter is
 *   left alone. Nothing is stored.
 * - In a form's thread a message is said in that form (`where: thread`), so 收到 signs it and
 *   every command works without the number; in a notice's thread a bare 收到 names the notice.
 * - Channel chatter (not a command, not in a form's thread) never reaches the chat layer.
 * - Answers in a channel are private (ephemeral), except the status line of a notice just sent,
 *   which is posted in the notice's thread. An acknowledgement is recorded with a ✅ reaction on
 *   the message and refreshes the notice's status line.
 * - A ✅ (`white_check_mark`) or 👀 (`eyes`) reaction on a notice, its status line or a notice
 *   card acknowledges that notice for the person who reacted.
 */
import type { Reply } from '../../app/deps.js';
import { parseCommand } from '../../chat/parse-command.js';
import { TN } from '../../texts/notices.js';
import type { MessageIn, ReactionIn } from './decode.js';
import { fromSlackText } from './decode.js';
import { answer, noticeRefsIn, notInDirectory, whereOf, type InboundContext } from './inbound-context.js';
import { react } from './slack-out.js';

/** Reactions that acknowledge a notice. */
export const ACK_REACTIONS = new Set(['white_check_mark', 'eyes']);
/** The reaction the bot adds to record an acknowledgement. */
export const ACK_MARK = 'white_check_mark';

const TRAILING = /[\s。.!！~～]+$/u;

/** Handles one person's message; see the module comment. */
export async function onMessage(ctx: InboundContext, m: MessageIn): Promise<void> {
  const { deps, dir } = ctx;
  const parse = { ackKeywords: deps.policy.ackKeywords, noticePrefixes: deps.policy.noticePrefixes };
  const text = fromSlackText(m.text, dir.personOf, ctx.self().botUserId);
  if (!text) return;
  const im = m.channelType === 'im';
  const cmd = parseCommand(text, parse);
  const person = dir.personOf(m.user);
  if (!person) {
    ctx.log?.warn({ platform: 'slack', user: `slack:${m.user}`, channel: m.channel }, 'slack message from a user not in the org directory');
    const meant = im || cmd.kind !== 'text' || m.threadTs !== undefined;
    if (meant) await answer(ctx, undefined, im ? { channel: m.channel } : { channel: m.channel, ...thread(m), ephemeral: { user: m.user } }, notInDirectory(m.user), m.ts);
    return;
  }
  const { where, noticeRef } = await whereOf(ctx, person, { channel: m.channel, im, ...(m.threadTs ? { threadTs: m.threadTs } : {}) });
  if (cmd.kind === 'text' && where.kind === 'dept') return;
  const said = noticeRef && cmd.kind === 'ack' && !cmd.ref ? `${text.replace(TRAILING, '')} ${noticeRef}` : text;
  const reply = await ctx.handle({ platform: 'slack', sender: person, where, text: said });
  ctx.wake();
  if (!reply) return;
  const ok = !reply.refused;
  if (ok && (cmd.kind === 'notice' || cmd.kind === 'email')) {
    const [ref] = noticeRefsIn(reply);
    if (ref) {
      // The status line is the answer: in the notice's thread, or in the DM.
      await ctx.notices.created(ref, im ? { channel: m.channel, ...(m.threadTs ? { threadTs: m.threadTs } : {}) } : { channel: m.channel, noticeTs: m.ts });
      return;
    }
  }
  const key = `${m.channel}:${m.ts}`;
  await answer(ctx, person, im ? { channel: m.channel, ...(m.threadTs ? { threadTs: m.threadTs } : {}) } : { channel: m.channel, ...thread(m), ephemeral: { user: m.user } }, reply, key);
  if ((cmd.kind === 'ack' || cmd.kind === 'sign') && acknowledged(reply)) {
    await react(ctx.api, m.channel, m.ts, ACK_MARK);
    await ctx.notices.refresh(noticeRefsIn(reply));
  }
}

/** Whether an ack's answer says something was acknowledged or signed (not "nothing pending"). */
export const acknowledged = (reply: Reply): boolean => !reply.refused && reply.lines[0] !== TN.nothingPending;

/** Ephemeral answers to a thread reply stay in that thread. */
const thread = (m: MessageIn) => (m.threadTs ? { threadTs: m.threadTs } : {});

/** Handles a reaction; only ✅/👀 on a message that stands for a notice count. */
export async function onReaction(ctx: InboundContext, r: ReactionIn): Promise<void> {
  if (!ACK_REACTIONS.has(r.reaction)) return;
  const pm = await ctx.deps.store.transaction((tx) => tx.platformMessages.find('slack', r.channel, r.ts));
  if (!pm || (pm.subjectKind !== 'notice' && pm.subjectKind !== 'notice_status')) return;
  const person = ctx.dir.personOf(r.user);
  if (!person) {
    ctx.log?.warn({ platform: 'slack', user: `slack:${r.user}`, notice: pm.subjectRef }, 'slack reaction from a user not in the org directory');
    return;
  }
  const dept = ctx.dir.deptOfChannel(r.channel) ?? ctx.deps.org.personById.get(person)?.department ?? '';
  const reply = await ctx.handle({ platform: 'slack', sender: person, where: { kind: 'dept', dept }, text: `收到 ${pm.subjectRef}` });
  ctx.wake();
  if (!reply || !noticeRefsIn(reply).includes(pm.subjectRef)) {
    ctx.log?.info?.({ platform: 'slack', person, notice: pm.subjectRef }, 'slack reaction on a notice that is not pending for this person');
    return;
  }
  await react(ctx.api, r.channel, r.ts, ACK_MARK);
  await ctx.notices.refresh([pm.subjectRef]);
}
