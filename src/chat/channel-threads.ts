/**
 * Where a form's thread lives on a platform with real threads in group chats (Feishu; Slack has
 * its own variant with DM threads, src/adapters/slack/surfaces/form-threads.ts): in the receiving
 * department's chat (`channels.<platform>` in the org file). This wraps the deployment's recipient
 * resolver for `thread` recipients; everything else, and a form whose receiving department has no
 * chat on the platform, is left to the wrapped resolver.
 *
 * - Once the first message has become the root (a thread root record), later messages go to that
 *   root's chat, so the thread never forks even if the org file changes.
 * - A message pushed to a person goes into the thread with an @-mention of them; a person without
 *   an id on the platform is left to the wrapped resolver (another platform, or a refusal).
 */
import { platformIdOf } from './directory.js';
import type { PlatformRecords } from './platform-records.js';
import type { AddressResolver, Resolution } from './sending.js';
import type { Recipient } from '../domain/message.js';
import type { DeptCode, Org } from '../domain/org.js';
import type { ChatPlatform } from './adapter-contract.js';

export interface ChannelThreadsOptions {
  platform: ChatPlatform;
  org: () => Org;
  records: PlatformRecords;
  /** The receiving department of a form (it never changes once issued). */
  receivingDept: (formId: number) => Promise<DeptCode | undefined>;
}

type ThreadTo = Extract<Recipient, { kind: 'thread' }>;

/** Wraps `base`; see the module comment. */
export function withChannelThreads(base: AddressResolver, opts: ChannelThreadsOptions): AddressResolver {
  const { platform } = opts;
  async function resolveThread(to: ThreadTo): Promise<Resolution> {
    const org = opts.org();
    const [root, dept] = await Promise.all([opts.records.threadRoot(to.formId, platform), opts.receivingDept(to.formId)]);
    const chat = root?.channel ?? (dept === undefined ? undefined : org.deptByCode.get(dept)?.channels[platform]);
    if (!chat) return base.resolve(to);
    const mention = to.person ? platformIdOf(org, to.person, platform) : undefined;
    if (to.person && !mention) return base.resolve(to);
    return { ok: true, address: { platform, kind: 'thread', id: chat, formId: to.formId, formNumber: to.formNumber, ...(mention ? { mention } : {}) } };
  }
  return { resolve: (to) => (to.kind === 'thread' ? resolveThread(to) : base.resolve(to)) };
}
