/**
 * The guided 新建联络单: when someone sends the bare command in a direct message, the bot asks for
 * each required field in turn (收文部门 → 期限 → 主题 → 性质), then offers the optional fields as
 * `字段: 值` lines, and drafts the form on 完成. Each answer is checked as it comes, with the same
 * messages as the one-line command; 取消 ends the dialogue and stores nothing.
 */
import type { AppDeps, Reply } from '../app/deps.js';
import { endDialogue, saveDialogue } from '../app/dialogue-state.js';
import { draftForm } from '../app/draft-form.js';
import type { FormInput } from '../domain/form/form-input.js';
import { formatLocal } from '../domain/local-time.js';
import { parseDeadline } from '../domain/plain-date.js';
import { resolveDept, type PersonId } from '../domain/org.js';
import { T } from '../texts/zh.js';
import { USAGE } from '../texts/usage.js';
import { TD } from '../texts/dialogue.js';
import type { RawFields } from './command.js';
import { NATURE_WORDS } from './command-words.js';
import { toFormChanges } from './form-fields.js';
import { parseFields } from './parse-command.js';

export const FORM_DIALOGUE = 'form_new';
type Step = 'receivingDept' | 'deadline' | 'subject' | 'nature' | 'extra';
interface State {
  step: Step;
  fields: RawFields;
}

const CANCEL = ['取消', 'cancel', '退出'];
const FINISH = ['完成', '好', '好了', '提交', 'done', 'ok'];
const SKIP = ['跳过', 'skip', '-'];

export async function startFormDialogue(deps: AppDeps, person: PersonId): Promise<Reply> {
  await saveDialogue(deps, person, FORM_DIALOGUE, { step: 'receivingDept', fields: {} } satisfies State);
  return ask(deps, person, 'receivingDept');
}

export async function continueFormDialogue(deps: AppDeps, person: PersonId, data: Record<string, unknown>, text: string): Promise<Reply> {
  const state = data as unknown as State;
  const answer = text.trim();
  if (CANCEL.includes(answer.toLowerCase())) {
    await endDialogue(deps, person);
    return { lines: [TD.cancelled] };
  }
  const fields = { ...state.fields };
  const again = (message: string): Reply => ({ refused: true, lines: [message, TD.again] });
  switch (state.step) {
    case 'receivingDept': {
      const code = resolveDept(deps.org, answer)?.code;
      if (!code) return again(T.unknownDept(answer));
      if (deps.org.personById.get(person)!.department === code) return again(T.sameDept);
      fields.receivingDept = code;
      return next(deps, person, fields, 'deadline');
    }
    case 'deadline': {
      const t = parseDeadline(answer, deps.policy, deps.clock.now());
      if (t === undefined) return again(USAGE.badDate(answer));
      if (t <= deps.clock.now()) return again(T.deadlineInPast(formatLocal(t, deps.policy.timezone)));
      fields.deadline = answer;
      return next(deps, person, fields, 'subject');
    }
    case 'subject':
      if (!answer) return again(T.subjectMissing);
      fields.subject = answer;
      return next(deps, person, fields, 'nature');
    case 'nature':
      if (!SKIP.includes(answer.toLowerCase())) {
        if (!NATURE_WORDS[answer] && !NATURE_WORDS[answer.toLowerCase()]) return again(USAGE.badNature(answer));
        fields.nature = answer;
      }
      return next(deps, person, fields, 'extra');
    case 'extra': {
      if (!FINISH.includes(answer.toLowerCase()) && !SKIP.includes(answer.toLowerCase())) {
        const more = parseFields(answer.split(/\n|[;；]/));
        if ('message' in more) return again(more.message);
        const merged = { ...fields, ...more };
        const check = toFormChanges(merged, deps.policy, { org: deps.org, now: deps.clock.now() });
        if ('message' in check) return again(check.message);
        await saveDialogue(deps, person, FORM_DIALOGUE, { step: 'extra', fields: merged } satisfies State);
        return { lines: [TD.added(Object.keys(more).length), TD.extra] };
      }
      await endDialogue(deps, person);
      const input = toFormChanges(fields, deps.policy, { org: deps.org, now: deps.clock.now() });
      if ('message' in input) return { refused: true, lines: [input.message] };
      return draftForm(deps, person, input as FormInput);
    }
  }
}

async function next(deps: AppDeps, person: PersonId, fields: RawFields, step: Step): Promise<Reply> {
  await saveDialogue(deps, person, FORM_DIALOGUE, { step, fields } satisfies State);
  return ask(deps, person, step);
}

function ask(deps: AppDeps, person: PersonId, step: Step): Reply {
  switch (step) {
    case 'receivingDept': {
      const own = deps.org.personById.get(person)!.department;
      const depts = deps.org.departments.filter((d) => d.code !== own).map((d) => `${d.code} ${d.name}`);
      return { title: TD.title, lines: [TD.askDept, depts.join('、'), TD.cancelHint] };
    }
    case 'deadline':
      return { lines: [TD.askDeadline, TD.cancelShort] };
    case 'subject':
      return { lines: [TD.askSubject, TD.cancelShort] };
    case 'nature':
      return {
        lines: [TD.askNature, TD.cancelShort],
        buttons: ['要求协助', '工作指令', '事件跟催', '其他', '跳过'].map((w) => ({ label: w, command: w })),
      };
    case 'extra':
      return { lines: [TD.extra, TD.cancelShort], buttons: [{ label: '完成', command: '完成' }, { label: '取消', command: '取消' }] };
  }
}
