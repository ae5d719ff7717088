/**
 * 任务 @a @b <内容> 期限 <时间>: a superior gives subordinates a task. In one transaction: the
 * task with its gapless `RW` number, two duties per assignee (收到 within the `task_ack` window,
 * the result by the 期限), the messages to them and the audit rows.
 */
import { formatLocal, localYyyymm } from '../../domain/local-time.js';
import { isSuperiorOf, personName, type DeptCode, type PersonId } from '../../domain/org.js';
import { taskNumber, type NewTask } from '../../domain/task/task.js';
import { TT } from '../../texts/tasks.js';
import type { AppDeps, Reply } from '../deps.js';
import { createDuty } from '../duty-ops.js';
import { transact } from '../transact.js';

export interface TaskInput {
  assignees: PersonId[];
  text: string;
  dueAt: number;
  dept?: DeptCode;
}

export async function assignTask(deps: AppDeps, actor: PersonId, input: TaskInput): Promise<Reply> {
  const { org, policy, calendar } = deps;
  const assignees = [...new Set(input.assignees)].filter((p) => p !== actor);
  if (!assignees.length) return { refused: true, lines: [TT.usage] };
  if (!input.text.trim()) return { refused: true, lines: [TT.noText] };
  const notSup = assignees.filter((p) => !isSuperiorOf(org, actor, p));
  if (notSup.length) return { refused: true, lines: [TT.notSuperior(notSup.map((p) => personName(org, p)).join('、'))] };
  const now = deps.clock.now();
  if (input.dueAt <= now) return { refused: true, lines: [TT.deadlinePast(formatLocal(input.dueAt, policy.timezone))] };
  return transact(deps, async (tx) => {
    const nt: NewTask = {
      from: actor, text: input.text.trim(), dueAt: input.dueAt, createdAt: now, dept: input.dept, state: 'open',
      assignees: assignees.map((person) => ({ person, state: 'working', history: [] })),
    };
    const task = await tx.tasks.insert(nt, taskNumber(localYyyymm(now, policy.timezone), await tx.tasks.nextSequence(localYyyymm(now, policy.timezone))));
    const subject = { kind: 'task' as const, id: task.id, ref: task.number };
    // 收到 within the notice window, but never after the result itself is due.
    const ackDueAt = Math.min(calendar.addWorkingTime(now, policy.rules.task_ack.windowMs), task.dueAt);
    for (const person of assignees) {
      await createDuty(tx, deps, { person, rule: 'task_ack', subject, title: task.text, from: actor, createdAt: now, dueAt: ackDueAt });
      await createDuty(tx, deps, { person, rule: 'task_result', subject, title: task.text, from: actor, createdAt: now, dueAt: task.dueAt });
    }
    const tz = policy.timezone;
    const [ackDue, due] = [formatLocal(ackDueAt, tz), formatLocal(task.dueAt, tz)];
    await tx.outbox.enqueue(
      assignees.map((p) => ({
        key: `task:${task.id}:${p}`,
        to: { kind: 'person' as const, person: p },
        view: {
          title: `任务 ${task.number}`, lines: [TT.toAssignee(personName(org, actor), ackDue, due, task.number), task.text],
          buttons: [{ label: '收到', command: `收到 ${task.number}` }, { label: '查看', command: `查看 ${task.number}` }],
        },
      })),
      now,
    );
    await tx.audit.append([{ at: now, actor, action: 'task.assign', entity: 'task', entityId: String(task.id), after: task }]);
    return { lines: [TT.sent(task.number, assignees.map((p) => personName(org, p)).join('、'), ackDue, due)] };
  });
}
