/**
 * The `task` command → its use case: people resolved against the org, the deadline read in the
 * policy's timezone, the group chat it was given in kept with the task.
 */
import type { AppDeps, Reply } from '../app/deps.js';
import { actOnTask } from '../app/tasks/act-on-task.js';
import { assignTask } from '../app/tasks/assign-task.js';
import { parseLocalDateTime } from '../domain/local-time.js';
import type { PersonId } from '../domain/org.js';
import { USAGE } from '../texts/usage.js';
import type { InboundEvent } from './inbound.js';
import type { TaskCommand } from './task-command.js';

export async function routeTask(deps: AppDeps, ev: InboundEvent, cmd: TaskCommand, people: (names: string[]) => PersonId[] | Reply): Promise<Reply> {
  const actor = ev.sender;
  const one = (name: string | undefined): PersonId | undefined | Reply => {
    if (name === undefined) return undefined;
    const ids = people([name]);
    return Array.isArray(ids) ? ids[0] : ids;
  };
  switch (cmd.verb) {
    case 'assign': {
      const items = [];
      for (const item of cmd.items) {
        const ids = people(item.mentions);
        if (!Array.isArray(ids)) return ids;
        const dueAt = parseLocalDateTime(item.deadline, deps.policy);
        if (dueAt === undefined) return { refused: true, lines: [USAGE.badDate(item.deadline)] };
        items.push({ assignees: ids, text: item.text, dueAt });
      }
      const dept = ev.where.kind === 'dept' ? ev.where.dept : undefined;
      return assignTask(deps, actor, { items, heading: cmd.heading, dept });
    }
    case 'progress':
      return actOnTask(deps, actor, cmd.ref, { kind: 'progress', text: cmd.text });
    case 'complete':
      return actOnTask(deps, actor, cmd.ref, { kind: 'complete', result: cmd.result });
    case 'confirm': {
      const person = one(cmd.mention);
      return typeof person === 'object' ? person : actOnTask(deps, actor, cmd.ref, { kind: 'confirm', person });
    }
    case 'return': {
      const person = one(cmd.mention);
      return typeof person === 'object' ? person : actOnTask(deps, actor, cmd.ref, { kind: 'return', reason: cmd.reason, person });
    }
  }
}
