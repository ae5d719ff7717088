/**
 * Where a form's thread lives on Slack (issue 5 §3): in the receiving department's channel
 * (`channels.slack`) or, when it has none, in a direct message with the receiving leader. This
 * wraps the outbox's address resolver for `thread` recipients; every other recipient, and a form
 * whose receiving side has no Slack presence, is left to the wrapped resolver.
 *
 * - Once the first message has become the root (`platform_thread`), later messages go to that
 *   root's channel, so the thread never forks even if the org file changes.
 * - A message pushed to a person is posted in the thread with an @-mention — unless the thread is
 *   a direct message with the receiving leader and the person is someone else (the issuer, say),
 *   who cannot see that DM: they get a direct message carrying the form number instead.
 * - A person without a Slack id is left to the wrapped resolver (another platform, or a refusal).
 */
import type { Store } from '../../app/ports.js';
import type { Recipient } from '../../domain/message.js';
import type { DeptCode, Org, PersonId } from '../../domain/org.js';
import type { AddressResolver, Resolution } from '../../infra/outbox/address-resolver.js';
import { slackDirectory } from './directory.js';

/** Options of `withSlackFormThreads`. */
export interface SlackFormThreadsOptions {
  org: Org;
  store: Store;
}

type ThreadTo = Extract<Recipient, { kind: 'thread' }>;

/** Wraps `base`; see the module comment. */
export function withSlackFormThreads(base: AddressResolver, opts: SlackFormThreadsOptions): AddressResolver {
  const { org, store } = opts;
  const dir = slackDirectory(org);
  const receivingOf = new Map<number, DeptCode>();

  /** The receiving leader whose DM holds the thread when the department has no channel. */
  const dmOwner = (dept: DeptCode): { person: PersonId; user: string } | undefined => {
    for (const person of org.deptByCode.get(dept)?.leaders ?? []) {
      const user = dir.userOf(person);
      if (user) return { person, user };
    }
    return undefined;
  };

  async function resolveThread(to: ThreadTo): Promise<Resolution> {
    const { root, dept } = await store.transaction(async (tx) => {
      const stored = await tx.platformThreads.get(to.formId, 'slack');
      let code = receivingOf.get(to.formId);
      if (code === undefined) {
        code = (await tx.forms.byId(to.formId))?.receivingDept;
        if (code !== undefined) receivingOf.set(to.formId, code);
      }
      return { root: stored, dept: code };
    });
    if (dept === undefined) return base.resolve(to);
    const mention = to.person ? dir.userOf(to.person) : undefined;
    if (to.person && !mention) return base.resolve(to);
    const thread = { formId: to.formId, formNumber: to.formNumber };
    const channel = org.deptByCode.get(dept)?.channels.slack;
    const owner = dmOwner(dept);
    const inDm = root ? root.channel.startsWith('D') : !channel;
    if (inDm) {
      if (!owner) return base.resolve(to);
      if (to.person && to.person !== owner.person) {
        return { ok: true, address: { platform: 'slack', kind: 'user', id: mention!, ...thread } };
      }
      return { ok: true, address: { platform: 'slack', kind: 'thread', id: root?.channel ?? owner.user, ...thread } };
    }
    const home = root?.channel ?? channel!;
    return { ok: true, address: { platform: 'slack', kind: 'thread', id: home, ...thread, ...(mention ? { mention } : {}) } };
  }

  return {
    resolve: (to) => (to.kind === 'thread' ? resolveThread(to) : base.resolve(to)),
  };
}
