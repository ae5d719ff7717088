/**
 * What a task action does, as a table (like form-transitions.ts): who may take it, from which
 * assignment states, and the state it leads to. Pure: `decideTask` returns the changed task or a
 * refusal; the use case stores it and settles duties.
 */
import { personName, type Org, type PersonId } from '../org.js';
import { refuse, type Refusal } from '../refusal.js';
import { TT } from '../../texts/tasks.js';
import type { AssignmentState, Task, TaskEntry } from './task.js';

export type TaskAction =
  | { kind: 'progress'; text: string }
  | { kind: 'complete'; result: string }
  | { kind: 'confirm'; person?: PersonId }
  | { kind: 'return'; reason: string; person?: PersonId };

interface Transition {
  by: 'assignee' | 'issuer';
  from: AssignmentState[];
  to: AssignmentState;
  entry: TaskEntry['kind'];
}

export const TASK_TRANSITIONS: Record<TaskAction['kind'], Transition> = {
  progress: { by: 'assignee', from: ['working'], to: 'working', entry: 'progress' },
  complete: { by: 'assignee', from: ['working'], to: 'submitted', entry: 'result' },
  confirm: { by: 'issuer', from: ['submitted'], to: 'confirmed', entry: 'confirm' },
  return: { by: 'issuer', from: ['submitted'], to: 'working', entry: 'return' },
};

export const TASK_ACTION_ZH: Record<TaskAction['kind'], string> = { progress: '进展', complete: '完成', confirm: '确认', return: '退回' };

export interface TaskDecision {
  task: Task;
  /** The assignees whose assignment changed. */
  persons: PersonId[];
}

/** Applies `action` by `actor` at `now`; a refusal says why not (role, state, or which assignee). */
export function decideTask(org: Org, task: Task, actor: PersonId, action: TaskAction, now: number): TaskDecision | Refusal {
  const t = TASK_TRANSITIONS[action.kind];
  const word = TASK_ACTION_ZH[action.kind];
  let targets: PersonId[];
  if (t.by === 'assignee') {
    if (!task.assignees.some((a) => a.person === actor)) return refuse('not_assignee', TT.notAssignee(task.number, word));
    targets = [actor];
  } else {
    if (task.from !== actor) return refuse('not_issuer', TT.notIssuer(task.number, word, personName(org, task.from)));
    const person = 'person' in action ? action.person : undefined;
    if (person !== undefined && !task.assignees.some((a) => a.person === person)) return refuse('not_assignee', TT.notAnAssignee(task.number, personName(org, person)));
    targets = task.assignees.filter((a) => (person === undefined || a.person === person) && t.from.includes(a.state)).map((a) => a.person);
    if (action.kind === 'return' && targets.length > 1) return refuse('which_assignee', TT.whichAssignee(task.number, targets.map((p) => personName(org, p)).join('、')));
  }
  const movable = targets.filter((p) => t.from.includes(task.assignees.find((a) => a.person === p)!.state));
  if (!movable.length) {
    const mine = task.assignees.find((a) => a.person === (t.by === 'assignee' ? actor : targets[0]));
    return refuse('bad_state', t.by === 'assignee' && mine ? TT.badState(task.number, word, mine.state) : TT.nothingToDecide(task.number, word));
  }
  const text = action.kind === 'progress' ? action.text : action.kind === 'complete' ? action.result : action.kind === 'return' ? action.reason : '';
  const next: Task = structuredClone(task);
  for (const a of next.assignees) {
    if (!movable.includes(a.person)) continue;
    a.state = t.to;
    a.history.push({ at: now, kind: t.entry, text });
    if (action.kind === 'complete') {
      a.resultAt = now;
      a.late = now > task.dueAt;
    }
  }
  if (next.assignees.every((a) => a.state === 'confirmed')) next.state = 'closed';
  return { task: next, persons: movable };
}
