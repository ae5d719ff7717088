/**
 * 任务 @a @b <内容> 期限 <时间>: a superior gives subordinates a task — or, from a meeting
 * (会议通报、命令下达), several people their own items in one message. In one transaction: each
 * task with its gapless `RW` number, two duties per assignee (收到 within the `task_ack` window,
 * the result by the 期限), the messages to them and the audit rows. One refused item refuses all.
 */
import { formatLocal, localYyyymm } from '../../domain/local-time.js';
import { isSuperiorOf, personName, type DeptCode, type PersonId } from '../../domain/org.js';
import { taskNumber, type NewTask, type Task } from '../../domain/task/task.js';
import { TT } from '../../texts/tasks.js';
import type { AppDeps, Reply } from '../deps.js';
import { createDuty } from '../duty-ops.js';
import type { Tx } from '../ports.js';
import { transact } from '../transact.js';

export interface TaskItemInput {
  assignees: PersonId[];
  text: string;
  dueAt: number;
}

export interface TaskInput {
  items: TaskItemInput[];
  /** The meeting's date and name, for a message with several items. */
  heading?: string;
  dept?: DeptCode;
}

export async function assignTask(deps: AppDeps, actor: PersonId, input: TaskInput): Promise<Reply> {
  const { org, policy } = deps;
  const now = deps.clock.now();
  const items = input.items.map((i) => ({ ...i, assignees: [...new Set(i.assignees)].filter((p) => p !== actor), text: i.text.trim() }));
  for (const item of items) {
    const refused = check(deps, actor, item, now);
    if (refused) return { refused: true, lines: [items.length > 1 ? `${item.text}:${refused}` : refused] };
  }
  return transact(deps, async (tx) => {
    const lines: string[] = [];
    for (const item of items) {
      const { task, ackDueAt } = await createTask(tx, deps, actor, item, input.dept, now);
      const names = task.assignees.map((a) => personName(org, a.person)).join('、');
      const due = formatLocal(task.dueAt, policy.timezone);
      lines.push(items.length > 1 ? TT.sentLine(task.number, names, task.text, due) : TT.sent(task.number, names, formatLocal(ackDueAt, policy.timezone), due));
    }
    return { lines: items.length > 1 ? [TT.meetingSent(input.heading ?? '', items.length), ...lines] : lines };
  });
}

function check(deps: AppDeps, actor: PersonId, item: TaskItemInput, now: number): string | undefined {
  const { org } = deps;
  if (!item.assignees.length) return TT.usage;
  if (!item.text) return TT.noText;
  const notSup = item.assignees.filter((p) => !isSuperiorOf(org, actor, p));
  if (notSup.length) return TT.notSuperior(notSup.map((p) => personName(org, p)).join('、'));
  if (item.dueAt <= now) return TT.deadlinePast(formatLocal(item.dueAt, deps.policy.timezone));
  return undefined;
}

async function createTask(tx: Tx, deps: AppDeps, actor: PersonId, item: TaskItemInput, dept: DeptCode | undefined, now: number): Promise<{ task: Task; ackDueAt: number }> {
  const { org, policy, calendar } = deps;
  const tz = policy.timezone;
  const nt: NewTask = {
    from: actor, text: item.text, dueAt: item.dueAt, createdAt: now, dept, state: 'open',
    assignees: item.assignees.map((person) => ({ person, state: 'working', history: [] })),
  };
  const month = localYyyymm(now, tz);
  const task = await tx.tasks.insert(nt, taskNumber(month, await tx.tasks.nextSequence(month)));
  const subject = { kind: 'task' as const, id: task.id, ref: task.number };
  // 收到 within the notice window, but never after the result itself is due.
  const ackDueAt = Math.min(calendar.addWorkingTime(now, policy.rules.task_ack.windowMs), task.dueAt);
  for (const person of item.assignees) {
    await createDuty(tx, deps, { person, rule: 'task_ack', subject, title: task.text, from: actor, createdAt: now, dueAt: ackDueAt });
    await createDuty(tx, deps, { person, rule: 'task_result', subject, title: task.text, from: actor, createdAt: now, dueAt: task.dueAt });
  }
  const [ackDue, due] = [formatLocal(ackDueAt, tz), formatLocal(task.dueAt, tz)];
  await tx.outbox.enqueue(
    item.assignees.map((p) => ({
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
  return { task, ackDueAt };
}
