/**
 * Buttons, slash commands, shortcuts, modal submissions and the App Home tab (issue 5 §3, §5).
 * Bolt acknowledges each of them first (bolt-app.ts); these run afterwards — except the check of
 * a modal submission, which must answer in the acknowledgement to show errors on the fields.
 *
 * - A button sends its command text, said in the form's thread when the button's message belongs
 *   to a form. Steps that need more (有异议, 指派, 申请延期, 完成, 结案) first check that the
 *   presser may take that step and then open a modal; a presser who may not is told why,
 *   privately (ephemeral in a channel, a DM otherwise). Every answer to a press is private.
 * - `/shoudao` with no text (or 新建联络单), the 新建联络单 shortcut and the home tab's button open
 *   the new-form modal; any other text is a command, answered through the `response_url`.
 */
import { draftForm } from '../../app/draft-form.js';
import type { Reply } from '../../app/deps.js';
import { parseFormRef } from '../../app/form-lookup.js';
import type { Where } from '../../chat/inbound.js';
import { parseCommand } from '../../chat/parse-command.js';
import { canView, checkAllowed } from '../../domain/form/form-roles.js';
import type { FormActionKind } from '../../domain/form/form-transitions.js';
import type { PersonId } from '../../domain/org.js';
import { T } from '../../texts/zh.js';
import { fromSlackText, type ButtonIn, type CommandIn, type HomeIn, type SubmissionIn } from './decode.js';
import { homeView, NEW_FORM_COMMAND } from './home.js';
import { answer, noticeRefsIn, notInDirectory, whereOf, type InboundContext } from './inbound-context.js';
import { checkNewForm, NEW_FORM_CALLBACK, newFormModal, STEP_CALLBACK, STEP_WORDS, stepCommand, stepContext, stepModal, type StepWord } from './modals.js';
import { ACK_MARK, acknowledged } from './slack-messages.js';
import { openModal, publishHome, react, respondTo } from './slack-out.js';

/** The form action a step stands for (驳回: a draft's rejection, or declining a change request). */
const STEP_ACTION: Record<StepWord, (state: string) => FormActionKind> = {
  有异议: () => 'dispute', 指派: () => 'assign', 申请延期: () => 'request_change', 完成: () => 'done', 结案: () => 'close',
  驳回: (state) => (state === 'draft' ? 'reject' : 'decline_change'),
};

/** A channel that is a DM (`D…`). */
const isDm = (channel: string | undefined) => channel?.startsWith('D') ?? false;

/** Said outside a form's thread: the department of the channel, or the person's own. */
const deptWhere = (ctx: InboundContext, person: PersonId, channel?: string): Where =>
  ({ kind: 'dept', dept: (channel && ctx.dir.deptOfChannel(channel)) || ctx.deps.org.personById.get(person)?.department || '' });

/** Answers a press privately: ephemeral in a channel, in the DM otherwise (home: a new DM). */
async function tellPresser(ctx: InboundContext, b: { user: string; channel?: string; threadTs?: string }, person: PersonId | undefined, reply: Reply, key: string) {
  const thread = b.threadTs ? { threadTs: b.threadTs } : {};
  if (!b.channel) return answer(ctx, person, { channel: b.user }, reply, key);
  if (isDm(b.channel)) return answer(ctx, person, { channel: b.channel, ...thread }, reply, key);
  return answer(ctx, person, { channel: b.channel, ...thread, ephemeral: { user: b.user } }, reply, key);
}

/** Why `person` may not take the step on form `ref`, or undefined when they may. */
async function stepRefusal(ctx: InboundContext, person: PersonId, ref: string, word: StepWord): Promise<string | undefined> {
  const p = parseFormRef(ref);
  const form = p ? await ctx.deps.store.transaction((tx) => ('id' in p ? tx.forms.byId(p.id) : tx.forms.byNumber(p.number))) : undefined;
  if (!form || !canView(ctx.deps.org, form, person)) return T.unknownForm(ref);
  return checkAllowed(ctx.deps.org, form, person, STEP_ACTION[word](form.state))?.message;
}

/** A press on one of our buttons. */
export async function onButton(ctx: InboundContext, b: ButtonIn): Promise<void> {
  const person = ctx.dir.personOf(b.user);
  const key = `${b.channel ?? 'home'}:${b.messageTs ?? ''}:${b.triggerId}`;
  if (!person) {
    ctx.log?.warn({ platform: 'slack', user: `slack:${b.user}` }, 'slack button from a user not in the org directory');
    await tellPresser(ctx, b, undefined, notInDirectory(b.user), key);
    return;
  }
  if (b.command === NEW_FORM_COMMAND) return openModal(ctx.api, b.triggerId, newFormModal(ctx.deps.org, person));
  const at = b.channel ? await whereOf(ctx, person, { channel: b.channel, im: isDm(b.channel), ...(b.threadTs ?? b.messageTs ? { threadTs: (b.threadTs ?? b.messageTs)! } : {}) }) : undefined;
  // Presses are never dialogue answers: outside a form's thread they count as said in a channel.
  const where = at?.where.kind === 'thread' ? at.where : deptWhere(ctx, person, b.channel);
  const word = STEP_WORDS.find((w) => b.command.startsWith(w));
  const parsed = parseCommand(b.command, { ackKeywords: ctx.deps.policy.ackKeywords, noticePrefixes: ctx.deps.policy.noticePrefixes });
  if (word && (parsed.kind === 'invalid' || (parsed.kind === 'reject' && !parsed.reason))) {
    const ref = b.command.slice(word.length).trim() || (where.kind === 'thread' ? where.formNumber : '');
    const refusal = await stepRefusal(ctx, person, ref, word);
    if (refusal) return void (await tellPresser(ctx, b, person, { refused: true, lines: [refusal] }, key));
    const thread = b.threadTs ?? b.messageTs;
    return openModal(ctx.api, b.triggerId, stepModal({ word, ref, ...(b.channel ? { channel: b.channel } : {}), ...(thread ? { threadTs: thread } : {}) }));
  }
  const reply = await ctx.handle({ platform: 'slack', sender: person, where, text: b.command });
  ctx.wake();
  if (reply) await tellPresser(ctx, b, person, reply, key);
  const refs = reply ? noticeRefsIn(reply) : [];
  if (reply && parsed.kind === 'ack' && acknowledged(reply) && refs.length) {
    if (b.channel && b.messageTs) await react(ctx.api, b.channel, b.messageTs, ACK_MARK);
    await ctx.notices.refresh(refs);
  }
  if (b.inHome) await onHome(ctx, { kind: 'home', user: b.user });
}

/** A slash command: no text opens the new-form modal; anything else is a command. */
export async function onCommand(ctx: InboundContext, c: CommandIn): Promise<void> {
  const person = ctx.dir.personOf(c.user);
  const tell = (reply: Reply) =>
    c.responseUrl ? respondTo(ctx.fetch, c.responseUrl, reply) : answer(ctx, person, { channel: c.channel, ephemeral: { user: c.user } }, reply, `cmd:${c.triggerId}`);
  if (!person) {
    ctx.log?.warn({ platform: 'slack', user: `slack:${c.user}` }, 'slack command from a user not in the org directory');
    return void (await tell(notInDirectory(c.user)));
  }
  if (!c.text || c.text === NEW_FORM_COMMAND) return openModal(ctx.api, c.triggerId, newFormModal(ctx.deps.org, person));
  const where: Where = isDm(c.channel) ? { kind: 'dm' } : deptWhere(ctx, person, c.channel);
  // The manifest sets `should_escape: true`, so mentions arrive as `<@U…|name>`.
  const reply = await ctx.handle({ platform: 'slack', sender: person, where, text: fromSlackText(c.text, ctx.dir.personOf) });
  ctx.wake();
  if (!reply) return;
  await tell(reply);
  await ctx.notices.refresh(noticeRefsIn(reply));
}

/** The 新建联络单 shortcut (`callback_id` `shoudao_new_form`). */
export async function onShortcut(ctx: InboundContext, s: { user: string; triggerId: string }): Promise<void> {
  const person = ctx.dir.personOf(s.user);
  if (!person) return void (await answer(ctx, undefined, { channel: s.user }, notInDirectory(s.user), `shortcut:${s.triggerId}`));
  await openModal(ctx.api, s.triggerId, newFormModal(ctx.deps.org, person));
}

/** What to answer a submission with (`response_action: errors`), and the work to do after it. */
export interface SubmissionOutcome {
  ack?: { response_action: 'errors'; errors: Record<string, string> };
  work?: () => Promise<void>;
}

/** Checks a submission at once (pure); the work runs after the acknowledgement. */
export function checkSubmission(ctx: InboundContext, s: SubmissionIn): SubmissionOutcome {
  const person = ctx.dir.personOf(s.user);
  const errors = (e: Record<string, string>): SubmissionOutcome => ({ ack: { response_action: 'errors', errors: e } });
  if (s.callbackId === NEW_FORM_CALLBACK) {
    if (!person) return errors({ subject: notInDirectory(s.user).lines[0]! });
    const checked = checkNewForm(s, { org: ctx.deps.org, policy: ctx.deps.policy, now: ctx.deps.clock.now(), person });
    if (!checked.ok) return errors(checked.errors);
    return {
      work: async () => {
        const reply = await draftForm(ctx.deps, person, checked.input);
        ctx.wake();
        await answer(ctx, person, { channel: s.user }, reply, `new-form:${s.user}:${ctx.deps.clock.now()}`);
      },
    };
  }
  const step = s.callbackId === STEP_CALLBACK ? stepContext(s) : undefined;
  if (!step || !person) return {};
  const command = stepCommand(step, s, ctx.dir.personOf);
  if (!command.ok) return errors(command.errors);
  return {
    work: async () => {
      const where: Where = parseFormRef(step.ref) && !step.ref.startsWith('#') ? { kind: 'thread', formNumber: step.ref } : deptWhere(ctx, person, step.channel);
      const reply = await ctx.handle({ platform: 'slack', sender: person, where, text: command.text });
      ctx.wake();
      if (reply) await tellPresser(ctx, { user: s.user, ...(step.channel ? { channel: step.channel } : {}), ...(step.threadTs && isDm(step.channel) ? { threadTs: step.threadTs } : {}) }, person, reply, `step:${s.user}:${ctx.deps.clock.now()}`);
    },
  };
}

/** Publishes the person's App Home tab. */
export async function onHome(ctx: InboundContext, h: HomeIn): Promise<void> {
  const person = ctx.dir.personOf(h.user);
  if (!person) return publishHome(ctx.api, h.user, homeView(notInDirectory(h.user), { known: false }));
  const todo = await ctx.handle({ platform: 'slack', sender: person, where: deptWhere(ctx, person), text: '我的待办' });
  await publishHome(ctx.api, h.user, homeView(todo ?? { lines: [] }, { known: true }));
}
