/**
 * What a 收到 of a task's duty does besides discharging it (acknowledge.ts calls it): tells the
 * issuer how many assignees have acknowledged, and answers the assignee.
 */
import type { Duty } from '../../domain/duty/duty.js';
import { TT } from '../../texts/tasks.js';
import type { AppDeps } from '../deps.js';
import type { Tx } from '../ports.js';

/** `who`: the acknowledging person's name (with the principal's when a deputy acknowledged). */
export async function taskAcknowledged(tx: Tx, deps: AppDeps, duty: Duty, who: string, now: number): Promise<string> {
  const task = (await tx.tasks.byId(duty.subject.id))!;
  const acks = (await tx.duties.forSubjects('task', [task.id])).filter((d) => d.rule === 'task_ack');
  const done = acks.filter((d) => d.status === 'done').length;
  await tx.outbox.enqueue([{
    key: `duty:${duty.id}:ack`, to: { kind: 'person', person: task.from },
    view: { lines: [TT.ackToIssuer(who, task.number, done, acks.length)] },
  }], now);
  const v = duty.violationId !== undefined ? await tx.violations.byId(duty.violationId) : undefined;
  return v?.lateMs !== undefined ? TT.ackedLate(task.number, task.text, v.lateMs) : TT.acked(task.number, task.text);
}
