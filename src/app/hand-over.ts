/**
 * Hands over the open work of people who left, moved or stopped leading (issue 12 §4), after the
 * running directory was replaced (`src/server/org-reload.ts`). In one transaction per hand-over:
 * their open duties (a removed leader: only those about their department's forms) and the open
 * forms where they are issuer or implementer move to the new owner (`domain/org-changes.ts`);
 * each move gets an audit row (and a form, a line in its history); the new owner and HR's leaders
 * are each told once (outbox keys name the moved records, so a repeated reload sends nothing new).
 * The person's history — closed duties, violations, form events — stays under their id, so the
 * monthly assessment still counts their violations.
 */
import { directoryHandovers, type Handover } from '../domain/org-changes.js';
import { deptWithRole, personName, type Org } from '../domain/org.js';
import type { OutgoingMessage } from '../domain/message.js';
import type { FormState } from '../domain/form/form.js';
import { TD } from '../texts/directory.js';
import type { AppDeps } from './deps.js';
import type { Tx } from './ports.js';

/** Every form state but `closed`. */
export const OPEN_FORM_STATES: FormState[] = ['draft', 'returned', 'issued', 'disputed', 'signed', 'in_progress', 'done'];
const ACTOR = 'system:directory';

function reasonOf(h: Handover, previous: Org, next: Org): string {
  const dept = (code: string) => next.deptByCode.get(code)?.name ?? previous.deptByCode.get(code)?.name ?? code;
  if (h.kind === 'left') return TD.reason.left(h.name);
  if (h.kind === 'moved') return TD.reason.moved(h.name, dept(h.fromDept!), dept(h.dept));
  return TD.reason.no_longer_leader(h.name, dept(h.dept));
}

async function handOverOne(tx: Tx, h: Handover, previous: Org, next: Org, now: number): Promise<number> {
  const reason = reasonOf(h, previous, next);
  const lines: string[] = [];
  const keys: string[] = [];
  const audit = (entity: 'duty' | 'form', entityId: string, before: unknown, after: unknown) =>
    tx.audit.append([{ at: now, actor: ACTOR, action: `${entity}.handed_over`, entity, entityId, before, after: { ...(after as object), reason: h.kind } }]);

  const forms = new Map<number, Awaited<ReturnType<Tx['forms']['byId']>>>();
  const formOf = async (id: number) => {
    if (!forms.has(id)) forms.set(id, await tx.forms.byId(id));
    return forms.get(id);
  };
  for (const duty of await tx.duties.openForPerson(h.person)) {
    if (h.kind === 'no_longer_leader') {
      if (duty.subject.kind !== 'form') continue;
      const f = await formOf(duty.subject.id);
      if (!f || (f.issuingDept !== h.dept && f.receivingDept !== h.dept) || f.issuer === h.person || f.implementers.includes(h.person)) continue;
    }
    await tx.duties.update({ ...duty, person: h.newOwner });
    await audit('duty', String(duty.id), { person: h.person }, { person: h.newOwner });
    lines.push(TD.dutyLine(duty.subject.ref, duty.title));
    keys.push(`d${duty.id}`);
  }
  if (h.kind !== 'no_longer_leader') {
    const asIssuer = await tx.forms.list({ issuer: h.person, states: OPEN_FORM_STATES });
    const asImplementer = await tx.forms.list({ implementer: h.person, states: OPEN_FORM_STATES });
    const seen = new Set<number>();
    for (const form of [...asIssuer, ...asImplementer]) {
      if (seen.has(form.id)) continue;
      seen.add(form.id);
      const locked = (await tx.forms.getForUpdate(form.id))!;
      const wasIssuer = locked.issuer === h.person;
      const implementers = locked.implementers.includes(h.person)
        ? [...new Set(locked.implementers.map((p) => (p === h.person ? h.newOwner : p)))]
        : locked.implementers;
      const after = { ...locked, issuer: wasIssuer ? h.newOwner : locked.issuer, implementers };
      await tx.forms.update(after);
      await audit('form', String(locked.id), { issuer: locked.issuer, implementers: locked.implementers }, { issuer: after.issuer, implementers: after.implementers });
      const role = wasIssuer ? TD.roleIssuer : TD.roleImplementer;
      await tx.formEvents.append({ formId: locked.id, at: now, actor: ACTOR, kind: 'comment', text: TD.formEvent(reason, personName(next, h.newOwner), role) });
      lines.push(TD.formLine(locked.number ?? `#${locked.id}`, locked.subject, role));
      keys.push(`f${locked.id}`);
    }
  }
  if (lines.length === 0) return 0;

  const key = `handover:${h.kind}:${h.person}:${h.newOwner}:${keys.join(',')}`;
  const messages: OutgoingMessage[] = [
    { key: `${key}:owner`, to: { kind: 'person', person: h.newOwner }, view: { title: TD.toOwnerTitle, lines: [TD.toOwner(reason, lines.length), ...lines] } },
  ];
  for (const hr of deptWithRole(next, 'hr').leaders) {
    if (hr === h.newOwner) continue;
    messages.push({ key: `${key}:hr:${hr}`, to: { kind: 'person', person: hr }, view: { title: TD.toHrTitle, lines: [TD.toHr(reason, personName(next, h.newOwner), lines.length), ...lines] } });
  }
  await tx.outbox.enqueue(messages, now);
  return lines.length;
}

/** Hands over everything `previous` → `next` calls for; returns the hand-overs and what each moved. */
export async function handOverDirectoryChanges(deps: Pick<AppDeps, 'store' | 'clock'>, previous: Org, next: Org): Promise<{ handover: Handover; moved: number }[]> {
  const out: { handover: Handover; moved: number }[] = [];
  for (const h of directoryHandovers(previous, next)) {
    const moved = await deps.store.transaction((tx) => handOverOne(tx, h, previous, next, deps.clock.now()));
    out.push({ handover: h, moved });
  }
  return out;
}
