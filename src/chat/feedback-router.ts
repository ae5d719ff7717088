/**
 * The feedback commands in chat: interpret a `FeedbackCommand` per verb (categories, priorities,
 * people, the 改进: / 建议: parts, ratings), find the item it means, and call the use case. A
 * 回复/提问/进展/确认 without a number inside a form's thread is that thread's comment, so the new
 * words never swallow a conversation about a form.
 */
import type { AppDeps, Reply } from '../app/deps.js';
import { actOnForm } from '../app/act-on-form.js';
import { actOnFeedback } from '../app/feedback/act-on-feedback.js';
import type { FeedbackActor } from '../app/feedback/feedback-lookup.js';
import { listFeedback, myFeedback, searchFeedback } from '../app/feedback/feedback-queries.js';
import { exportFeedback, feedbackStats } from '../app/feedback/feedback-reports.js';
import { submitFeedback, type IntakeChannel } from '../app/feedback/submit-feedback.js';
import { registerOffline } from '../app/feedback/register-offline.js';
import { parseOffline } from './feedback-offline.js';
import type { FeedbackAction } from '../domain/feedback/decide-feedback.js';
import type { FeedbackActionKind } from '../domain/feedback/feedback-transitions.js';
import { localMonth } from '../domain/local-time.js';
import { findPerson } from '../domain/org.js';
import { isMonth } from '../domain/report/period.js';
import { TF } from '../texts/feedback.js';
import { TF2 } from '../texts/feedback-reports.js';
import type { FeedbackCommand } from './feedback-command.js';
import { startFeedbackDialogue, submitFeedbackForm } from './feedback-dialogue.js';
import { parseIntake } from './feedback-intake.js';
import { resolveFeedbackRef } from './feedback-resolve.js';
import { parseSearch } from './feedback-search.js';
import { CATEGORY_WORDS, leadingCategory, lookup, PRIORITY_WORDS, type FeedbackVerb } from './feedback-words.js';
import type { InboundEvent } from './inbound.js';

const bad = (message: string): Reply => ({ refused: true, lines: [message] });
const MENTION = /@[^\s@,，、;；:：]+/g;

/** The word people type for each verb, for usage and buttons. */
const WORD: Partial<Record<FeedbackVerb, string>> = {
  triage: '受理', assign: '分派', priority: '优先级', progress: '进展', ask: '提问', reply: '回复',
  resolve: '解决', unresolvable: '无法解决', confirm: '确认', reopen: '重开',
};
const ACTION: Partial<Record<FeedbackVerb, FeedbackActionKind>> = {
  triage: 'triage', assign: 'assign', priority: 'set_priority', progress: 'progress', ask: 'ask', reply: 'reply',
  resolve: 'resolve', unresolvable: 'unresolvable', confirm: 'confirm', reopen: 'reopen',
};
/** Verbs whose words are ordinary in conversation: without a number in a form thread they are comments. */
const CONVERSATIONAL: FeedbackVerb[] = ['reply', 'ask', 'progress', 'confirm'];

/**
 * The reply, or null for group-chat chatter that merely starts with a feedback word (反馈给领导了,
 * 确认一下明天的会): in a department's group chat the bot answers only well-formed feedback commands.
 */
export async function handleFeedback(deps: AppDeps, ev: InboundEvent, cmd: FeedbackCommand): Promise<Reply | null> {
  const actor: FeedbackActor = { person: ev.sender, platform: ev.platform };
  const intake = cmd.verb === 'new' || cmd.verb === 'anon';
  if (intake && ev.via === 'submission' && ev.fields) return submitFeedbackForm(deps, ev, actor, ev.fields);
  // A press made privately (a button in the direct conversation) is intake as in a direct message.
  const where: IntakeChannel = ev.private ? { kind: 'dm' } : ev.where;
  if (where.kind === 'dept' && isChatter(cmd)) return null;
  const month = () => (cmd.text.trim() ? cmd.text.trim() : localMonth(deps.clock.now(), deps.policy.timezone));
  switch (cmd.verb) {
    case 'help':
      return { title: '信息反馈', lines: [...TF2.help] };
    case 'new':
    case 'anon': {
      const anonymous = cmd.verb === 'anon';
      if (!cmd.text.trim()) return where.kind === 'dm' ? startFeedbackDialogue(deps, ev, { anonymous }) : bad(TF.usage);
      const only = /^\S+$/.test(cmd.text.trim()) ? lookup(CATEGORY_WORDS, cmd.text.trim()) : undefined;
      if (only && where.kind === 'dm') return startFeedbackDialogue(deps, ev, { anonymous, category: only });
      const draft = parseIntake(deps.org, cmd.text, anonymous);
      return 'message' in draft ? bad(draft.message) : submitFeedback(deps, actor, where, draft);
    }
    case 'proxy': {
      const batch = parseOffline(deps.org, cmd.ref ? `${cmd.ref} ${cmd.text}` : cmd.text, deps.policy.timezone, deps.clock.now());
      return 'message' in batch ? bad(batch.message) : registerOffline(deps, actor, ev.where, batch);
    }
    case 'list': {
      // `反馈列表 举报`, `反馈列表 SCB 待受理`: the same criteria as 搜索反馈, over open items (issue 15 row 9).
      const args = cmd.ref ? `${cmd.ref} ${cmd.text}` : cmd.text;
      if (!args.trim()) return listFeedback(deps, actor);
      const s = parseSearch(deps.org, deps.policy.timezone, args);
      return 'message' in s ? bad(s.message) : listFeedback(deps, actor, s);
    }
    case 'mine':
      return myFeedback(deps, actor);
    case 'search': {
      if (!cmd.text.trim() && !cmd.ref) return bad(TF2.usageSearch);
      const s = parseSearch(deps.org, deps.policy.timezone, cmd.ref ? `${cmd.ref} ${cmd.text}` : cmd.text);
      return 'message' in s ? bad(s.message) : searchFeedback(deps, actor, s);
    }
    case 'stats':
    case 'export': {
      const m = month();
      if (!isMonth(m)) return bad(TF.badMonth(m));
      return cmd.verb === 'stats' ? feedbackStats(deps, actor, m) : (await exportFeedback(deps, actor, m)).reply;
    }
    default:
      return act(deps, ev, actor, cmd);
  }
}

function isChatter(cmd: FeedbackCommand): boolean {
  if (cmd.verb === 'new' || cmd.verb === 'anon') return !cmd.text.trim() || !leadingCategory(cmd.text);
  return !cmd.ref && CONVERSATIONAL.includes(cmd.verb);
}

async function act(deps: AppDeps, ev: InboundEvent, actor: FeedbackActor, cmd: FeedbackCommand): Promise<Reply> {
  const word = WORD[cmd.verb]!;
  const kind = ACTION[cmd.verb]!;
  if (!cmd.ref && ev.where.kind === 'thread' && CONVERSATIONAL.includes(cmd.verb)) {
    return actOnForm(deps, actor.person, ev.where.formNumber, { kind: 'comment', text: cmd.raw });
  }
  const action = toAction(deps, cmd);
  if ('message' in action) return bad(action.message);
  const ref = cmd.ref ?? (await resolveFeedbackRef(deps, actor.person, kind, word));
  return typeof ref === 'string' ? actOnFeedback(deps, actor, ref, action) : ref;
}

/** The text of a command as the action it asks for, or what is wrong with it. */
function toAction(deps: AppDeps, cmd: FeedbackCommand): FeedbackAction | { message: string } {
  const text = cmd.text.trim();
  const owner = (): string | { message: string } | undefined => {
    const name = cmd.mentions[0];
    if (!name) return undefined;
    return findPerson(deps.org, name)?.id ?? { message: `找不到人员「${name}」。请用 @人员ID 或 @姓名。` };
  };
  switch (cmd.verb) {
    case 'triage': {
      const a: FeedbackAction & { kind: 'triage' } = { kind: 'triage' };
      for (const token of text.replace(MENTION, ' ').split(/\s+/).filter(Boolean)) {
        const c = lookup(CATEGORY_WORDS, token);
        const p = lookup(PRIORITY_WORDS, token);
        // 紧急 is both a category and a priority; in 受理 it is the priority.
        if (p) a.priority = p;
        else if (c) a.category = c;
        else return { message: TF.usageTriage };
      }
      const o = owner();
      if (typeof o === 'object') return o;
      if (o) a.owner = o;
      return a;
    }
    case 'assign': {
      const o = owner();
      if (typeof o === 'object') return o;
      return o ? { kind: 'assign', owner: o } : { message: TF.usageAssign };
    }
    case 'priority': {
      const p = lookup(PRIORITY_WORDS, text);
      return p ? { kind: 'set_priority', priority: p } : { message: text ? TF.badPriority(text) : TF.usagePriority };
    }
    case 'progress':
    case 'ask':
    case 'reply':
      return text ? { kind: ACTION[cmd.verb] as 'progress' | 'ask' | 'reply', text } : { message: TF.usageText(WORD[cmd.verb]!) };
    case 'resolve': {
      const [resolution = '', improvement] = text.split(/\s*(?:^|[\s;；,，])改进(?:措施)?\s*[:：]\s*/);
      if (!resolution.trim()) return { message: TF.usageResolve };
      return { kind: 'resolve', resolution, ...(improvement?.trim() ? { improvement } : {}) };
    }
    case 'unresolvable': {
      const [reason = '', suggestion = ''] = text.split(/\s*(?:^|[\s;；,，])建议\s*[:：]\s*/);
      return reason.trim() && suggestion.trim() ? { kind: 'unresolvable', reason, suggestion } : { message: TF.usageUnresolvable };
    }
    case 'confirm': {
      const m = /^([1-5])(?:\s*(?:分|\/5))?(?:\s+([\s\S]*))?$/.exec(text);
      return m ? { kind: 'confirm', satisfaction: Number(m[1]), ...(m[2]?.trim() ? { comment: m[2] } : {}) } : { message: TF.usageConfirm };
    }
    case 'reopen':
      return text ? { kind: 'reopen', reason: text } : { message: TF.usageReopen };
    default:
      throw new Error(`not an action verb: ${cmd.verb}`);
  }
}
