/**
 * What became of each assignee's task for the monthly assessment (issue 16): on time when the
 * first result (完成) came by the 期限, late when it came after or has not come and the 期限 has
 * passed, open while not yet due. A 退回 and a later result do not change an on-time first result.
 */
import type { Assignment, Task } from '../task/task.js';

export type TaskOutcome = 'on_time' | 'late' | 'open';

export function taskOutcome(task: Task, a: Assignment, asOf: number): TaskOutcome {
  const first = a.history.find((e) => e.kind === 'result');
  if (first) return first.at <= task.dueAt ? 'on_time' : 'late';
  return asOf > task.dueAt ? 'late' : 'open';
}
