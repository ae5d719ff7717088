/**
 * What every adapter's traffic becomes once the shared pipeline (inbound-pipeline.ts) has looked
 * the sender up (ARCHITECTURE "InboundEvent"): who spoke (an org person id), where (a direct
 * message, a department's group chat, or a form's thread), and the text (a button press arrives as
 * its command text). `fields` carries a submitted form's fields (a Slack modal) instead of typed
 * `字段: 值` lines; `via` says how it arrived (a click is never a dialogue answer).
 */
import type { DeptCode, PersonId, Platform } from '../domain/org.js';
import type { RawFields } from './command.js';

export type Where = { kind: 'dm' } | { kind: 'dept'; dept: DeptCode } | { kind: 'thread'; formNumber: string };

export interface InboundEvent {
  platform: Platform;
  sender: PersonId;
  where: Where;
  text: string;
  fields?: RawFields;
  via?: 'text' | 'click' | 'submission';
  /**
   * A click or submission made where only the sender saw it (a direct conversation with the bot, a
   * Slack modal). Such events count as said in a group (never a dialogue answer), but feedback
   * intake treats them as private, like a direct message.
   */
  private?: boolean;
}
