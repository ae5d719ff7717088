/**
 * The guided 反馈 (a bare 反馈 or 匿名反馈 in a direct message): the bot asks, in turn, for the
 * category, the description, the department concerned, the time node, the expected solution and
 * whether to stay anonymous — the content the seed requires — then registers the item. 跳过 skips
 * an optional step, 取消 ends it and stores nothing.
 *
 * Confidentiality of the dialogue itself: its state is kept under `fb:<pseudonym>` — a keyed hash
 * of the person (Sealer.pseudonym) — never under their id, so an anonymous item's text never sits
 * next to its sender's id, not even while it is being written. Without a secret there is no
 * anonymity at all: the anonymity step is left out and `匿名反馈` is refused before anything is
 * stored.
 */
import type { AppDeps, Reply } from '../app/deps.js';
import { currentDialogue, endDialogue, saveDialogue } from '../app/dialogue-state.js';
import { submitFeedback, type FeedbackDraft } from '../app/feedback/submit-feedback.js';
import { CATEGORY_ZH, FEEDBACK_CATEGORIES, type FeedbackCategory } from '../domain/feedback/feedback.js';
import { TF } from '../texts/feedback.js';
import { TFD } from '../texts/feedback-dialogue.js';
import { TFF } from '../texts/feedback-form.js';
import type { FeedbackActor } from '../app/feedback/feedback-lookup.js';
import { checkFeedbackForm, deptChoices, formErrorLines } from './feedback-form.js';
import type { InboundEvent } from './inbound.js';
import { resolveDept } from '../domain/org.js';
import { CANCEL, CATEGORY_WORDS, lookup, NO, SKIP, YES } from './feedback-words.js';

export const FEEDBACK_DIALOGUE = 'feedback_new';
type Step = 'category' | 'description' | 'dept' | 'timeNode' | 'expected' | 'anonymous';
const ORDER: Step[] = ['category', 'description', 'dept', 'timeNode', 'expected', 'anonymous'];

interface State {
  step: Step;
  draft: Partial<FeedbackDraft>;
  /** 匿名反馈 started it: anonymity is decided, the last step is not asked. */
  anonymousFixed: boolean;
}

/** Where the person's feedback dialogue is kept (see the file comment). */
export function feedbackDialogueKey(deps: AppDeps, person: string): string {
  return `fb:${deps.sealer ? deps.sealer.pseudonym(person) : person}`;
}

export async function startFeedbackDialogue(deps: AppDeps, ev: InboundEvent, preset: { anonymous: boolean; category?: FeedbackCategory }): Promise<Reply> {
  if (preset.anonymous && !deps.sealer) return { refused: true, lines: [TF.anonymousUnavailable] };
  const state: State = { step: 'category', draft: { anonymous: preset.anonymous }, anonymousFixed: preset.anonymous };
  if (preset.category) state.draft.category = preset.category;
  return next(deps, ev, state, preset.category ? 'description' : 'category');
}

/**
 * A submitted intake form (a Slack modal, a Feishu form card): checked again here (a forged
 * submission gets a refusal, nothing stored), then registered as a direct message's intake would
 * be. Only a form submitted privately counts: anonymity needs a place nobody else saw. A feedback
 * dialogue the person had open ends — the form replaced it.
 */
export async function submitFeedbackForm(deps: AppDeps, ev: InboundEvent, actor: FeedbackActor, fields: Record<string, string>): Promise<Reply> {
  if (!ev.private) return { refused: true, lines: [TFF.notHere] };
  const checked = checkFeedbackForm(deps.org, fields, !!deps.sealer);
  if (!checked.ok) return { refused: true, lines: [...formErrorLines(checked.errors), TFF.fixAndResubmit] };
  const key = feedbackDialogueKey(deps, ev.sender);
  if ((await currentDialogue(deps, key))?.kind === FEEDBACK_DIALOGUE) await endDialogue(deps, key);
  return submitFeedback(deps, actor, { kind: 'dm' }, checked.draft);
}

/** What `feedbackDialogueTurn` answers when a complete command ended the dialogue. */
export const LEFT_DIALOGUE = 'left';

/**
 * The person's next dialogue answer, or undefined when no feedback dialogue is open. With `leave`
 * (the message is itself a complete command) the dialogue ends unsaved and `LEFT_DIALOGUE` says so.
 */
export async function feedbackDialogueTurn(deps: AppDeps, ev: InboundEvent, leave = false): Promise<Reply | typeof LEFT_DIALOGUE | undefined> {
  const key = feedbackDialogueKey(deps, ev.sender);
  const d = await currentDialogue(deps, key);
  if (d?.kind !== FEEDBACK_DIALOGUE) return undefined;
  if (leave) {
    await endDialogue(deps, key);
    return LEFT_DIALOGUE;
  }
  const state = d.data as unknown as State;
  const answer = ev.text.trim();
  const lower = answer.toLowerCase();
  if (CANCEL.includes(lower)) {
    await endDialogue(deps, key);
    return { lines: [TFD.cancelled] };
  }
  const again = (message: string): Reply => ({ refused: true, lines: [message, TFD.again] });
  const draft = { ...state.draft };
  const skip = SKIP.includes(lower);
  switch (state.step) {
    case 'category': {
      const c = lookup(CATEGORY_WORDS, answer);
      if (!c) return again(TF.badCategory(answer));
      draft.category = c;
      break;
    }
    case 'description':
      if (!answer || skip) return again(TF.descriptionMissing);
      draft.description = answer;
      break;
    case 'dept':
      if (!skip) {
        const dept = resolveDept(deps.org, answer);
        if (!dept) return again(TF.unknownDept(answer));
        draft.dept = dept.code;
      }
      break;
    case 'timeNode':
    case 'expected':
      if (!skip && answer) draft[state.step] = answer;
      break;
    case 'anonymous':
      if (YES.includes(lower)) draft.anonymous = true;
      else if (NO.includes(lower)) draft.anonymous = false;
      else return again(TFD.askAnonymous);
      break;
  }
  return next(deps, ev, { ...state, draft }, ORDER[ORDER.indexOf(state.step) + 1]);
}

/** The answers a step offers as buttons (a press on one of them is that step's answer, see `isDialogueChoice`). */
function stepChoices(step: Step): string[] {
  switch (step) {
    case 'category':
      return FEEDBACK_CATEGORIES.map((c) => CATEGORY_ZH[c]);
    case 'description':
      return [];
    case 'anonymous':
      return ['是', '否', '取消'];
    default:
      return ['跳过', '取消'];
  }
}

/**
 * Whether a button press is an answer the person's open feedback dialogue offers at its current
 * step (a category, 跳过, 是/否, 取消). Only then does a press count as the typed answer: any other
 * press — an older card's button, a command — is never taken for a dialogue answer.
 */
export async function isDialogueChoice(deps: AppDeps, person: string, command: string): Promise<boolean> {
  const d = await currentDialogue(deps, feedbackDialogueKey(deps, person));
  if (d?.kind !== FEEDBACK_DIALOGUE) return false;
  return stepChoices((d.data as unknown as State).step).includes(command.trim());
}

async function next(deps: AppDeps, ev: InboundEvent, state: State, step: Step | undefined): Promise<Reply> {
  const key = feedbackDialogueKey(deps, ev.sender);
  // Without a sealer nobody may choose anonymity; when 匿名反馈 fixed it, it is not asked again.
  if (step === 'anonymous' && (state.anonymousFixed || !deps.sealer)) step = undefined;
  if (!step) {
    await endDialogue(deps, key);
    const d = state.draft;
    const draft: FeedbackDraft = { category: d.category!, description: d.description!, anonymous: d.anonymous === true };
    if (d.dept) draft.dept = d.dept;
    if (d.timeNode) draft.timeNode = d.timeNode;
    if (d.expected) draft.expected = d.expected;
    return submitFeedback(deps, { person: ev.sender, platform: ev.platform }, { kind: 'dm' }, draft);
  }
  await saveDialogue(deps, key, FEEDBACK_DIALOGUE, { ...state, step } satisfies State);
  return ask(deps, ev, state, step);
}

function ask(deps: AppDeps, ev: InboundEvent, state: State, step: Step): Reply {
  const skip = { label: '跳过', command: '跳过' };
  const cancel = { label: '取消', command: '取消' };
  switch (step) {
    case 'category':
      // Platforms with a form of their own (a Slack modal, a Feishu form card) offer it here too.
      return {
        title: state.anonymousFixed ? TFD.titleAnonymous : TFD.title,
        lines: [TFD.askCategory, deps.sealer ? TFD.cancelHint : `${TFD.cancelHint}${TFD.noAnonymity}`],
        buttons: FEEDBACK_CATEGORIES.map((c) => ({ label: CATEGORY_ZH[c], command: CATEGORY_ZH[c] })),
        input: { kind: 'new_feedback', anonymous: state.anonymousFixed, anonymity: !!deps.sealer, depts: deptChoices(deps.org) },
      };
    case 'description':
      return { lines: [TFD.askDescription(CATEGORY_ZH[state.draft.category!]), TFD.cancelShort] };
    case 'dept': {
      const own = deps.org.personById.get(ev.sender)?.department ?? '';
      const ownName = state.anonymousFixed ? undefined : (deps.org.deptByCode.get(own)?.name ?? own);
      return { lines: [TFD.askDept(ownName), deps.org.departments.map((d) => `${d.code} ${d.name}`).join('、'), TFD.cancelShort], buttons: [skip, cancel] };
    }
    case 'timeNode':
      return { lines: [TFD.askTimeNode, TFD.cancelShort], buttons: [skip, cancel] };
    case 'expected':
      return { lines: [TFD.askExpected, TFD.cancelShort], buttons: [skip, cancel] };
    case 'anonymous':
      return { lines: [TFD.askAnonymous, TFD.cancelShort], buttons: [{ label: '匿名', command: '是' }, { label: '署名', command: '否' }, cancel] };
  }
}
