/**
 * 查看 RW…: a task with each assignee's state and history (收到, 进展, 结果, 确认/退回). Only the
 * issuer and the assignees may read it; others hear it was not found.
 */
import { formatLocal } from '../../domain/local-time.js';
import { personName, type PersonId } from '../../domain/org.js';
import { ASSIGNMENT_STATE_ZH } from '../../domain/task/task.js';
import { TASK_ENTRY_ZH, TT } from '../../texts/tasks.js';
import type { AppDeps, Reply } from '../deps.js';

export async function viewTask(deps: AppDeps, actor: PersonId, ref: string): Promise<Reply> {
  const { org, policy } = deps;
  const tz = policy.timezone;
  return deps.store.transaction(async (tx) => {
    const task = await tx.tasks.byNumber(ref);
    if (!task || (task.from !== actor && !task.assignees.some((a) => a.person === actor))) return { refused: true, lines: [TT.unknownTask(ref)] };
    const acks = (await tx.duties.forSubjects('task', [task.id])).filter((d) => d.rule === 'task_ack');
    const lines = [TT.viewHead(formatLocal(task.createdAt, tz), personName(org, task.from), task.text, formatLocal(task.dueAt, tz))];
    for (const a of task.assignees) {
      const ack = acks.find((d) => d.person === a.person);
      const acked = ack?.status === 'done' ? `已收到 ${formatLocal(ack.doneAt!, tz)}` : '未回复收到';
      lines.push(TT.viewAssignee(personName(org, a.person), `${acked} · ${ASSIGNMENT_STATE_ZH[a.state]}${a.late ? '(结果逾期)' : ''}`));
      for (const e of a.history) {
        const who = e.kind === 'confirm' || e.kind === 'return' ? task.from : a.person;
        lines.push(TT.viewEntry(formatLocal(e.at, tz), personName(org, who), TASK_ENTRY_ZH[e.kind], e.text));
      }
    }
    return { title: `任务 ${task.number}`, lines };
  });
}
