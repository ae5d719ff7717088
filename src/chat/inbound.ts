/**
 * What every adapter turns platform traffic into (ARCHITECTURE "InboundEvent"): who spoke (an org
 * person id, already mapped from the platform id), where (a direct message, a department's group
 * chat, or a form's thread), and the text (a button press arrives as its command text).
 */
import type { DeptCode, PersonId, Platform } from '../domain/org.js';

export type Where = { kind: 'dm' } | { kind: 'dept'; dept: DeptCode } | { kind: 'thread'; formNumber: string };

export interface InboundEvent {
  platform: Platform;
  sender: PersonId;
  where: Where;
  text: string;
}
