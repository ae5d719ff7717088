/**
 * Where a form's thread lives on Slack (issue 5 §3): in the receiving department's channel
 * (`channels.slack`) or, when it has none, in a direct message with the receiving leader. This
 * wraps the deployment's recipient resolver for `thread` recipients; every other recipient, and a
 * form whose receiving side has no Slack presence, is left to the wrapped resolver.
 *
 * - Once the first message has become the root (a thread root record), later messages go to that
 *   root's channel, so the thread never forks even if the org file changes.
 * - A message pushed to a person is posted in the thread with an @-mention — unless the thread is
 *   a direct message with the receiving leader and the person is someone else (the issuer, say),
 *   who cannot see that DM: they get a direct message carrying the form number instead.
 * - A person without a Slack id is left to the wrapped resolver (another platform, or a refusal).
 */
import { platformIdOf } from '../../../chat/directory.js';
import type { PlatformRecords } from '../../../chat/platform-records.js';
import type { AddressResolver, Resolution } from '../../../chat/sending.js';
import type { Recipient } from '../../../domain/message.js';
import type { DeptCode, Org, PersonId } from '../../../domain/org.js';

/** Options of `withSlackFormThreads`. */
export interface SlackFormThreadsOptions {
  org: () => Org;
  records: PlatformRecords;
  /** The receiving department of a form (cached by the caller or not; forms never change it). */
  receivingDept: (formId: number) => Promise<DeptCode | undefined>;
}

type ThreadTo = Extract<Recipient, { kind: 'thread' }>;

/** Wraps `base`; see the module comment. */
export function withSlackFormThreads(base: AddressResolver, opts: SlackFormThreadsOptions): AddressResolver {
  /** The receiving leader whose DM holds the thread when the department has no channel. */
  const dmOwner = (org: Org, dept: DeptCode): { person: PersonId; user: string } | undefined => {
    for (const person of org.deptByCode.get(dept)?.leaders ?? []) {
      const user = platformIdOf(org, person, 'slack');
      if (user) return { person, user };
    }
    return undefined;
  };

  async function resolveThread(to: ThreadTo): Promise<Resolution> {
    const org = opts.org();
    const [root, dept] = await Promise.all([opts.records.threadRoot(to.formId, 'slack'), opts.receivingDept(to.formId)]);
    if (dept === undefined) return base.resolve(to);
    const mention = to.person ? platformIdOf(org, to.person, 'slack') : undefined;
    if (to.person && !mention) return base.resolve(to);
    const thread = { formId: to.formId, formNumber: to.formNumber };
    const channel = org.deptByCode.get(dept)?.channels.slack;
    const owner = dmOwner(org, dept);
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
