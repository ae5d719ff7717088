/**
 * 任务 (Task): a superior's work assignment that asks for more than a 收到 (issue 16, policy
 * 2.2.1/2.2.2: 事前沟通、事中反馈、事后反馈). Each assignee owes a 收到 within the notice window
 * (`task_ack`), may report 进展, and owes a result by the task's 期限 (`task_result`); the superior
 * confirms (确认) or returns (退回) the result. Numbered `RW<YYYYMM>-<NNN>`, gapless per local month.
 */
import type { DeptCode, PersonId } from '../org.js';

/** One assignee's position: working on it, result submitted, result confirmed. 退回 goes back to `working`. */
export type AssignmentState = 'working' | 'submitted' | 'confirmed';

export const ASSIGNMENT_STATE_ZH: Record<AssignmentState, string> = {
  working: '进行中',
  submitted: '已提交结果,待确认',
  confirmed: '已确认完成',
};

export interface TaskEntry {
  at: number;
  kind: 'progress' | 'result' | 'confirm' | 'return';
  text: string;
}

export interface Assignment {
  person: PersonId;
  state: AssignmentState;
  /** When the (last) result was submitted, and whether that was after the task's 期限. */
  resultAt?: number;
  late?: boolean;
  history: TaskEntry[];
}

export interface Task {
  id: number;
  /** `RW202612-001`. */
  number: string;
  from: PersonId;
  text: string;
  dueAt: number;
  createdAt: number;
  /** The group chat it was given in, if any. */
  dept?: DeptCode;
  /** `closed` once every assignee's result is confirmed. */
  state: 'open' | 'closed';
  assignees: Assignment[];
}

export type NewTask = Omit<Task, 'id' | 'number'>;

export const TASK_REF = /^RW\d{6}-\d{3,}$/;

export function taskNumber(yyyymm: string, seq: number): string {
  return `RW${yyyymm}-${String(seq).padStart(3, '0')}`;
}

export function isTaskRef(ref: string | undefined): boolean {
  return ref !== undefined && TASK_REF.test(ref.trim().toUpperCase());
}
