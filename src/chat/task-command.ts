/**
 * The `task` command of the command language (src/chat/command.ts). Pure and table-driven
 * (`task-words.ts`): `任务 @a @b <内容> 期限 <时间>`, `进展 RW… <内容>`, `完成 RW… <结果>`,
 * `确认 RW… [@某人]`, `退回 [RW…] [@某人] <原因>`. The deadline stays text: the router reads it
 * in the policy's timezone.
 */
import { TT } from '../texts/tasks.js';
import { DEADLINE_WORDS, TASK_SHARED_VERBS, TASK_VERBS, type TaskVerb } from './task-words.js';

export type TaskCommand =
  | { verb: 'assign'; mentions: string[]; text: string; deadline: string }
  | { verb: 'progress'; ref: string; text: string }
  | { verb: 'complete'; ref: string; result: string }
  | { verb: 'confirm'; ref: string; mention?: string }
  | { verb: 'return'; ref?: string; mention?: string; reason: string };

const RW = /^(RW\d{6}-\d{3,})(?=$|[\s:：,，])/i;
const MENTION = /@([^\s@,，、;；:：]+)/g;
const lower = (w: string) => w.toLowerCase();

function verbOf(table: Array<[string, TaskVerb]>, word: string): TaskVerb | undefined {
  return table.find(([w]) => w === word || w === lower(word))?.[1];
}

/** Whether `word` (a `command-words.ts` word) is always a task command. */
export function isTaskWord(word: string): boolean {
  return verbOf(TASK_VERBS, word) !== undefined;
}

/**
 * `body` is the message after the command word. A shared word (进展/完成/确认) without an `RW`
 * number is not a task command: undefined, and the caller parses it as before.
 */
export function parseTaskCommand(word: string, body: string): TaskCommand | { invalid: string } | undefined {
  const verb = verbOf(TASK_VERBS, word) ?? verbOf(TASK_SHARED_VERBS, word);
  if (!verb) return undefined;
  const text = body.trim();
  const m = RW.exec(text);
  const ref = m ? m[1]!.toUpperCase() : undefined;
  const rest = m ? text.slice(m[0].length).replace(/^[\s:：,，]+/, '') : text;
  const mentions = [...rest.matchAll(MENTION)].map((x) => x[1]!);
  const withoutMentions = rest.replace(MENTION, ' ').replace(/\s+/g, ' ').trim();
  if (verb !== 'assign' && verb !== 'return' && !ref) return undefined;
  switch (verb) {
    case 'assign': {
      if (!mentions.length) return { invalid: TT.usage };
      const at = deadlineAt(withoutMentions);
      if (!at) return { invalid: TT.noDeadline };
      const content = withoutMentions.slice(0, at.index).trim();
      if (!content) return { invalid: TT.noText };
      return { verb, mentions, text: content, deadline: at.deadline };
    }
    case 'progress':
      return rest ? { verb, ref: ref!, text: rest } : { invalid: TT.usageProgress };
    case 'complete':
      return rest ? { verb, ref: ref!, result: rest } : { invalid: TT.usageComplete };
    case 'confirm':
      return { verb, ref: ref!, ...(mentions[0] ? { mention: mentions[0] } : {}) };
    case 'return':
      return withoutMentions ? { verb, ...(ref ? { ref } : {}), ...(mentions[0] ? { mention: mentions[0] } : {}), reason: withoutMentions } : { invalid: TT.usageReturn };
  }
}

/** The last `期限 <time>` in the text: where it starts and the time as written. */
function deadlineAt(text: string): { index: number; deadline: string } | undefined {
  let best: { index: number; deadline: string } | undefined;
  for (const w of DEADLINE_WORDS) {
    // Chinese words may run into the content (`整理报告期限 …`); English ones need a boundary.
    const re = new RegExp(`${/^[a-z]/i.test(w) ? '(?:^|\\s|[,，。;；])' : ''}${w}[:：]?\\s*`, 'gi');
    for (const m of text.matchAll(re)) {
      const deadline = text.slice(m.index + m[0].length).trim();
      if (deadline && (!best || m.index > best.index)) best = { index: m.index, deadline };
    }
  }
  return best;
}
