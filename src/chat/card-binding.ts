/**
 * Threads without threads (issue 6 §3, issue 17 §3), for every platform whose app messages cannot
 * be replied to in a thread (WeCom, DingTalk): a reply reaches the bot as a bare direct message.
 * The router already binds a reply by the number in its text and, for a bare command, to the
 * person's only candidate form (or asks which, with buttons). This adds the remaining rule: the
 * card the person clicked last.
 *
 * Every card click stores (person, platform, ref, time) in `card_click`. A later text from that
 * person on that platform, within `windowMs` (30 minutes by default), that names no reference and
 * is about a form (a form command or free text) is passed on as said in that form's thread
 * (`where: { kind: 'thread', formNumber }`). A bare 收到 after a notice card (`TZ12`) gets the
 * notice's reference appended instead, since notices have no thread.
 *
 * Never bound: texts that name a reference, commands that are not about one form (新建联络单,
 * 通知, 待办, 帮助, …), anything while a guided dialogue is in progress (its answers are free
 * text and must reach the dialogue), drafts (`#12`: a draft has no thread), and feedback items
 * (`FK…` refs are never remembered: a click on an anonymous item must not tie a person to it).
 */
import { DIALOGUE_TTL_MS } from '../app/dialogue-state.js';
import type { Store } from '../app/ports.js';
import type { CommandKind } from './command.js';
import type { InboundEvent } from './inbound.js';
import { parseCommand, type ParseOptions } from './parse-command.js';
import type { PersonId } from '../domain/org.js';

/** Default: a reply within 30 minutes of a click belongs to the clicked card. */
export const DEFAULT_BINDING_WINDOW_MS = 30 * 60_000;

const FORM_NUMBER = /^[A-Z]{2,5}\d{8,}$/;
const NOTICE_REF = /^TZ\d+$/;
/** Commands that act on one form, and free text (a comment in a thread). */
const BINDABLE = new Set<CommandKind>([
  'approve', 'reject', 'submit', 'ack', 'sign', 'dispute', 'revise', 'assign', 'request_change',
  'done', 'close', 'follow_up', 'escalate', 'text',
]);

/** Form numbers, drafts, notices and violations as the parser knows them (never feedback items). */
const REF_IN_TEXT = /(?:^|\s)(#\d+|[A-Z]{2,5}\d{8,}|TZ\d+|WG\d+)(?=\s|$)/;

/** The first reference in a command text (`签收 SCB20261101` → `SCB20261101`). */
export function refInText(text: string): string | undefined {
  return REF_IN_TEXT.exec(text)?.[1];
}

/** Remembers clicks and binds later bare replies; see the file comment. */
export interface CardBinding {
  remember(person: PersonId, platform: string, ref: string, now: number): Promise<void>;
  bind(ev: InboundEvent, now: number): Promise<InboundEvent>;
}

export interface CardBindingOptions {
  store: Store;
  /** The policy's ack keywords and notice prefixes, as the router parses with them. */
  parse: ParseOptions;
  windowMs?: number;
  /** The dialogue keys of a person (the form dialogue's, and the feedback dialogue's pseudonym); default: the person id. */
  dialogueKeys?: (person: PersonId) => string[];
}

export function createCardBinding(opts: CardBindingOptions): CardBinding {
  const windowMs = opts.windowMs ?? DEFAULT_BINDING_WINDOW_MS;
  return {
    async remember(person, platform, ref, now) {
      if (!FORM_NUMBER.test(ref) && !NOTICE_REF.test(ref) && !ref.startsWith('#')) return;
      await opts.store.transaction((tx) => tx.cardClicks.put({ person, platform, ref, clickedAt: now }));
    },

    async bind(ev, now) {
      if (ev.where.kind !== 'dm') return ev;
      const cmd = parseCommand(ev.text, opts.parse);
      if (!BINDABLE.has(cmd.kind) || ('ref' in cmd && cmd.ref)) return ev;
      const keys = opts.dialogueKeys?.(ev.sender) ?? [ev.sender];
      // Without a recent click there is nothing to bind to: the dialogues are read only when there is one.
      const recent = (c: { clickedAt: number } | undefined): c is { clickedAt: number } => c !== undefined && now - c.clickedAt <= windowMs && now >= c.clickedAt;
      const { click, dialogues } = await opts.store.transaction(async (tx) => {
        const c = await tx.cardClicks.get(ev.sender, ev.platform);
        return { click: c, dialogues: recent(c) ? await Promise.all(keys.map((k) => tx.dialogues.get(k))) : [] };
      });
      const inDialogue = dialogues.some((d) => d !== undefined && now - d.updatedAt <= DIALOGUE_TTL_MS);
      if (inDialogue || !click || !recent(click)) return ev;
      if (NOTICE_REF.test(click.ref)) {
        return cmd.kind === 'ack' ? { ...ev, text: `${ev.text.trim().replace(/[\s。.!！~～]+$/u, '')} ${click.ref}` } : ev;
      }
      if (FORM_NUMBER.test(click.ref)) return { ...ev, where: { kind: 'thread', formNumber: click.ref } };
      return ev;
    },
  };
}
