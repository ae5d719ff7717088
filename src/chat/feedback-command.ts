/**
 * The `feedback` command of the command language (src/chat/command.ts): which feedback command
 * (`verb`), the item number if one follows the word, the `@` mentions, and the rest of the text.
 * Pure and table-driven (`feedback-words.ts`); the router interprets the text per verb, because
 * categories, departments and people need the org.
 */
import { FEEDBACK_VERBS, type FeedbackVerb } from './feedback-words.js';

/** A parsed feedback command, before any lookup. */
export interface FeedbackCommand {
  verb: FeedbackVerb;
  /** `FK20261124-007` when the text starts with one. */
  ref?: string;
  /** `@` mentions anywhere in the text (without the `@`). */
  mentions: string[];
  /** Everything after the word and the number, lines kept. */
  text: string;
  /** The whole message as written (a 回复 without a number in a form thread is a comment). */
  raw: string;
}

const REF = /^(FK\d{8}-\d{3,})(?=$|[\s:：,，])/i;
const MENTION = /@([^\s@,，、;；:：]+)/g;

/** The verb of a command word from `command-words.ts`. */
export function feedbackVerb(word: string): FeedbackVerb {
  const hit = FEEDBACK_VERBS.find(([w]) => w === word || w === word.toLowerCase());
  if (!hit) throw new Error(`not a feedback command word: ${word}`);
  return hit[1];
}

/** `body` is the message after the command word. */
export function parseFeedbackCommand(word: string, body: string, raw: string): FeedbackCommand {
  const text = body.trim();
  const m = REF.exec(text);
  const ref = m ? m[1]!.toUpperCase() : undefined;
  const rest = m ? text.slice(m[0].length).replace(/^[\s:：,，]+/, '') : text;
  return { verb: feedbackVerb(word), ...(ref ? { ref } : {}), mentions: [...rest.matchAll(MENTION)].map((x) => x[1]!), text: rest, raw };
}
