/**
 * The `task` command of the command language (src/chat/command.ts). Pure and table-driven
 * (`task-words.ts`): `任务 @a @b <内容> 期限 <时间>`, `进展 RW… <内容>`, `完成 RW… <结果>`,
 * `确认 RW… [@某人]`, `退回 [RW…] [@某人] <原因>`. The deadline stays text: the router reads it
 * in the policy's timezone.
 */
import { TT } from '../texts/tasks.js';
import { DEADLINE_WORDS, TASK_SHARED_VERBS, TASK_VERBS, type TaskVerb } from './task-words.js';

/** One person's (or several people's) item: `@a @b <内容> 期限 <时间>`. */
export interface TaskItem {
  mentions: string[];
  text: string;
  deadline: string;
}

export type TaskCommand =
  /** One task, or a meeting's items (会议通报、命令下达): one per line, under an optional heading line. */
  | { verb: 'assign'; items: TaskItem[]; heading?: string }
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
    case 'assign':
      return assign(text);
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

/**
 * `任务 @a … 期限 …` on one line, or a heading line (the meeting's date and name, optional)
 * followed by one item per line. A bad line is named by its number.
 */
function assign(text: string): TaskCommand | { invalid: string } {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  if (lines.length <= 1) {
    const item = itemOf(lines[0] ?? '');
    return 'invalid' in item ? item : { verb: 'assign', items: [item] };
  }
  const heading = lines[0]!.includes('@') ? undefined : lines[0]!;
  const items: TaskItem[] = [];
  for (const [i, line] of lines.entries()) {
    if (i === 0 && heading !== undefined) continue;
    const item = itemOf(line);
    if ('invalid' in item) return { invalid: TT.badLine(i + 1, line, item.invalid) };
    items.push(item);
  }
  return { verb: 'assign', items, ...(heading !== undefined ? { heading } : {}) };
}

function itemOf(line: string): TaskItem | { invalid: string } {
  const mentions = [...line.matchAll(MENTION)].map((x) => x[1]!);
  if (!mentions.length) return { invalid: TT.usage };
  const rest = line.replace(MENTION, ' ').replace(/\s+/g, ' ').trim();
  const at = deadlineAt(rest);
  if (!at) return { invalid: TT.noDeadline };
  const content = rest.slice(0, at.index).trim();
  if (!content) return { invalid: TT.noText };
  return { mentions, text: content, deadline: at.deadline };
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
