/**
 * 代理 use cases (issue 13): name a deputy until a date, end it early, list the current ones.
 * Each is one transaction with its audit row and the messages to the two people concerned.
 */
import { decideDeputy, isActive, maySetDeputy, type Deputy } from '../domain/deputy/deputy.js';
import { formatLocal, parseLocalDateTime } from '../domain/local-time.js';
import { personName, type PersonId } from '../domain/org.js';
import { isRefusal, refuse } from '../domain/refusal.js';
import { TDEP } from '../texts/deputy.js';
import type { AppDeps, Reply } from './deps.js';
import { fail, transact } from './transact.js';

const DAY = 86_400_000;

/** `until` as typed (`YYYY-MM-DD`): the appointment lasts through that local day. */
function endOfDay(text: string, deps: AppDeps): number | undefined {
  const start = parseLocalDateTime(`${text} 00:00`, deps.policy);
  if (start === undefined) return undefined;
  // The next local midnight: 24 h later except across a DST change, where the wall clock decides.
  return parseLocalDateTime(`${new Date(Date.parse(`${text}T00:00:00Z`) + DAY).toISOString().slice(0, 10)} 00:00`, deps.policy);
}

/** The last local day an appointment covers, for messages. */
export function untilLabel(d: Pick<Deputy, 'until'>, tz: string): string {
  return formatLocal(d.until - 1, tz).slice(0, 10);
}

export async function setDeputy(deps: AppDeps, actor: PersonId, input: { absent: PersonId; deputy: PersonId; until: string; reason?: string }): Promise<Reply> {
  return transact(deps, async (tx) => {
    const now = deps.clock.now();
    const until = /^\d{4}-\d{1,2}-\d{1,2}$/.test(input.until) ? endOfDay(input.until.replace(/-(\d)(?=-|$)/g, '-0$1'), deps) : undefined;
    if (until === undefined) fail(refuse('deputy_date', TDEP.badDate(input.until)));
    const d = decideDeputy(deps.org, { actor, absent: input.absent, deputy: input.deputy, until, ...(input.reason ? { reason: input.reason } : {}) }, now);
    if (isRefusal(d)) fail(d);
    const saved = await tx.deputies.insert(d);
    const tz = deps.policy.timezone;
    const [deputyName, absentName, last] = [personName(deps.org, saved.deputy), personName(deps.org, saved.absent), untilLabel(saved, tz)];
    await tx.audit.append([{ at: now, actor, action: 'deputy.set', entity: 'deputy', entityId: String(saved.id), after: saved }]);
    await tx.outbox.enqueue(
      [
        { key: `deputy:${saved.id}:deputy`, to: { kind: 'person' as const, person: saved.deputy }, view: { lines: [TDEP.toDeputy(absentName, last, saved.reason)] } },
        ...(actor !== saved.absent ? [{ key: `deputy:${saved.id}:absent`, to: { kind: 'person' as const, person: saved.absent }, view: { lines: [TDEP.toAbsent(deputyName, last)] } }] : []),
      ].filter((m) => m.to.person !== actor),
      now,
    );
    return { lines: [TDEP.set(deputyName, absentName, last, saved.reason)] };
  });
}

/** Ends the active appointments for `absent` (default: the actor). */
export async function endDeputy(deps: AppDeps, actor: PersonId, absent: PersonId = actor): Promise<Reply> {
  return transact(deps, async (tx) => {
    const now = deps.clock.now();
    if (!maySetDeputy(deps.org, actor, absent)) fail(refuse('deputy_not_allowed', TDEP.notAllowed));
    const active = (await tx.deputies.current(now)).filter((d) => d.absent === absent && isActive(d, now));
    if (!active.length) return { lines: [TDEP.noneToEnd] };
    for (const d of active) {
      await tx.deputies.end(d.id, now);
      await tx.audit.append([{ at: now, actor, action: 'deputy.end', entity: 'deputy', entityId: String(d.id), before: d, after: { ...d, endedAt: now } }]);
    }
    return { lines: active.map((d) => TDEP.ended(personName(deps.org, d.deputy), personName(deps.org, d.absent))) };
  });
}

/** The appointments in force now. */
export async function listDeputies(deps: AppDeps): Promise<Reply> {
  const now = deps.clock.now();
  const active = (await deps.store.transaction((tx) => tx.deputies.current(now))).filter((d) => isActive(d, now));
  if (!active.length) return { lines: [TDEP.none] };
  const tz = deps.policy.timezone;
  return { lines: [TDEP.listHeader, ...active.map((d) => TDEP.line(personName(deps.org, d.deputy), personName(deps.org, d.absent), untilLabel(d, tz), d.reason))] };
}
