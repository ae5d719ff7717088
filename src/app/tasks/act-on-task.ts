/**
 * 进展 / 完成 / 确认 / 退回 on a task (事中反馈、事后反馈): the domain decides (decide-task.ts);
 * this stores the task, settles the duties (a result discharges the assignee's 收到 and result
 * duties, late ones keep their violation; 退回 owes a new result within the `task_result`
 * window), tells the other side, and audits — in one transaction.
 */
import { decideTask, type TaskAction } from '../../domain/task/decide-task.js';
import { formatLocal } from '../../domain/local-time.js';
import type { OutgoingMessage } from '../../domain/message.js';
import { personName, type PersonId } from '../../domain/org.js';
import { isRefusal } from '../../domain/refusal.js';
import type { Task } from '../../domain/task/task.js';
import { TT } from '../../texts/tasks.js';
import type { AppDeps, Reply } from '../deps.js';
import { createDuty, dischargeDuty } from '../duty-ops.js';
import type { Tx } from '../ports.js';
import { refusalReply, transact } from '../transact.js';

export async function actOnTask(deps: AppDeps, actor: PersonId, ref: string | undefined, action: TaskAction): Promise<Reply> {
  return transact(deps, async (tx) => {
    const number = ref ?? (await pickTask(tx, actor, action));
    if (typeof number !== 'string') return number;
    const task = await tx.tasks.byNumberForUpdate(number);
    // Only the issuer and the assignees learn that a number exists.
    if (!task || (task.from !== actor && !task.assignees.some((a) => a.person === actor))) return { refused: true, lines: [TT.unknownTask(number)] };
    const now = deps.clock.now();
    const d = decideTask(deps.org, task, actor, action, now);
    if (isRefusal(d)) return refusalReply(d);
    await tx.tasks.update(d.task);
    await tx.audit.append([{ at: now, actor, action: `task.${action.kind}`, entity: 'task', entityId: String(task.id), before: task, after: d.task }]);
    return apply(tx, deps, actor, d.task, d.persons, action, now);
  });
}

/** Without a number: the only task the action can be about, or a question. */
async function pickTask(tx: Tx, actor: PersonId, action: TaskAction): Promise<string | Reply> {
  if (action.kind === 'progress' || action.kind === 'complete') {
    const refs = [...new Set((await tx.duties.openForPerson(actor)).filter((x) => x.rule === 'task_result').map((x) => x.subject.ref))];
    if (refs.length === 1) return refs[0]!;
    return { refused: true, lines: [TT.needRef(action.kind === 'progress' ? '进展' : '完成')] };
  }
  const waiting = (await tx.tasks.openFrom(actor)).filter((t) => t.assignees.some((a) => a.state === 'submitted'));
  if (waiting.length === 1) return waiting[0]!.number;
  if (!waiting.length) return { refused: true, lines: [TT.nothingWaiting] };
  return { refused: true, lines: [TT.whichTask(action.kind === 'confirm' ? '确认' : '退回')], buttons: waiting.map((t) => ({ label: `确认 ${t.number}`, command: `确认 ${t.number}` })) };
}

async function apply(tx: Tx, deps: AppDeps, actor: PersonId, task: Task, persons: PersonId[], action: TaskAction, now: number): Promise<Reply> {
  const { org, policy, calendar } = deps;
  const tz = policy.timezone;
  const ref = task.number;
  const name = personName(org, actor);
  const toIssuer = (key: string, lines: string[], buttons: OutgoingMessage['view']['buttons'] = []): OutgoingMessage => ({
    key: `task:${task.id}:${key}`, to: { kind: 'person', person: task.from }, view: { title: `任务 ${ref}`, lines, buttons },
  });
  switch (action.kind) {
    case 'progress':
      await tx.outbox.enqueue([toIssuer(`progress:${actor}:${now}`, [TT.progressToIssuer(name, ref, action.text)])], now);
      return { lines: [TT.progressSaved(ref)] };
    case 'complete': {
      // A result is also the 收到 (事前) if that was still owed.
      const open = (await tx.duties.openForSubject('task', task.id)).filter((x) => x.person === actor);
      let lateMs: number | undefined;
      for (const duty of open) {
        await dischargeDuty(tx, deps, duty, now, actor);
        if (duty.rule === 'task_result' && duty.violationId !== undefined) lateMs = (await tx.violations.byId(duty.violationId))?.lateMs;
      }
      const late = lateMs !== undefined ? TT.lateMark(lateMs) : '';
      await tx.outbox.enqueue([toIssuer(`result:${actor}:${now}`, [TT.resultToIssuer(name, ref, action.result, late)], [
        { label: `确认 ${ref}`, command: `确认 ${ref}` }, { label: `查看 ${ref}`, command: `查看 ${ref}` },
      ])], now);
      return { lines: [lateMs !== undefined ? TT.completedLate(ref, lateMs) : TT.completed(ref)] };
    }
    case 'confirm':
      await tx.outbox.enqueue(persons.map((p) => ({
        key: `task:${task.id}:confirm:${p}:${now}`, to: { kind: 'person' as const, person: p }, view: { title: `任务 ${ref}`, lines: [TT.confirmedToAssignee(ref, name)] },
      })), now);
      return { lines: [TT.confirmed(ref, persons.map((p) => personName(org, p)).join('、'))] };
    case 'return': {
      const person = persons[0]!;
      const dueAt = calendar.addWorkingTime(now, policy.rules.task_result.windowMs);
      await createDuty(tx, deps, { person, rule: 'task_result', subject: { kind: 'task', id: task.id, ref }, title: task.text, from: actor, createdAt: now, dueAt });
      const due = formatLocal(dueAt, tz);
      await tx.outbox.enqueue([{
        key: `task:${task.id}:return:${person}:${now}`, to: { kind: 'person', person },
        view: { title: `任务 ${ref}`, lines: [TT.returnedToAssignee(ref, name, action.reason, due)], buttons: [{ label: `查看 ${ref}`, command: `查看 ${ref}` }] },
      }], now);
      return { lines: [TT.returned(ref, personName(org, person), due)] };
    }
  }
}
