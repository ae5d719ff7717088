/**
 * Clicks that need more than a click, on platforms that can collect input with a form of their
 * own (`PlatformCapabilities.modals`, Slack): instead of refusing a bare `有异议 SCB…` with its
 * usage line (what a platform without forms answers, and the person then types the reason), the
 * answer asks for the input (`MessageView.input`) — provided the presser may take that step now;
 * a presser who may not is told why, as they would be after typing it. `新建联络单` pressed or sent
 * bare as a slash command asks for the new-form form.
 */
import type { AppDeps, Reply } from '../app/deps.js';
import { parseFormRef } from '../app/form-lookup.js';
import { canView, checkAllowed } from '../domain/form/form-roles.js';
import type { FormActionKind } from '../domain/form/form-transitions.js';
import type { PersonId } from '../domain/org.js';
import { T } from '../texts/zh.js';
import { USAGE } from '../texts/usage.js';
import type { Where } from './inbound.js';
import { parseCommand, parseOptionsOf } from './parse-command.js';
import type { Command } from './command.js';
import { CATEGORY_WORDS, lookup } from './feedback-words.js';
import { TF } from '../texts/feedback.js';
import { TFF } from '../texts/feedback-form.js';

/** The command a `新建联络单` button or a bare slash command stands for. */
export const NEW_FORM_COMMAND = '新建联络单';

/** The form steps that take input, by command word. */
export const STEP_WORDS = ['有异议', '指派', '申请延期', '完成', '结案', '驳回'] as const;
export type StepWord = (typeof STEP_WORDS)[number];

/** The form action a step stands for (驳回: a draft's rejection, or declining a change request). */
const STEP_ACTION: Record<StepWord, (state: string) => FormActionKind> = {
  有异议: () => 'dispute', 指派: () => 'assign', 申请延期: () => 'request_change', 完成: () => 'done', 结案: () => 'close',
  驳回: (state) => (state === 'draft' ? 'reject' : 'decline_change'),
};

/**
 * The answer to a click that asks for input, or undefined when the click is a complete command
 * (it then goes to the router like any other).
 */
export async function inputForClick(deps: AppDeps, actor: PersonId, command: string, where: Where): Promise<Reply | undefined> {
  if (command === NEW_FORM_COMMAND) return { lines: [USAGE.formNew], input: { kind: 'new_form' } };
  const parsed = parseCommand(command, parseOptionsOf(deps.policy));
  const feedback = feedbackFormFor(deps, parsed);
  if (feedback) return feedback;
  const word = STEP_WORDS.find((w) => command.startsWith(w));
  if (!word) return undefined;
  if (!(parsed.kind === 'invalid' || (parsed.kind === 'reject' && !parsed.reason))) return undefined;
  const ref = command.slice(word.length).trim() || (where.kind === 'thread' ? where.formNumber : '');
  const p = parseFormRef(ref);
  const form = p ? await deps.store.transaction((tx) => ('id' in p ? tx.forms.byId(p.id) : tx.forms.byNumber(p.number))) : undefined;
  if (!form || !canView(deps.org, form, actor)) return { refused: true, lines: [T.unknownForm(ref || word)] };
  const denied = checkAllowed(deps.org, form, actor, STEP_ACTION[word](form.state));
  if (denied) return { refused: true, lines: [denied.message] };
  return { lines: [parsed.kind === 'invalid' ? parsed.message : USAGE.unknown(command)], input: { kind: 'form_step', word, ref } };
}

/**
 * `反馈` / `匿名反馈` pressed bare (or with a category alone): the intake form (a Slack modal)
 * instead of the guided dialogue. Its lines are what the person reads when the form cannot open.
 */
function feedbackFormFor(deps: AppDeps, parsed: Command): Reply | undefined {
  if (parsed.kind !== 'feedback' || (parsed.cmd.verb !== 'new' && parsed.cmd.verb !== 'anon') || parsed.cmd.ref) return undefined;
  const text = parsed.cmd.text.trim();
  const category = text && /^\S+$/.test(text) ? lookup(CATEGORY_WORDS, text) : undefined;
  if (text && !category) return undefined;
  const anonymous = parsed.cmd.verb === 'anon';
  if (anonymous && !deps.sealer) return { refused: true, lines: [TF.anonymousUnavailable] };
  return { lines: [TFF.formUnavailable], input: { kind: 'new_feedback', anonymous, anonymity: !!deps.sealer, ...(category ? { category } : {}) } };
}
