/**
 * The neutral message view as Slack Block Kit (https://docs.slack.dev/reference/block-kit/blocks):
 * sections of mrkdwn text (title in bold, then the lines), label/value fields, and an actions
 * block of buttons whose `value` is the command text — pressing one is the same as typing it
 * (`action_id` is `shoudao_cmd_<n>`, which the inbound adapter matches). A plain `text` fallback
 * goes with the blocks for notifications and clients that cannot show blocks.
 *
 * Slack's limits, split cleanly rather than rejected: a section's text ≤ 3000 characters (split
 * at line ends, an overlong line at character boundaries), ≤ 10 fields of ≤ 2000 characters per
 * section, ≤ 25 buttons per actions block, button text ≤ 75 and value ≤ 2000, ≤ 50 blocks per
 * message (the text is cut with a note when it would not fit), `text` kept ≤ 4000.
 */
import type { MessageView } from '../../domain/message.js';
import { TFF } from '../../texts/feedback-form.js';

type Text = { type: 'mrkdwn' | 'plain_text'; text: string; emoji?: boolean };
type Button = { type: 'button'; action_id: string; text: Text; value: string };

/** The blocks we emit (a subset of Block Kit). */
export type SlackBlock =
  | { type: 'section'; text: Text }
  | { type: 'section'; fields: Text[] }
  | { type: 'actions'; elements: Button[] }
  | { type: 'context'; elements: Text[] };

/** A rendered message: the blocks and the fallback text. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

export const SLACK_LIMITS = { sectionText: 3000, field: 2000, fields: 10, buttons: 25, buttonText: 75, value: 2000, blocks: 50, text: 4000 };

/** The action id prefix of our buttons. */
export const BUTTON_ACTION_PREFIX = 'shoudao_cmd_';

/** Escapes the three characters Slack's mrkdwn treats as markup (&, <, >). */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts to at most `max` characters (code points, never half a surrogate pair), marking the cut. */
function cut(s: string, max: number): string {
  const chars = Array.from(s);
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * Splits raw lines into escaped chunks of at most `max` characters: whole lines where they fit,
 * an overlong line character by character (an escape like `&amp;` is never cut in half).
 */
export function splitText(lines: string[], max: number): string[] {
  const chunks: string[] = [];
  let current = '';
  const push = (piece: string) => {
    if (current && current.length + 1 + piece.length > max) {
      chunks.push(current);
      current = '';
    }
    current = current ? `${current}\n${piece}` : piece;
  };
  for (const line of lines) {
    const escaped = escapeMrkdwn(line);
    if (escaped.length <= max) {
      push(escaped);
      continue;
    }
    let piece = '';
    for (const ch of Array.from(line)) {
      const e = escapeMrkdwn(ch);
      if (piece.length + e.length > max) {
        push(piece);
        piece = '';
      }
      piece += e;
    }
    if (piece) push(piece);
  }
  if (current) chunks.push(current);
  return chunks;
}

/** Renders `view`; `mention` (a Slack user id) is @-mentioned first, `context` shown under it. */
export function renderSlack(view: MessageView, opts: { mention?: string; context?: string } = {}): SlackMessage {
  const L = SLACK_LIMITS;
  const mention = opts.mention ? `<@${opts.mention}> ` : '';
  const lines = [...(view.title ? [view.title] : []), ...view.lines.flatMap((l) => l.split('\n'))];
  const fields = (view.fields ?? []).map(([label, value]) => cut(`*${escapeMrkdwn(label)}*\n${escapeMrkdwn(value)}`, L.field));
  // The dialogue's first question offers the intake modal: a press has a trigger to open it with.
  const offered = view.input?.kind === 'new_feedback' ? [{ label: TFF.openForm, command: view.input.anonymous ? '匿名反馈' : '反馈' }] : [];
  const buttons = [...offered, ...(view.buttons ?? [])].map((b, i): Button => ({
    type: 'button',
    action_id: `${BUTTON_ACTION_PREFIX}${i}`,
    text: { type: 'plain_text', text: cut(b.label, L.buttonText), emoji: true },
    value: cut(b.command, L.value),
  }));

  const tail: SlackBlock[] = [];
  for (let i = 0; i < fields.length; i += L.fields) {
    tail.push({ type: 'section', fields: fields.slice(i, i + L.fields).map((text) => ({ type: 'mrkdwn', text })) });
  }
  for (let i = 0; i < buttons.length; i += L.buttons) tail.push({ type: 'actions', elements: buttons.slice(i, i + L.buttons) });
  if (opts.context) tail.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(opts.context) }] });
  const budget = Math.max(1, L.blocks - tail.length);

  // Room for the mention and the two asterisks that make the title bold.
  const max = L.sectionText - mention.length - 2;
  let chunks = splitText(lines, max);
  if (chunks.length > budget) {
    const note = '…(内容过长,已截断 — truncated)';
    chunks = chunks.slice(0, budget);
    chunks[budget - 1] = `${cut(chunks[budget - 1]!, max - note.length - 1)}\n${note}`;
  }
  if (view.title && chunks[0]) chunks[0] = chunks[0].replace(escapeMrkdwn(view.title), `*${escapeMrkdwn(view.title)}*`);
  const sections: SlackBlock[] = chunks.map((text, i) => ({ type: 'section', text: { type: 'mrkdwn', text: i === 0 ? mention + text : text } }));
  if (sections.length === 0 && mention) sections.push({ type: 'section', text: { type: 'mrkdwn', text: mention.trim() } });

  const plain = [...lines, ...(view.fields ?? []).map(([label, value]) => `${label}: ${value}`)];
  const text = cut(mention + escapeMrkdwn(plain.join('\n')), L.text) || ' ';
  return { text, blocks: [...sections, ...tail].slice(0, L.blocks) };
}
