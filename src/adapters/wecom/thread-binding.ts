/**
 * Threads without threads (issue 6 §3). WeCom app messages cannot be replied to in a thread, so a
 * reply reaches the bot as a bare direct message. The chat layer already binds a reply by the
 * number in its text and, for a bare command, to the person's only candidate form (or asks which,
 * with buttons). This adds the remaining rule: the card the person last clicked.
 *
 * Every card click stores (person, ref, time) in `card_click`. A later WeCom text from that
 * person, within `windowMs` (30 minutes by default), that names no reference and is about a form
 * (a form command or free text) is passed to the router as said in that form's thread
 * (`where: { kind: 'thread', formNumber }`). A bare 收到 after a notice card (`TZ12`) gets the
 * notice's reference appended instead, since notices have no thread.
 *
 * Never bound: texts that name a reference, commands that are not about one form (新建联络单,
 * 通知, 待办, 帮助, …), anything while a guided dialogue is in progress (its answers are free
 * text and must reach the dialogue), and drafts (`#12`: a draft has no thread).
 */
import { DIALOGUE_TTL_MS } from '../../app/dialogue-state.js';
import type { Store } from '../../app/ports.js';
import type { CommandKind } from '../../chat/command.js';
import type { InboundEvent } from '../../chat/inbound.js';
import { parseCommand, type ParseOptions } from '../../chat/parse-command.js';
import type { PersonId } from '../../domain/org.js';

/** Default: a reply within 30 minutes of a click belongs to the clicked card. */
export const DEFAULT_BINDING_WINDOW_MS = 30 * 60_000;

const PLATFORM = 'wecom';
const FORM_NUMBER = /^[A-Z]{2,5}\d{8,}$/;
const NOTICE_REF = /^TZ\d+$/;
/** Commands that act on one form, and free text (a comment in a thread). */
const BINDABLE = new Set<CommandKind>([
  'approve', 'reject', 'submit', 'ack', 'sign', 'dispute', 'revise', 'assign', 'request_change',
  'done', 'close', 'follow_up', 'escalate', 'text',
]);

export interface ThreadBindingOptions {
  store: Store;
  /** The policy's ack keywords and notice prefixes, as the router parses with them. */
  parse: ParseOptions;
  windowMs?: number;
}

/** Remembers clicks and binds later bare replies; see the file comment. */
export interface ThreadBinding {
  remember(person: PersonId, ref: string, now: number): Promise<void>;
  bind(ev: InboundEvent, now: number): Promise<InboundEvent>;
}

export function createThreadBinding(opts: ThreadBindingOptions): ThreadBinding {
  const windowMs = opts.windowMs ?? DEFAULT_BINDING_WINDOW_MS;
  return {
    async remember(person, ref, now) {
      await opts.store.transaction((tx) => tx.cardClicks.put({ person, platform: PLATFORM, ref, clickedAt: now }));
    },

    async bind(ev, now) {
      if (ev.where.kind !== 'dm') return ev;
      const cmd = parseCommand(ev.text, opts.parse);
      if (!BINDABLE.has(cmd.kind) || ('ref' in cmd && cmd.ref)) return ev;
      const { click, dialogue } = await opts.store.transaction(async (tx) => ({
        click: await tx.cardClicks.get(ev.sender, PLATFORM),
        dialogue: await tx.dialogues.get(ev.sender),
      }));
      const inDialogue = dialogue !== undefined && now - dialogue.updatedAt <= DIALOGUE_TTL_MS;
      if (inDialogue || !click || now - click.clickedAt > windowMs || now < click.clickedAt) return ev;
      if (NOTICE_REF.test(click.ref)) {
        return cmd.kind === 'ack' ? { ...ev, text: `${ev.text.trim().replace(/[\s。.!！~～]+$/u, '')} ${click.ref}` } : ev;
      }
      if (FORM_NUMBER.test(click.ref)) return { ...ev, where: { kind: 'thread', formNumber: click.ref } };
      return ev;
    },
  };
}
