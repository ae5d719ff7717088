/**
 * The task command words (任务: 事前沟通、事中反馈、事后反馈), Chinese first with English aliases.
 * `任务` and `退回` are task words of their own (`command-words.ts` maps them to the `task`
 * command); `进展`, `确认` and `完成` are shared with feedback and forms and mean a task only when
 * an `RW` number follows them (`task-command.ts`).
 */
export type TaskVerb = 'assign' | 'progress' | 'complete' | 'confirm' | 'return';

/** Words that are always a task command. */
export const TASK_VERBS: Array<[word: string, verb: TaskVerb]> = [
  ['任务', 'assign'], ['布置任务', 'assign'], ['task', 'assign'],
  ['退回', 'return'], ['return', 'return'],
];

/** Words of other commands that are a task command when an `RW` number follows. */
export const TASK_SHARED_VERBS: Array<[word: string, verb: TaskVerb]> = [
  ['进展', 'progress'], ['progress', 'progress'],
  ['完成', 'complete'], ['done', 'complete'],
  ['确认', 'confirm'], ['confirm', 'confirm'],
];

/** Where a task's deadline starts in `任务 @a <内容> 期限 <时间>`. */
export const DEADLINE_WORDS = ['期限', '截止', 'deadline', 'due'];
