/**
 * What the Slack handlers share: the app, the Web API client, the directory, and the steps every
 * inbound path takes — where a message was said (a form's thread, a notice's thread, a DM, a
 * department's channel), running the chat layer, and answering the person.
 */
import type { AppDeps, Reply } from '../../app/deps.js';
import type { InboundEvent, Where } from '../../chat/inbound.js';
import type { PersonId } from '../../domain/org.js';
import { SendError } from '../../infra/outbox/platform-sender.js';
import type { SelfIds } from './decode.js';
import type { SlackDirectory } from './directory.js';
import type { NoticeStatus } from './notice-status.js';
import { postAnswer, type AnswerTarget, type SlackApi } from './slack-out.js';

/** pino-compatible logging: ids and reasons only, never message text. */
export interface SlackLog {
  info?(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Everything the inbound handlers use. */
export interface InboundContext {
  deps: AppDeps;
  api: SlackApi;
  dir: SlackDirectory;
  notices: NoticeStatus;
  log?: SlackLog;
  /** The chat layer (`handleInbound` with the app's deps). */
  handle(ev: InboundEvent): Promise<Reply | null>;
  /** Our bot user and bot ids, once known (auth.test). */
  self(): SelfIds;
  /** Wakes the outbox dispatcher after work that may have enqueued messages. */
  wake(): void;
  fetch: typeof fetch;
}

/** The polite answer to a Slack user who is not in the org file. */
export const notInDirectory = (user: string): Reply => ({
  refused: true,
  lines: [
    `您的 Slack 账号(${user})不在「收到」的通讯录中,暂时无法使用本应用。请联系管理员在 org 文件中为您登记 slack: ${user}。`,
    `You are not in Shoudao's directory yet; ask an administrator to add slack: ${user} to your entry in the org file.`,
  ],
});

/** Notice references named in a reply (`TZ12`), to refresh their status lines. */
export function noticeRefsIn(reply: Reply | null): string[] {
  if (!reply || reply.refused) return [];
  const text = [reply.title ?? '', ...reply.lines].join('\n');
  return [...new Set(text.match(/TZ\d+/g) ?? [])];
}

/**
 * Where something said in `channel` (in the thread of `threadTs`, if any) belongs: the form whose
 * thread root that is, else a DM, else the channel's department (an unmapped channel counts as
 * the speaker's own department's chat). `noticeRef` is set in the thread of a notice.
 */
export async function whereOf(ctx: InboundContext, person: PersonId, at: { channel: string; threadTs?: string; im: boolean }):
  Promise<{ where: Where; noticeRef?: string }> {
  const pm = at.threadTs ? await ctx.deps.store.transaction((tx) => tx.platformMessages.find('slack', at.channel, at.threadTs!)) : undefined;
  if (pm?.subjectKind === 'form') return { where: { kind: 'thread', formNumber: pm.subjectRef } };
  const noticeRef = pm ? { noticeRef: pm.subjectRef } : {};
  if (at.im) return { where: { kind: 'dm' }, ...noticeRef };
  const dept = ctx.dir.deptOfChannel(at.channel) ?? ctx.deps.org.personById.get(person)?.department ?? '';
  return { where: { kind: 'dept', dept }, ...noticeRef };
}

/**
 * Answers `person`; when Slack will not take it now (a long rate limit, a network error), the
 * answer goes to the outbox as a direct message under `key`, and the dispatcher retries it.
 */
export async function answer(ctx: InboundContext, person: PersonId | undefined, to: AnswerTarget, reply: Reply, key: string): Promise<string | undefined> {
  try {
    return (await postAnswer(ctx.api, to, reply)).ts;
  } catch (err) {
    if (!(err instanceof SendError) || !err.retryable || !person) throw err;
    ctx.log?.warn({ platform: 'slack', person, err: err.message }, 'slack answer deferred to the outbox');
    const outboxKey = `slack-reply:${key}`.slice(0, 255);
    await ctx.deps.store.transaction((tx) => tx.outbox.enqueue([{ key: outboxKey, to: { kind: 'person', person }, view: reply }], ctx.deps.clock.now()));
    ctx.wake();
    return undefined;
  }
}
